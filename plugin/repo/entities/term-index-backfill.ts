import { withTransaction, type WikiDatabase } from '../../db/wiki-database.js'
import { addJob } from '../../queue/enqueue.js'
import { reindexTerms } from './term-reindexer.js'
import { finishTermIndexBackfill, termIndexBackfillPending } from './term-index-store.js'

/** One backfill job at a time, however many processes start: they share the job key. */
const BACKFILL_JOB_KEY = 'wikibase:reindexTerms'

/**
 * At start: while entities saved before the term index existed may lack their rows
 * (migration repo/031 left a row in wb_term_index_backfill), queue wikibase:reindexTerms.
 * Search would otherwise not find them until an operator ran `terms reindex`. Returns
 * whether a job was queued.
 */
export async function queueTermIndexBackfill (db: WikiDatabase): Promise<boolean> {
  if (!await termIndexBackfillPending(db.pool, db)) return false
  await withTransaction(db.pool, async tx => {
    await addJob(tx, db, 'wikibase:reindexTerms', {}, { jobKey: BACKFILL_JOB_KEY, jobKeyMode: 'preserve_run_at' })
  })
  return true
}

/**
 * The backfill itself: every entity's terms from its latest revision (idempotent, batched,
 * safe beside edits), then the pending mark cleared. Returns how many entities it indexed.
 */
export async function runTermIndexBackfill (db: WikiDatabase): Promise<number> {
  const indexed = await reindexTerms(db)
  await finishTermIndexBackfill(db.pool, db)
  return indexed
}
