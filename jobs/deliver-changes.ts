import { defineTask } from '../plugin/queue/task-definition.js'
import { DeliverChangesPayload } from '../plugin/queue/task-payloads.js'
import { withTransaction } from '../plugin/db/wiki-database.js'
import { completeDeliveries, lockPendingDeliveries } from '../plugin/repo/dispatch/change-delivery-store.js'
import { pushChanges } from '../plugin/repo/dispatch/change-pusher.js'
import { parseSiteGlobalId } from '../hooks/ids.js'

/**
 * wikibase:deliverChanges: the retry path of dispatch. Pushes one entity's pending changes
 * to one client as an entityChangeNotification job on that client's own queue, then marks
 * them delivered. If the client's database is down the job fails and graphile-worker
 * retries it with backoff; nothing is marked delivered and no other client waits.
 */
export const deliverChanges = defineTask({
  name: 'wikibase:deliverChanges',
  payload: DeliverChangesPayload,
  run: async ({ clientSiteId, entityId }, runtime) => {
    const repo = runtime.self
    const client = runtime.clients.get(parseSiteGlobalId(clientSiteId))
    const delivered = await withTransaction(repo.pool, async tx => {
      const rows = await lockPendingDeliveries(tx, repo, clientSiteId, entityId)
      if (rows.length === 0) return null
      const changeIds = rows.map(r => r.id)
      if (client === undefined) {
        // The client was removed from the configuration since dispatch: like Wikibase, skip it.
        runtime.log.warn({ clientSiteId, entityId }, 'deliverChanges: client is no longer configured; dropped')
      } else {
        await pushChanges(tx, repo, client, rows)
      }
      await completeDeliveries(tx, repo, clientSiteId, changeIds)
      return changeIds
    })
    if (delivered !== null) {
      await runtime.hooks.callHook('dispatch:after', { entityId, changeIds: delivered, delivered: client === undefined ? [] : [clientSiteId] })
    }
  }
})
