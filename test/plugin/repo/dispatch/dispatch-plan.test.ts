import t from 'tap'
import { planDispatch, rowsPerClient } from '../../../../plugin/repo/dispatch/dispatch-plan.js'
import { newEntityChange, type EntityChange } from '../../../../plugin/changes/entity-change.js'
import { emptyEntityDiffChangedAspects } from '../../../../plugin/changes/entity-diff-changed-aspects.js'
import type { StoredChangeRow } from '../../../../plugin/changes/stored-change.js'
import { parseEntityId } from '../../../../hooks/ids.js'

const row = (id: number, entity: string): StoredChangeRow =>
  ({ id, type: 'wikibase-item~update', time: '20260101000000', object_id: entity, revision_id: id, user_id: 0, info: '{}' })
const change = (entity: string, siteLinkChanges: Record<string, [string | null, string | null, boolean]> = {}): EntityChange =>
  newEntityChange('update', parseEntityId(entity), { compactDiff: { ...emptyEntityDiffChangedAspects(), siteLinkChanges } })
const known = new Set(['aa', 'bb', 'cc'])

t.test('a run\'s rows split per entity, each with its targets', async t => {
  const rows = [row(1, 'Q1'), row(2, 'Q2'), row(3, 'Q1'), row(4, 'Q3'), row(5, 'Q4')]
  const decoded = new Map([[1, change('Q1')], [2, change('Q2')], [3, change('Q1')], [5, change('Q4', { cc: [null, 'Page', false] })]])
  const subscribers = new Map([['Q1', ['aa', 'bb']], ['Q2', ['bb', 'gone']], ['Q3', ['aa']]])
  const plan = planDispatch(rows, decoded, subscribers, known)
  t.same(plan.map(e => [e.entityId, e.rows.map(r => r.id), e.targets, e.unknown]), [
    ['Q1', [1, 3], ['aa', 'bb'], []],
    ['Q2', [2], ['bb'], ['gone']],
    ['Q3', [4], ['aa'], []], // row 4 does not decode: still sent to the subscribers
    ['Q4', [5], ['cc'], []] // no subscriber: the new sitelink's site
  ])
})

t.test('each client gets the rows of the entities it is a target of, in change order', async t => {
  const cases: Array<[string, Array<{ entityId: string, rows: StoredChangeRow[], targets: string[] }>, Record<string, number[]>]> = [
    ['nothing', [], {}],
    ['one entity, two clients', [{ entityId: 'Q1', rows: [row(1, 'Q1'), row(2, 'Q1')], targets: ['bb', 'aa'] }], { aa: [1, 2], bb: [1, 2] }],
    ['entities interleaved by id', [
      { entityId: 'Q1', rows: [row(1, 'Q1'), row(4, 'Q1')], targets: ['aa'] },
      { entityId: 'Q2', rows: [row(2, 'Q2'), row(3, 'Q2')], targets: ['aa', 'cc'] }
    ], { aa: [1, 2, 3, 4], cc: [2, 3] }],
    ['no targets: nobody', [{ entityId: 'Q1', rows: [row(1, 'Q1')], targets: [] }], {}],
    ['a target listed twice counts once', [{ entityId: 'Q1', rows: [row(1, 'Q1')], targets: ['aa', 'aa'] }], { aa: [1] }]
  ]
  for (const [name, entities, expected] of cases) {
    const perClient = rowsPerClient(entities.map(e => ({ ...e, unknown: [] })))
    t.same(Object.fromEntries([...perClient].map(([site, rows]) => [site, rows.map(r => r.id)])), expected, name)
    t.same([...perClient.keys()], Object.keys(expected).sort(), `${name}: clients sorted`)
  }
})
