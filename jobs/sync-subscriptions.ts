import { defineTask, type TaskDefinition } from '../plugin/queue/task-definition.js'
import { SyncSubscriptionsPayload } from '../plugin/queue/task-payloads.js'
import { withTransaction } from '../plugin/db/wiki-database.js'
import { addJob } from '../plugin/queue/enqueue.js'
import { RepoRateLimitedError, syncSubscriptions, type SubscriptionSyncDeps } from '../plugin/remote/subscription-sync.js'
import { SYNC_JOB_KEY, SYNC_QUEUE_NAME } from '../plugin/remote/subscription-outbox.js'

/** What wikibase:syncSubscriptions works with (a remote-mode client only). */
export interface SyncSubscriptionsDeps {
  /** The client's link to its remote repo; null for a farm client (which writes the repo's table directly). */
  subscriptionSync: SubscriptionSyncDeps | null
}

/**
 * wikibase:syncSubscriptions (remote-mode client, issue 19): sends the outbox's entities to
 * the repo (plugin/remote/subscription-sync.ts). The repo down or failing: the job fails and
 * graphile-worker retries it with backoff, the outbox kept. Rate-limited (429): queued again to
 * run after the repo's `retry-after`, without counting as a failed attempt.
 */
export function makeSyncSubscriptionsTask (deps: SyncSubscriptionsDeps): TaskDefinition<typeof SyncSubscriptionsPayload> {
  return defineTask({
    name: 'wikibase:syncSubscriptions',
    payload: SyncSubscriptionsPayload,
    run: async () => {
      const sync = deps.subscriptionSync
      // A farm client writes the repo's table in the save itself: it never queues this, and has nothing to send.
      if (sync === null) return
      try {
        await syncSubscriptions(sync)
      } catch (err) {
        if (!(err instanceof RepoRateLimitedError)) throw err
        sync.log.debug({ retryAfter: err.retryAfterSeconds }, 'fastify-wikibase: the remote repo rate-limited the subscription sync; queued again')
        await withTransaction(sync.db.pool, async tx => {
          await addJob(tx, sync.db, 'wikibase:syncSubscriptions', {}, {
            jobKey: SYNC_JOB_KEY, jobKeyMode: 'replace', queueName: SYNC_QUEUE_NAME, runAt: new Date(Date.now() + err.retryAfterSeconds * 1000)
          })
        })
      }
    }
  })
}
