import t from 'tap'
import { createEntity, deleteEntity, type EditContext } from '../../../../plugin/repo/entities/entity-editor.js'
import { tableName } from '../../../../plugin/db/wiki-database.js'
import { reindexTerms } from '../../../../plugin/repo/entities/term-reindexer.js'
import { editor, startRepo } from '../../../support/repo-test-wiki.js'
import { createTestHost } from '../../../support/test-host.js'
import type { WikibaseEntity } from '../../../../plugin/changes/wikibase-entity.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

t.test('reindexTerms rebuilds the index of every entity with a revision, deleted ones included, and is idempotent', async t => {
  const host = createTestHost()
  const app = await startRepo(t, 'reindex', host)
  const db = wikibaseInternals(app).self
  const ctx: EditContext = { db, host, user: editor }
  const label = (value: string): WikibaseEntity => ({ type: 'item', labels: { en: { language: 'en', value } } } as unknown as WikibaseEntity)
  for (const value of ['Alpha', 'Beta Gamma', 'Delta']) await createEntity(ctx, 'item', label(value))
  await createEntity(ctx, 'property', { type: 'property', datatype: 'string', labels: { en: { language: 'en', value: 'code' } } } as unknown as WikibaseEntity)
  await deleteEntity(ctx, 'Q3' as never)
  const snapshot = async (): Promise<string[]> => (await db.pool.query<{ row: string }>(
    `SELECT concat_ws('|', ti_entity_id, ti_language, ti_term_type, ti_word_pos, ti_key) AS row FROM ${tableName(db, 'wb_term_index')} ORDER BY 1`)).rows.map(r => r.row)
  const written = await snapshot()
  t.same(written, ['P1|en|0|0|code', 'Q1|en|0|0|alpha', 'Q2|en|0|0|beta gamma', 'Q2|en|0|1|gamma', 'Q3|en|0|0|delta'], 'what the writes indexed')

  await db.pool.query(`DELETE FROM ${tableName(db, 'wb_term_index')}`)
  const batches: number[] = []
  t.equal(await reindexTerms(db, { batchSize: 2, onBatch: done => batches.push(done) }), 4)
  t.same(batches, [2, 4])
  t.same(await snapshot(), written, 'rebuilt as written')
  t.equal(await reindexTerms(db), 4)
  t.same(await snapshot(), written, 'a second run changes nothing')
})
