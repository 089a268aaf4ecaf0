import t from 'tap'
import { identityOf, newEntityUsageFromIdentity } from '../../../../plugin/client/usage/entity-usage.js'
import { entityUsageFromRow, entityUsageToRow, mergeUsagesByPage, usagesByPageFromRows } from '../../../../plugin/client/usage/entity-usage-row.js'
import { parsePageId } from '../../../../hooks/ids.js'

t.test('rows of wbc_entity_usage ↔ usages', async t => {
  const cases: Array<[number, string, object]> = [
    [73443972, 'Q99#O', { eu_page_id: 73443972, eu_entity_id: 'Q99', eu_aspect: 'O' }],
    [3334, 'Q645#D.en', { eu_page_id: 3334, eu_entity_id: 'Q645', eu_aspect: 'D.en' }],
    [1, 'Q633#CQR.P31', { eu_page_id: 1, eu_entity_id: 'Q633', eu_aspect: 'CQR.P31' }]
  ]
  for (const [pageId, identity, row] of cases) {
    t.strictSame(entityUsageToRow(parsePageId(pageId), newEntityUsageFromIdentity(identity)), row, identity)
    t.equal(identityOf(entityUsageFromRow(row as never)), identity)
  }
})

t.test('bad rows say what is wrong', async t => {
  t.throws(() => entityUsageFromRow({ eu_page_id: 1, eu_entity_id: 'banana', eu_aspect: 'S' }), { name: 'InvalidEntityIdError' })
  t.throws(() => entityUsageFromRow({ eu_page_id: 1, eu_entity_id: 'Q1', eu_aspect: 'Z.en' }), { name: 'InvalidUsageAspectError' })
  t.throws(() => usagesByPageFromRows([{ eu_page_id: 0, eu_entity_id: 'Q1', eu_aspect: 'S' }]), /page id/)
})

t.test('folding per page: page ids ascending, usages distinct and sorted by identity', async t => {
  const rows = [
    { eu_page_id: 42, eu_entity_id: 'Q4', eu_aspect: 'T' },
    { eu_page_id: 23, eu_entity_id: 'Q4', eu_aspect: 'L.de' },
    { eu_page_id: 23, eu_entity_id: 'Q3', eu_aspect: 'S' },
    { eu_page_id: 42, eu_entity_id: 'Q4', eu_aspect: 'L.de' },
    { eu_page_id: 23, eu_entity_id: 'Q3', eu_aspect: 'L.de' },
    { eu_page_id: 23, eu_entity_id: 'Q3', eu_aspect: 'S' }
  ]
  const folded = [...usagesByPageFromRows(rows)].map(([pageId, usages]) => [pageId, usages.map(identityOf)])
  t.strictSame(folded, [[23, ['Q3#L.de', 'Q3#S', 'Q4#L.de']], [42, ['Q4#L.de', 'Q4#T']]])
})

t.test('merging folds is a union per page', async t => {
  const p = parsePageId
  const u = newEntityUsageFromIdentity
  const merged = mergeUsagesByPage(new Map([[p(2), [u('Q1#T')]]]), [[p(1), [u('Q1#S')]], [p(2), [u('Q1#S'), u('Q1#T')]]])
  t.strictSame([...merged].map(([pageId, usages]) => [pageId, usages.map(identityOf)]), [[1, ['Q1#S']], [2, ['Q1#S', 'Q1#T']]])
})
