import t from 'tap'
import { parseEntityId, type EntityId } from '../../../../hooks/ids.js'
import { identityOf, newEntityUsageFromIdentity } from '../../../../plugin/client/usage/entity-usage.js'
import { applyDisabledUsageAspects, parseDisabledUsageAspects } from '../../../../plugin/client/usage/usage-accumulator.js'
import {
  planAddUsagesSubscriptions,
  planAddUsedEntities,
  planPruneUsagesSubscriptions,
  planReplaceUsagesSubscriptions,
  planReplaceUsedEntities,
  removedUsageEntities,
  usagesAfterWrite,
  type UsageWritePlan
} from '../../../../plugin/client/usage/usage-update-plan.js'

const ids = (identities: string[]) => identities.map(newEntityUsageFromIdentity)
const entities = (names: string[]) => new Set(names.map(parseEntityId))
const show = (plan: UsageWritePlan) => ({ delete: plan.delete.map(identityOf), insert: plan.insert.map(identityOf) })

const T1 = ['Q3#S', 'Q3#L.de', 'Q4#L.de']
const T2 = ['Q3#S', 'Q4#L', 'Q5#X']

t.test('addUsedEntities: rows to delete and insert, and what is stored after (SqlUsageTrackerTest)', async t => {
  const cases: Array<[string, string[], string[], { delete: string[], insert: string[] }, string[]]> = [
    ['add T1 to an empty page', [], T1, { delete: [], insert: ['Q3#L.de', 'Q3#S', 'Q4#L.de'] }, ['Q3#L.de', 'Q3#S', 'Q4#L.de']],
    ['then add T2: bare Q4#L replaces Q4#L.de', T1, T2, { delete: ['Q4#L.de'], insert: ['Q4#L', 'Q5#X'] }, ['Q3#L.de', 'Q3#S', 'Q4#L', 'Q5#X']],
    ['adding Q3#C removes Q3#C.P12', ['Q3#S', 'Q3#C.P12', 'Q4#L.de'], ['Q3#C'], { delete: ['Q3#C.P12'], insert: ['Q3#C'] }, ['Q3#C', 'Q3#S', 'Q4#L.de']],
    ['adding Q3#C.P12 when Q3#C exists changes nothing', ['Q3#S', 'Q3#C', 'Q4#L.de'], ['Q3#C.P12'], { delete: [], insert: [] }, ['Q3#C', 'Q3#S', 'Q4#L.de']],
    ['adding Q4#L removes Q4#L.de', ['Q4#L.de'], ['Q4#L'], { delete: ['Q4#L.de'], insert: ['Q4#L'] }, ['Q4#L']],
    ['adding what is stored changes nothing', T1, T1, { delete: [], insert: [] }, ['Q3#L.de', 'Q3#S', 'Q4#L.de']],
    ['adding nothing changes nothing', T1, [], { delete: [], insert: [] }, ['Q3#L.de', 'Q3#S', 'Q4#L.de']]
  ]
  for (const [name, current, added, plan, after] of cases) {
    const computed = planAddUsedEntities(ids(current), ids(added))
    t.strictSame(show(computed), plan, name)
    t.strictSame(usagesAfterWrite(ids(current), computed).map(identityOf), after, name)
  }
})

t.test('replaceUsedEntities writes only the difference', async t => {
  const cases: Array<[string, string[], string[], { delete: string[], insert: string[] }]> = [
    ['replace(23, T1) on an empty page', [], T1, { delete: [], insert: ['Q3#L.de', 'Q3#S', 'Q4#L.de'] }],
    ['replace(23, T2) after T1', T1, T2, { delete: ['Q3#L.de', 'Q4#L.de'], insert: ['Q4#L', 'Q5#X'] }],
    ['replace with the same usages', T2, T2, { delete: [], insert: [] }],
    ['replace with nothing (prune)', T1, [], { delete: ['Q3#L.de', 'Q3#S', 'Q4#L.de'], insert: [] }]
  ]
  for (const [name, current, next, plan] of cases) {
    const computed = planReplaceUsedEntities(ids(current), ids(next))
    t.strictSame(show(computed), plan, name)
    t.strictSame(usagesAfterWrite(ids(current), computed).map(identityOf), [...new Set(next)].sort(), name)
  }
})

t.test('replace under disabledUsageAspects [C] drops the stored C row', async t => {
  const stored = ['Q3#S', 'Q3#C.P12', 'Q4#L.de']
  const next = applyDisabledUsageAspects(ids(stored), parseDisabledUsageAspects(['C']))
  const plan = planReplaceUsedEntities(ids(stored), next)
  t.strictSame(show(plan), { delete: ['Q3#C.P12'], insert: [] })
  t.strictSame(usagesAfterWrite(ids(stored), plan).map(identityOf), ['Q3#S', 'Q4#L.de'])
})

// UsageUpdaterTest, client testwiki, page 23. U = [Q1#L, Q2#X].
// `unused` is what the usage lookup says of the entities asked about: before the write for add,
// after the write for replace and prune.
const U = ['Q1#L', 'Q2#X']

