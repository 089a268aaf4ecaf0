import { defineTask } from '../plugin/queue/task-definition.js'
import { DispatchChangesPayload } from './task-payloads.js'
import { withTransaction } from '../plugin/db/wiki-database.js'
import { addJob } from '../plugin/queue/enqueue.js'
import { deserializeChange } from '../plugin/changes/entity-change.js'
import { getSubscribers } from '../plugin/repo/subscription-store.js'
import { dispatchTargets } from '../plugin/repo/dispatch-targets.js'
import { assignDeliveries, deleteChanges, lockUndispatchedChanges } from '../plugin/repo/change-delivery-store.js'

/**
 * wikibase:dispatchChanges (DispatchChangesJob): all undispatched rows of one entity →
 * targets (subscribers ∪ sites whose sitelink changed, ∩ known clients) → one delivery job
 * per target. Delivery is per client so a client that is down is retried alone; rows stay
 * until every target has them. With no target the rows are deleted at once.
 */
export const dispatchChanges = defineTask({
  name: 'wikibase:dispatchChanges',
  payload: DispatchChangesPayload,
  run: async ({ entityId }, runtime) => {
    const repo = runtime.self
    await withTransaction(repo.pool, async tx => {
      const rows = await lockUndispatchedChanges(tx, repo, entityId)
      if (rows.length === 0) {
        runtime.log.debug({ entityId }, 'dispatchChanges: no rows left; all consumed by an earlier job')
        return
      }
      const changeIds = rows.map(r => r.id)
      const subscribers = await getSubscribers(tx, repo, entityId)
      const { targets, unknown } = dispatchTargets(rows.map(r => deserializeChange(r)), subscribers, new Set(runtime.clients.keys()))
      for (const site of unknown) {
        runtime.log.warn({ entityId, site }, 'dispatchChanges: subscriber or linked site is not a configured client; skipped')
      }
      const event = { entityId, changeIds, targets }
      await runtime.hooks.callHook('dispatch:before', event)
      if (event.targets.length === 0) {
        runtime.log.debug({ entityId, changeIds }, 'dispatchChanges: no client wiki subscribed; rows deleted')
        await deleteChanges(tx, repo, changeIds)
        return
      }
      await assignDeliveries(tx, repo, changeIds, event.targets)
      for (const clientSiteId of event.targets) {
        await addJob(tx, repo, 'wikibase:deliverChanges', { clientSiteId, entityId }, {
          jobKey: `deliver:${clientSiteId}:${entityId}`, jobKeyMode: 'preserve_run_at'
        })
      }
    })
  }
})
