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
  isEmptyUpdate,
  usagesAfterWrite,
  type TouchedEntity,
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

t.test('replaceUsagesForPage subscriptions: only entities new to the wiki or gone from it', async t => {
  // [entity, used by the page before, after, other pages using it]
  type Row = [string, boolean, boolean, number]
  const touched = (rows: Row[]): TouchedEntity[] => rows.map(([id, usedBefore, usedAfter, pagesElsewhere]) => ({ entityId: parseEntityId(id), usedBefore, usedAfter, pagesElsewhere }))
  const cases: Array<[string, Row[], { subscribe: string[], unsubscribe: string[], counts: Array<[string, number]> }]> = [
    ['nothing gained or lost → empty update', [], { subscribe: [], unsubscribe: [], counts: [] }],
    ['gained, no other page → subscribe, count 1', [['Q1', false, true, 0]], { subscribe: ['Q1'], unsubscribe: [], counts: [['Q1', 1]] }],
    ['gained, used on 4 other pages → no subscribe, count 5', [['Q1', false, true, 4]], { subscribe: [], unsubscribe: [], counts: [['Q1', 5]] }],
    ['lost, no other page → unsubscribe, count 0', [['Q2', true, false, 0]], { subscribe: [], unsubscribe: ['Q2'], counts: [['Q2', 0]] }],
    ['lost, used on 1 other page → count 1', [['Q2', true, false, 1]], { subscribe: [], unsubscribe: [], counts: [['Q2', 1]] }],
    ['both at once', [['Q1', false, true, 0], ['Q2', true, false, 0], ['Q3', false, true, 2]],
      { subscribe: ['Q1'], unsubscribe: ['Q2'], counts: [['Q1', 1], ['Q2', 0], ['Q3', 3]] }]
  ]
  for (const [name, rows, expected] of cases) {
    const update = planReplaceUsagesSubscriptions(touched(rows), true)
    t.strictSame({ subscribe: update.subscribe, unsubscribe: update.unsubscribe, counts: [...update.counts] }, expected, name)
    t.equal(isEmptyUpdate(update), rows.length === 0, `${name}: empty`)
    t.strictSame([...planReplaceUsagesSubscriptions(touched(rows), false).counts], [], `${name}: no counts kept`)
  }
})

t.test('the unused answer may be a predicate', async t => {
  const unused = (id: EntityId) => id === 'Q2'
  t.strictSame(planPruneUsagesSubscriptions(ids(U), unused), { subscribe: [], unsubscribe: ['Q2'] })
  t.strictSame(planAddUsagesSubscriptions(ids(U), unused), { subscribe: ['Q2'], unsubscribe: [] })
})
