import type { ClientBase } from 'pg'
import type { UpdateCause } from '../../../hooks/contract.js'
import type { WikiDatabase } from '../../db/wiki-database.js'
import { addJob } from '../../queue/enqueue.js'
import { upsertPendingRefreshes, type RefreshRequest } from './pending-refresh-store.js'

/**
 * The drain job's key and queue: one pending drain per wiki (a key collapses them), run one at
 * a time (a named queue is serial), whatever the number of changes that queue pages. addJob
 * prefixes both with the wiki (plugin/queue/job-wiki.ts), so wikis sharing a queue schema do
 * not wait for each other's drains.
 */
export const REFRESH_DRAIN_JOB_KEY = 'refreshPages'

/**
 * Schedules page refreshes (issue 18 point 3): the pages join the set of pending refreshes
 * and the drain job is queued, both in the caller's transaction (the change is handled
 * exactly when its refreshes are recorded). `preserve_run_at`: a drain already waiting for
 * its paced turn (client.pageRefreshRate) keeps it; a change does not hurry it.
 */
export async function scheduleRefreshes (
  tx: ClientBase, db: Pick<WikiDatabase, 'siteId' | 'dataSchema' | 'queueSchema'>, requests: readonly RefreshRequest[], cause: UpdateCause
): Promise<void> {
  if (requests.length === 0) return
  await upsertPendingRefreshes(tx, db, [{ requests, cause }])
  await queueRefreshDrain(tx, db)
}

/** Queues the wiki's drain of pending refreshes (one pending drain; it keeps a paced run time). */
export async function queueRefreshDrain (tx: ClientBase, db: Pick<WikiDatabase, 'siteId' | 'queueSchema'>): Promise<void> {
  await addJob(tx, db, 'wikibase:refreshPages', {}, {
    jobKey: REFRESH_DRAIN_JOB_KEY, jobKeyMode: 'preserve_run_at', queueName: REFRESH_DRAIN_JOB_KEY
  })
}
