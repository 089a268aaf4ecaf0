import type { FastifyBaseLogger } from 'fastify'
import { defineTask, type TaskDefinition } from '../plugin/queue/task-definition.js'
import { DeliverChangesPayload } from '../plugin/queue/task-payloads.js'
import { withTransaction, type WikiDatabase } from '../plugin/db/wiki-database.js'
import { addJob } from '../plugin/queue/enqueue.js'
import { completeDeliveries, lockPendingDeliveries, tryLockRun } from '../plugin/repo/dispatch/change-delivery-store.js'
import { pushToTarget, resolvePushTargets } from '../plugin/repo/dispatch/push-target.js'
import { deliverJobKey } from '../plugin/repo/dispatch/dispatch-shard.js'
import type { DispatchAfterEvent, WikibaseHookBus } from '../hooks/plugin-hooks.js'
import type { SiteGlobalId } from '../hooks/ids.js'

/** What wikibase:deliverChanges works with. */
export interface DeliverChangesDeps {
  /** The repo's own database: its pending deliveries. */
  repo: WikiDatabase
  /** The farm client wikis the repo dispatches to (remote clients: wb_remote_client, read per run). */
  clients: ReadonlyMap<SiteGlobalId, WikiDatabase>
  /** The plugin's hook `dispatch:after`. */
  hooks: Pick<WikibaseHookBus, 'callHook'>
  log: FastifyBaseLogger
  /** `repoSettings.dispatchBatchSize`: changes one delivery run takes at most. */
  dispatchBatchSize: number
}

/** A run that found the client's delivery busy (a job queued without its queue) tries again after this. */
const BUSY_RETRY_MS = 1000

/**
 * wikibase:deliverChanges: the retry path of dispatch, per client. Pushes the client's
 * pending changes — of every entity, in change order, up to dispatchBatchSize — as one
 * push — into a farm client's inbox, or a signed HTTP push to a registered remote client —
 * then marks them delivered; a full batch queues the next run. If the client's database is
 * down, or the remote client does not accept the push, the job fails and graphile-worker
 * retries it with backoff; nothing is marked delivered and no other client waits. One run
 * per client at a time (its named queue), so its changes stay in order.
 */
export function makeDeliverChangesTask (deps: DeliverChangesDeps): TaskDefinition<typeof DeliverChangesPayload> {
  const { repo } = deps
  return defineTask({
    name: 'wikibase:deliverChanges',
    payload: DeliverChangesPayload,
    // `entityId` (jobs queued when delivery was per entity) is not needed: the client's
    // pending changes include that entity's, and all go in order.
    run: async ({ clientSiteId }) => {
      const key = deliverJobKey(clientSiteId)
      let known = false
      const delivered = await withTransaction(repo.pool, async tx => {
        if (!await tryLockRun(tx, repo, key)) {
          await addJob(tx, repo, 'wikibase:deliverChanges', { clientSiteId }, {
            jobKey: key, jobKeyMode: 'preserve_run_at', queueName: key, runAt: new Date(Date.now() + BUSY_RETRY_MS)
          })
          return null
        }
        const rows = await lockPendingDeliveries(tx, repo, clientSiteId, deps.dispatchBatchSize)
        if (rows.length === 0) return null
        const target = (await resolvePushTargets(tx, repo, deps.clients, [clientSiteId])).get(clientSiteId)
        if (target === undefined) {
          // The client was removed from the configuration (or its registration revoked) since dispatch: like Wikibase, skip it.
          deps.log.warn({ clientSiteId, changes: rows.length }, 'deliverChanges: client is no longer configured; dropped')
        } else {
          await pushToTarget(tx, repo, target, rows, null)
          known = true
        }
        if (rows.length >= deps.dispatchBatchSize) {
          await addJob(tx, repo, 'wikibase:deliverChanges', { clientSiteId }, { jobKey: key, jobKeyMode: 'preserve_run_at', queueName: key })
        }
        await completeDeliveries(tx, repo, clientSiteId, rows.map(r => r.id))
        return rows
      })
      if (delivered === null) return
      // dispatch:after per entity, as a dispatch run calls it.
      const perEntity = new Map<string, number[]>()
      for (const row of delivered) perEntity.set(row.object_id, [...perEntity.get(row.object_id) ?? [], row.id])
      for (const [entityId, changeIds] of perEntity) {
        const event: DispatchAfterEvent = { entityId, changeIds, delivered: known ? [clientSiteId] : [] }
        await deps.hooks.callHook('dispatch:after', event)
      }
    }
  })
}
