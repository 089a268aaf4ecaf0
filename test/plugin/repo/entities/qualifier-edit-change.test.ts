import t from 'tap'
import { createEntity, editEntity, type EditContext } from '../../../../plugin/repo/entities/entity-editor.js'
import { editor, startRepo } from '../../../support/repo-test-wiki.js'
import { createTestHost } from '../../../support/test-host.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'
import type { Snak, Statement, StatementGroups, WikibaseEntity } from '../../../../plugin/changes/wikibase-entity.js'
import { subscribe } from '../../../../plugin/repo-reader/subscriptions.js'

// What a client's recentChangesFilter reads (plugin/client/changes/recent-change-filter.ts):
// the repo's change of a real edit names a property whose statements changed only in
// qualifiers, references or rank in statementChangesQualOrRefOnly, in the stored row too.

const label = (value: string) => ({ en: { language: 'en', value } })
const value = (property: string, text: string): Snak => ({ snaktype: 'value', property, datavalue: { type: 'string', value: text } })
/** The entity with its one statement of `property` rewritten. */
const withStatement = (entity: WikibaseEntity, property: string, edit: (statement: Statement) => Statement): WikibaseEntity =>
  ({ ...entity, claims: { [property]: [edit((entity.claims as StatementGroups)[property]![0]!)] } })

t.test('a qualifier added by an edit: qual/ref-only in the change and in wb_changes', async t => {
  const host = createTestHost()
  const app = await startRepo(t, 'qualedit', host)
  const db = wikibaseInternals(app).self
  const ctx: EditContext = { db, host, user: editor }
  const p1 = await createEntity(ctx, 'property', { type: 'property', datatype: 'string', labels: label('code') } as unknown as WikibaseEntity, { comment: 'p1' })
  const p2 = await createEntity(ctx, 'property', { type: 'property', datatype: 'string', labels: label('note') } as unknown as WikibaseEntity, { comment: 'p2' })
  const P1 = p1.entityId
  const P2 = p2.entityId
  const item = await createEntity(ctx, 'item', {
    type: 'item', labels: label('Thing'), claims: { [P1]: [{ type: 'statement', rank: 'normal', mainsnak: value(P1, 'A') }] }
  } as unknown as WikibaseEntity, { comment: 'create' })

  // A client uses the item: its changes are recorded for dispatch (ChangeNotifier).
  await subscribe(db.pool, db, 'enwiki', [item.entityId])

  const qualified = await editEntity(ctx, item.entityId,
    entity => withStatement(entity, P1, statement => ({ ...statement, qualifiers: { [P2]: [value(P2, 'why')] }, 'qualifiers-order': [P2] })),
    { comment: 'qualifier' })
  t.strictSame(qualified.change!.compactDiff.statementChangesQualOrRefOnly, [P1])
  t.strictSame(qualified.change!.compactDiff.statementChangesExcludingQualOrRefOnlyChanges, [])

  const revalued = await editEntity(ctx, item.entityId, entity => withStatement(entity, P1, statement => ({ ...statement, mainsnak: value(P1, 'B') })),
    { comment: 'value' })
  t.strictSame(revalued.change!.compactDiff.statementChangesExcludingQualOrRefOnlyChanges, [P1])
  t.strictSame(revalued.change!.compactDiff.statementChangesQualOrRefOnly, [])

  const { rows } = await db.pool.query<{ revision: string, info: { compactDiff: string } }>(
    'SELECT change_revision_id AS revision, change_info AS info FROM repo.wb_changes ORDER BY change_id')
  const row = rows.find(r => Number(r.revision) === qualified.revision.revisionId)
  t.strictSame(rows.map(r => Number(r.revision)), [qualified.revision.revisionId, revalued.revision.revisionId], 'one row per edit after the subscription')
  const compactDiff = JSON.parse(row!.info.compactDiff) as Record<string, unknown>
  t.strictSame([compactDiff.statementChangesExcludingQualOrRefOnlyChanges, compactDiff.statementChangesQualOrRefOnly], [[], [P1]],
    'the stored row carries it as Wikibase writes it')
})
