import { defineTask, type TaskDefinition } from '../plugin/queue/task-definition.js'
import { RefreshPagesPayload } from '../plugin/queue/task-payloads.js'
import type { ClientHostServices, UpdateCause } from '../hooks/contract.js'
import { withTransaction, type WikiDatabase } from '../plugin/db/wiki-database.js'
import type { ClientSettings } from '../plugin/options.js'
import { addJob } from '../plugin/queue/enqueue.js'
import { hasPendingRefreshes, nextPendingRefreshes, removeRefreshed, type PendingRefresh } from '../plugin/client/refresh/pending-refresh-store.js'
import { REFRESH_DRAIN_JOB_KEY } from '../plugin/client/refresh/refresh-scheduler.js'
import { nextDrainRunAt } from '../plugin/client/refresh/refresh-pacing.js'

/** What wikibase:refreshPages works with. */
export interface RefreshPagesDeps {
  db: WikiDatabase
  settings: Pick<ClientSettings, 'pageRefreshBatchSize' | 'pageRefreshRate'>
  host: { services: Pick<ClientHostServices, 'refreshLinks'> } | undefined
  /** The clock the pacing reads (tests fix it). */
  now?: () => Date
}

/**
 * The cause of a batch: the newest page's (its change is the latest the pages are rendered
 * for). Its root job signature named the title batch of that change, not this batch: dropped.
 */
export function batchCause (batch: readonly PendingRefresh[]): UpdateCause {
  const newest = batch.reduce((a, b) => (b.queuedAt > a.queuedAt ? b : a))
  const { rootJobSignature: _signature, ...cause } = newest.cause
  return cause
}

/**
 * One run of the drain: the next batch (priority first, then oldest first) re-rendered by one
 * call of the host's refreshLinks with the data as it is now, then removed from the set; while
 * pages are left the drain queues its next run, paced by client.pageRefreshRate. A crash
 * between the host call and the removal leaves the pages in the set: the retried job
 * re-renders them (a re-render is idempotent). Returns the pages refreshed.
 */
export async function drainPendingRefreshes (deps: RefreshPagesDeps): Promise<number> {
  const startedAt = (deps.now ?? (() => new Date()))()
  const batch = await nextPendingRefreshes(deps.db, deps.settings.pageRefreshBatchSize)
  if (batch.length === 0) return 0
  // Without a host nothing can be re-rendered; the pages leave the set as the per-page jobs did.
  await deps.host?.services.refreshLinks(batch.map(p => p.page), batchCause(batch))
  await withTransaction(deps.db.pool, async tx => {
    await removeRefreshed(tx, deps.db, batch)
    if (!await hasPendingRefreshes(tx, deps.db)) return
    const runAt = nextDrainRunAt(startedAt, batch.length, deps.settings.pageRefreshRate)
    // `replace`: this run's paced time wins over a change that queued the drain while it ran.
    await addJob(tx, deps.db, 'wikibase:refreshPages', {}, {
      jobKey: REFRESH_DRAIN_JOB_KEY, jobKeyMode: 'replace', queueName: REFRESH_DRAIN_JOB_KEY, ...(runAt === null ? {} : { runAt })
    })
  })
  return batch.length
}

/**
 * wikibase:refreshPages (beyond Wikibase, issue 18 point 3): drains the set of pending page
 * refreshes at a bounded rate, instead of one wikibase:refreshLinks job per page and change.
 */
export function makeRefreshPagesTask (deps: RefreshPagesDeps): TaskDefinition<typeof RefreshPagesPayload> {
  return defineTask({
    name: 'wikibase:refreshPages',
    payload: RefreshPagesPayload,
    run: async () => { await drainPendingRefreshes(deps) }
  })
}
