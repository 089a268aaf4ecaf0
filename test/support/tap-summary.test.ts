import t from 'tap'
import { summarize } from './tap-summary.js'

const passingFile = [
  '# Subtest: test/a.test.ts',
  '    {"level":50,"msg":"expected error","err":{"stack":"Error: boom\\n    at x"}}',
  '    # Subtest: does a',
  '        ok 1 - should be equal',
  '        1..1',
  '    ok 1 - does a # time=3ms',
  '    1..1',
  'ok 1 - test/a.test.ts # time=12ms',
  ''
]
const failingFile = [
  '# Subtest: test/b.test.ts',
  '    # Subtest: does b',
  '        not ok 1 - one is two',
  '          ---',
  '          diff: "-2 +1"',
  '          ...',
  '        1..1',
  '    not ok 1 - does b # time=3ms',
  '    1..1',
  'not ok 2 - test/b.test.ts # time=9ms',
  '  ---',
  '  exitCode: 1',
  '  ...'
]
const closing = ['# No coverage generated', '# { total: 2, pass: 1, fail: 1 }', '# time=99ms']

t.test('a passing file is one line; a failing one is shown whole; the totals stay (.ci/run reads them)', async t => {
  const cases: Array<[string, string[], string[]]> = [
    ['passing only', ['TAP version 14', '1..1', ...passingFile, '# { total: 1, pass: 1 }'], ['TAP version 14', '1..1', 'ok 1 - test/a.test.ts # time=12ms', '# { total: 1, pass: 1 }']],
    ['failing file', ['TAP version 14', '1..2', ...passingFile, ...failingFile, ...closing],
      ['TAP version 14', '1..2', 'ok 1 - test/a.test.ts # time=12ms', ...failingFile, ...closing]],
    ['YAML of a passing top-level result is dropped', ['ok 1 - test/c.test.ts # SKIP no chromium', '  ---', '  reason: x', '  ...', '# { total: 0, pass: 0, skip: 1 }'],
      ['ok 1 - test/c.test.ts # SKIP no chromium', '# { total: 0, pass: 0, skip: 1 }']],
    ['a block cut off (the run was killed) is shown', ['# Subtest: test/d.test.ts', '    ok 1 - half'], ['# Subtest: test/d.test.ts', '    ok 1 - half']]
  ]
  for (const [name, input, expected] of cases) t.same(summarize(input), expected, name)
})
