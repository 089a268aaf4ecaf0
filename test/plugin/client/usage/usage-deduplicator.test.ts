import t from 'tap'
import { identityOf, newEntityUsageFromIdentity } from '../../../../plugin/client/usage/entity-usage.js'
import { DEFAULT_ENTITY_USAGE_MODIFIER_LIMITS, deduplicateUsages, type EntityUsageModifierLimits } from '../../../../plugin/client/usage/usage-deduplicator.js'

const dedup = (identities: string[], limits: EntityUsageModifierLimits = { C: 2, L: 3 }) =>
  deduplicateUsages(identities.map(newEntityUsageFromIdentity), limits).map(identityOf)

t.test('UsageDeduplicatorTest cases, limits {C: 2, L: 3}; output sorted by identity', async t => {
  const cases: Array<[string[], string[]]> = [
    [['Q1#L.en', 'Q1#L'], ['Q1#L']],
    [['Q1#L.en'], ['Q1#L.en']],
    [['Q1#L', 'Q1#L.en', 'Q2#D', 'Q1#X'], ['Q1#L', 'Q1#X', 'Q2#D']],
    [['Q1#L.en', 'Q2#L', 'Q1#C.P15'], ['Q1#C.P15', 'Q1#L.en', 'Q2#L']],
    [['Q2#D', 'Q2#D.fa', 'Q1#X'], ['Q1#X', 'Q2#D']],
    [['Q1#L.en', 'Q1#C.P15', 'Q1#C.P16'], ['Q1#C.P15', 'Q1#C.P16', 'Q1#L.en']],
    [['Q1#L.en', 'Q1#C.P15', 'Q1#C.P16', 'Q1#C.P17'], ['Q1#C', 'Q1#L.en']],
    [['Q1#L.en', 'Q1#L.de', 'Q1#L.ru'], ['Q1#L.de', 'Q1#L.en', 'Q1#L.ru']],
    [['Q1#L.en', 'Q1#L.de', 'Q1#L.ru', 'Q1#L.pl'], ['Q1#L']],
    [['Q1#L.en', 'Q1#C.P15', 'Q1#CQR.P15'], ['Q1#CQR.P15', 'Q1#L.en']],
    [['Q1#L.en', 'Q1#C', 'Q1#CQR'], ['Q1#CQR', 'Q1#L.en']],
    [['Q1#L.en', 'Q1#C.P15', 'Q1#C.P16', 'Q1#C.P17', 'Q1#CQR.P15'], ['Q1#CQR', 'Q1#L.en']],
    [['Q1#L.en', 'Q1#C', 'Q1#CQR.P15'], ['Q1#C', 'Q1#CQR.P15', 'Q1#L.en']]
  ]
  for (const [input, output] of cases) t.strictSame(dedup(input), output, input.join(', '))
})

t.test('limits apply per entity, duplicates count once, unlimited aspects never collapse', async t => {
  t.strictSame(dedup(['Q1#L.en', 'Q1#L.de', 'Q2#L.ru', 'Q2#L.pl']), ['Q1#L.de', 'Q1#L.en', 'Q2#L.pl', 'Q2#L.ru'])
  t.strictSame(dedup(['Q1#L.en', 'Q1#L.en', 'Q1#L.de', 'Q1#L.ru']), ['Q1#L.de', 'Q1#L.en', 'Q1#L.ru'])
  t.strictSame(dedup(['Q1#A.a', 'Q1#A.b', 'Q1#A.c', 'Q1#A.d']), ['Q1#A.a', 'Q1#A.b', 'Q1#A.c', 'Q1#A.d'])
  t.strictSame(dedup([]), [])
})

t.test('CQR without a C limit only removes the covered C usages', async t => {
  t.strictSame(dedup(['Q1#C.P1', 'Q1#C.P2', 'Q1#C.P3', 'Q1#CQR.P1'], { L: 3 }), ['Q1#C.P2', 'Q1#C.P3', 'Q1#CQR.P1'])
})

t.test('default limits {D: 30, L: 30, C: 10}', async t => {
  t.strictSame(DEFAULT_ENTITY_USAGE_MODIFIER_LIMITS, { D: 30, L: 30, C: 10 })
  const labels = (n: number) => Array.from({ length: n }, (_, i) => `Q1#L.l${i}`)
  const statements = (n: number) => Array.from({ length: n }, (_, i) => `Q1#C.P${i + 1}`)
  const withDefaults = (identities: string[]) => deduplicateUsages(identities.map(newEntityUsageFromIdentity)).map(identityOf)
  t.equal(withDefaults(labels(30)).length, 30)
  t.strictSame(withDefaults(labels(31)), ['Q1#L'])
  t.equal(withDefaults(statements(10)).length, 10)
  t.strictSame(withDefaults(statements(11)), ['Q1#C'])
})
