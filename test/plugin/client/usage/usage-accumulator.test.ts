import t from 'tap'
import { parseEntityId } from '../../../../hooks/ids.js'
import { identityOf, newEntityUsageFromIdentity } from '../../../../plugin/client/usage/entity-usage.js'
import {
  addUsage,
  addUsageTrackingRedirects,
  applyDisabledUsageAspects,
  exceedsEntityUsagePerPageLimit,
  getUsages,
  newUsageAccumulation,
  parseDisabledUsageAspects,
  redirectTrackedUsages
} from '../../../../plugin/client/usage/usage-accumulator.js'

const u = newEntityUsageFromIdentity
const ids = (identities: string[]) => identities.map(u)

t.test('accumulation keeps identity strings once; getUsages deduplicates and sorts', async t => {
  const accumulation = newUsageAccumulation()
  for (const identity of ['Q2#S', 'Q1#L.en', 'Q1#L.en', 'Q1#L', 'Q1#C.P5']) addUsage(accumulation, u(identity))
  t.strictSame([...accumulation.identities], ['Q2#S', 'Q1#L.en', 'Q1#L', 'Q1#C.P5'])
  t.strictSame(getUsages(accumulation).map(identityOf), ['Q1#C.P5', 'Q1#L', 'Q2#S'])
})

t.test('getUsages applies the configured modifier limits', async t => {
  const accumulation = newUsageAccumulation(['Q1#C.P1', 'Q1#C.P2', 'Q1#C.P3'])
  t.strictSame(getUsages(accumulation, { C: 2 }).map(identityOf), ['Q1#C'])
  t.strictSame(getUsages(accumulation).map(identityOf), ['Q1#C.P1', 'Q1#C.P2', 'Q1#C.P3'])
})

t.test('redirect tracking: the aspect goes to the target, O to the redirect source', async t => {
  const cases: Array<[string, string | null, string[]]> = [
    ['Q1#L.en', null, ['Q1#L.en']],
    ['Q1#L.en', 'Q2', ['Q2#L.en', 'Q1#O']],
    ['Q1#S', 'Q2', ['Q2#S', 'Q1#O']],
    ['Q1#C.P31', 'Q9', ['Q9#C.P31', 'Q1#O']]
  ]
  for (const [usage, target, recorded] of cases) {
    t.strictSame(redirectTrackedUsages(u(usage), target === null ? null : parseEntityId(target)).map(identityOf), recorded, `${usage} → ${target}`)
  }
  const accumulation = newUsageAccumulation()
  addUsageTrackingRedirects(accumulation, u('Q1#T'), parseEntityId('Q2'))
  addUsageTrackingRedirects(accumulation, u('Q3#T'), null)
  t.strictSame([...accumulation.identities], ['Q2#T', 'Q1#O', 'Q3#T'])
})

t.test('disabledUsageAspects (SqlUsageTrackerTest)', async t => {
  const cases: Array<[string, Parameters<typeof parseDisabledUsageAspects>[0], string[], string[]]> = [
    ['C dropped (list entry), D → O',
      { 0: 'C', D: 'O' },
      ['Q3#S', 'Q3#C.P12', 'Q3#D.es', 'Q4#L.de', 'Q4#O', 'Q5#O', 'Q5#D.ru'],
      ['Q3#S', 'Q3#O', 'Q4#L.de', 'Q4#O', 'Q5#O']],
    ['C dropped',
      ['C'],
      ['Q3#S', 'Q3#C.P12', 'Q4#L.de'],
      ['Q3#S', 'Q4#L.de']],
    ['nothing disabled',
      [],
      ['Q3#S', 'Q3#C.P12', 'Q4#L.de'],
      ['Q3#S', 'Q3#C.P12', 'Q4#L.de']],
    ['replaced bare and modified usages collapse',
      { L: 'X' },
      ['Q1#L', 'Q1#L.de', 'Q1#X', 'Q2#L.en'],
      ['Q1#X', 'Q2#X']]
  ]
  for (const [name, setting, usages, stored] of cases) {
    t.strictSame(applyDisabledUsageAspects(ids(usages), parseDisabledUsageAspects(setting)).map(identityOf), stored, name)
  }
})

t.test('disabledUsageAspects names a bad entry', async t => {
  t.throws(() => parseDisabledUsageAspects(['L.de']), { name: 'InvalidOptionError', message: /disabledUsageAspects\.0.*"L\.de"/ })
  t.throws(() => parseDisabledUsageAspects({ Z: 'O' }), { name: 'InvalidOptionError', message: /disabledUsageAspects\.Z.*"Z"/ })
  t.throws(() => parseDisabledUsageAspects({ D: 'o' }), { name: 'InvalidOptionError', message: /disabledUsageAspects\.D.*"o"/ })
})

t.test('entityUsagePerPageLimit: a warning is due above the limit (default 100)', async t => {
  const cases: Array<[number, number | undefined, boolean]> = [
    [0, undefined, false],
    [100, undefined, false],
    [101, undefined, true],
    [3, 2, true],
    [2, 2, false]
  ]
  for (const [count, limit, due] of cases) t.equal(exceedsEntityUsagePerPageLimit(count, limit), due, `${count} of ${limit ?? 'default'}`)
})
