import type { FastifyBaseLogger } from 'fastify'
import { defineTask, type TaskDefinition } from '../plugin/queue/task-definition.js'
import { DeliverChangesPayload } from '../plugin/queue/task-payloads.js'
import { withTransaction, type WikiDatabase } from '../plugin/db/wiki-database.js'
import { completeDeliveries, lockPendingDeliveries } from '../plugin/repo/dispatch/change-delivery-store.js'
import { pushChanges } from '../plugin/repo/dispatch/change-pusher.js'
import type { WikibaseHookBus } from '../hooks/plugin-hooks.js'
import { parseSiteGlobalId, type SiteGlobalId } from '../hooks/ids.js'

/** What wikibase:deliverChanges works with. */
export interface DeliverChangesDeps {
  /** The repo's own database: its pending deliveries. */
  repo: WikiDatabase
  /** The client wikis the repo dispatches to. */
  clients: ReadonlyMap<SiteGlobalId, WikiDatabase>
  /** The plugin's hook `dispatch:after`. */
  hooks: Pick<WikibaseHookBus, 'callHook'>
  log: FastifyBaseLogger
}

/**
 * wikibase:deliverChanges: the retry path of dispatch. Pushes one entity's pending changes
 * to one client as an entityChangeNotification job on that client's own queue, then marks
 * them delivered. If the client's database is down the job fails and graphile-worker
 * retries it with backoff; nothing is marked delivered and no other client waits.
 */
export function makeDeliverChangesTask (deps: DeliverChangesDeps): TaskDefinition<typeof DeliverChangesPayload> {
  const { repo } = deps
  return defineTask({
    name: 'wikibase:deliverChanges',
    payload: DeliverChangesPayload,
    run: async ({ clientSiteId, entityId }) => {
      const client = deps.clients.get(parseSiteGlobalId(clientSiteId))
      const delivered = await withTransaction(repo.pool, async tx => {
        const rows = await lockPendingDeliveries(tx, repo, clientSiteId, entityId)
        if (rows.length === 0) return null
        const changeIds = rows.map(r => r.id)
        if (client === undefined) {
          // The client was removed from the configuration since dispatch: like Wikibase, skip it.
          deps.log.warn({ clientSiteId, entityId }, 'deliverChanges: client is no longer configured; dropped')
        } else {
          await pushChanges(tx, repo, client, rows)
        }
        await completeDeliveries(tx, repo, clientSiteId, changeIds)
        return changeIds
      })
      if (delivered !== null) {
        await deps.hooks.callHook('dispatch:after', { entityId, changeIds: delivered, delivered: client === undefined ? [] : [clientSiteId] })
      }
    }
  })
}
