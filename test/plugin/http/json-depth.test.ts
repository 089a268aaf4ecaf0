import t from 'tap'
import { jsonDepthExceeds } from '../../../plugin/http/json-depth.js'

t.test('JSON depth on the raw text: brackets in strings and escapes do not count', async t => {
  const cases: Array<[string, number, boolean]> = [
    ['1', 0, false],
    ['[]', 1, false],
    ['[]', 0, true],
    ['{"a":[{"b":1}]}', 3, false],
    ['{"a":[{"b":1}]}', 2, true],
    ['"[[[[[[[["', 1, false],
    ['["\\"[[[[["]', 1, false],
    ['["\\\\", [[1]]]', 2, true],
    ['["\\\\", [[1]]]', 3, false],
    ['[1],[2],[3]', 1, false],
    ['{"x":"}}}}{{{{"}', 1, false],
    ['['.repeat(65) + ']'.repeat(65), 64, true],
    ['['.repeat(64) + ']'.repeat(64), 64, false],
    ['['.repeat(100_000), 64, true]
  ]
  for (const [text, max, exceeds] of cases) t.equal(jsonDepthExceeds(text, max), exceeds, `${text.slice(0, 30)} (max ${max})`)
})

t.test('linear: a 4 MB text of brackets and escapes is scanned in well under a second', async t => {
  const text = '["' + '\\"['.repeat(1_000_000) + '"]'
  const started = performance.now()
  t.equal(jsonDepthExceeds(text, 64), false)
  t.ok(performance.now() - started < 1000)
})