t.test('addUsagesForPage subscriptions', async t => {
  const cases: Array<[string[], string[], { subscribe: string[], unsubscribe: string[] }]> = [
    [[], ['Q1', 'Q2'], { subscribe: [], unsubscribe: [] }],
    [U, ['Q1', 'Q2'], { subscribe: ['Q1', 'Q2'], unsubscribe: [] }],
    [U, ['Q2'], { subscribe: ['Q2'], unsubscribe: [] }],
    [U, [], { subscribe: [], unsubscribe: [] }]
  ]
  for (const [added, unused, plan] of cases) {
    t.strictSame(planAddUsagesSubscriptions(ids(added), entities(unused)), plan, `add [${added.join(', ')}], unused {${unused.join(', ')}}`)
  }
})

t.test('pruneUsagesForPage subscriptions', async t => {
  const cases: Array<[string[], string[], { subscribe: string[], unsubscribe: string[] }]> = [
    [[], [], { subscribe: [], unsubscribe: [] }],
    [U, ['Q2'], { subscribe: [], unsubscribe: ['Q2'] }]
  ]
  for (const [pruned, unused, plan] of cases) {
    t.strictSame(planPruneUsagesSubscriptions(ids(pruned), entities(unused)), plan, `prune [${pruned.join(', ')}], unused {${unused.join(', ')}}`)
  }
})

t.test('replaceUsagesForPage subscriptions', async t => {
  // `unused` is exactly what UsageUpdaterTest's mocked lookup answers. In the rows marked *
  // the mock names an entity that was not asked about (asked: Q1, answered: {Q2}; asked: Q2,
  // answered: {Q1}); UsageUpdater unsubscribes whatever the lookup answers, so those rows
  // unsubscribe it too. (A real lookup answers only about the entities asked.)
  const cases: Array<[string, string[], string[], string[], { subscribe: string[], unsubscribe: string[] }]> = [
    ['old [] new []', [], [], [], { subscribe: [], unsubscribe: [] }],
    ['old [] new U', [], U, [], { subscribe: ['Q1', 'Q2'], unsubscribe: [] }],
    ['old U new [], unused {Q1}', U, [], ['Q1'], { subscribe: [], unsubscribe: ['Q1'] }],
    ['old U new U', U, U, [], { subscribe: ['Q1', 'Q2'], unsubscribe: [] }],
    ['old U new [Q2#X], unused {Q2}*', U, ['Q2#X'], ['Q2'], { subscribe: ['Q2'], unsubscribe: ['Q2'] }],
    ['old [Q2#X] new U', ['Q2#X'], U, [], { subscribe: ['Q1', 'Q2'], unsubscribe: [] }],
    ['old [Q2#X] new [Q1#L], unused {}', ['Q2#X'], ['Q1#L'], [], { subscribe: ['Q1'], unsubscribe: [] }],
    ['old [Q2#X] new [Q1#L], unused {Q1}*', ['Q2#X'], ['Q1#L'], ['Q1'], { subscribe: ['Q1'], unsubscribe: ['Q1'] }]
  ]
  for (const [name, old, next, unused, plan] of cases) {
    t.strictSame(planReplaceUsagesSubscriptions(ids(old), ids(next), entities(unused)), plan, name)
  }
})

t.test('replaceUsagesForPage subscriptions with answers a real lookup gives', async t => {
  const cases: Array<[string, string[], string[], string[], { subscribe: string[], unsubscribe: string[] }]> = [
    ['old U new [Q2#X], asked Q1, unused {Q1}', U, ['Q2#X'], ['Q1'], { subscribe: ['Q2'], unsubscribe: ['Q1'] }],
    ['old U new [Q2#X], asked Q1, unused {}', U, ['Q2#X'], [], { subscribe: ['Q2'], unsubscribe: [] }],
    ['old [Q2#X] new [Q1#L], asked Q2, unused {Q2}', ['Q2#X'], ['Q1#L'], ['Q2'], { subscribe: ['Q1'], unsubscribe: ['Q2'] }],
    ['nothing removed: the answer is not used', U, U, ['Q1'], { subscribe: ['Q1', 'Q2'], unsubscribe: [] }]
  ]
  for (const [name, old, next, unused, plan] of cases) {
    t.strictSame(planReplaceUsagesSubscriptions(ids(old), ids(next), entities(unused)), plan, name)
  }
})

t.test('the lookup is asked about the entities of the removed usages only', async t => {
  const cases: Array<[string[], string[], string[]]> = [
    [U, [], ['Q1', 'Q2']],
    [U, ['Q2#X'], ['Q1']],
    [U, ['Q1#L.en', 'Q2#X'], ['Q1']],
    [U, U, []],
    [[], U, []]
  ]
  for (const [old, next, asked] of cases) t.strictSame(removedUsageEntities(ids(old), ids(next)), asked, `old [${old.join(', ')}] new [${next.join(', ')}]`)
})

t.test('the unused answer may be a predicate', async t => {
  const unused = (id: EntityId) => id === 'Q2'
  t.strictSame(planPruneUsagesSubscriptions(ids(U), unused), { subscribe: [], unsubscribe: ['Q2'] })
  t.strictSame(planAddUsagesSubscriptions(ids(U), unused), { subscribe: ['Q2'], unsubscribe: [] })
  t.strictSame(planReplaceUsagesSubscriptions(ids(U), ids(['Q2#X']), () => true), { subscribe: ['Q2'], unsubscribe: ['Q1'] }, 'replace: asked about the removed entities only')
})
