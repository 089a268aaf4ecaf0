import type { ClientBase } from 'pg'
import type { FastifyBaseLogger } from 'fastify'
import { defineTask, type TaskDefinition } from '../plugin/queue/task-definition.js'
import { DispatchChangesPayload } from '../plugin/queue/task-payloads.js'
import { withTransaction, type WikiDatabase } from '../plugin/db/wiki-database.js'
import { addJob } from '../plugin/queue/enqueue.js'
import type { EntityChange } from '../plugin/changes/entity-change.js'
import { decodeChange, type StoredChangeRow } from '../plugin/changes/stored-change.js'
import { getSubscribers } from '../plugin/repo/dispatch/subscription-store.js'
import { dispatchTargets } from '../plugin/repo/dispatch/dispatch-targets.js'
import { pushChanges, within } from '../plugin/repo/dispatch/change-pusher.js'
import {
  assignDeliveries, completeDeliveries, deleteChanges, lockUndispatchedChanges, sitesAwaitingDelivery
} from '../plugin/repo/dispatch/change-delivery-store.js'
import type { WikibaseHookBus } from '../hooks/plugin-hooks.js'
import { isSiteGlobalId, type SiteGlobalId } from '../hooks/ids.js'

type Row = StoredChangeRow

/** What wikibase:dispatchChanges works with. */
export interface DispatchChangesDeps {
  /** The repo's own database: its wb_changes rows and its queue. */
  repo: WikiDatabase
  /** The client wikis the repo dispatches to. */
  clients: ReadonlyMap<SiteGlobalId, WikiDatabase>
  /** The plugin's hooks `dispatch:before` and `dispatch:after`. */
  hooks: Pick<WikibaseHookBus, 'callHook'>
  log: FastifyBaseLogger
}

/** How long a dispatch waits for one client's database before leaving it to a delivery job. */
const INLINE_PUSH_TIMEOUT_MS = 3000

/**
 * wikibase:dispatchChanges (DispatchChangesJob): all undispatched rows of one entity →
 * targets (subscribers ∪ sites whose sitelink changed, ∩ known clients) → one
 * entityChangeNotification on each target's own queue. The pushes happen here, in parallel,
 * so a change needs no extra job hop; a client that fails or is slow, or that still waits
 * for earlier changes of this entity, gets a wikibase:deliverChanges job instead (retried
 * alone with backoff, in order). Rows stay until every target has them; with no target
 * they are deleted at once.
 */
export function makeDispatchChangesTask (deps: DispatchChangesDeps): TaskDefinition<typeof DispatchChangesPayload> {
  const { repo, log } = deps
  return defineTask({
    name: 'wikibase:dispatchChanges',
    payload: DispatchChangesPayload,
    run: async ({ entityId }) => {
      const outcome = await withTransaction(repo.pool, async tx => {
        const rows = await lockUndispatchedChanges(tx, repo, entityId)
        if (rows.length === 0) {
          log.debug({ entityId }, 'dispatchChanges: no rows left; all consumed by an earlier job')
          return null
        }
        const changeIds = rows.map(r => r.id)
        const subscribers = await getSubscribers(tx, repo, entityId)
        const { targets, unknown } = dispatchTargets(decodable(rows, log), subscribers, new Set(deps.clients.keys()))
        for (const site of unknown) {
          log.warn({ entityId, site }, 'dispatchChanges: subscriber or linked site is not a configured client; skipped')
        }
        const event = { entityId, changeIds, targets }
        await deps.hooks.callHook('dispatch:before', event)
        if (event.targets.length === 0) {
          log.debug({ entityId, changeIds }, 'dispatchChanges: no client wiki subscribed; rows deleted')
          await deleteChanges(tx, repo, changeIds)
          return null
        }
        const { delivered, queued } = await pushToTargets(tx, deps, entityId, rows, event.targets)
        if (queued.length > 0) {
          await assignDeliveries(tx, repo, changeIds, queued)
          for (const clientSiteId of queued) {
            await addJob(tx, repo, 'wikibase:deliverChanges', { clientSiteId, entityId }, {
              jobKey: `deliver:${clientSiteId}:${entityId}`, jobKeyMode: 'preserve_run_at'
            })
          }
        }
        // Last: with no delivery row left for them, the rows are deleted here.
        for (const site of delivered) await completeDeliveries(tx, repo, site, changeIds)
        return { changeIds, delivered }
      })
      if (outcome !== null && outcome.delivered.length > 0) {
        await deps.hooks.callHook('dispatch:after', { entityId, changeIds: outcome.changeIds, delivered: outcome.delivered })
      }
    }
  })
}

/** The rows decoded for the target rule; a row that does not decode adds no sitelink target, but is still sent. */
function decodable (rows: readonly Row[], log: FastifyBaseLogger): EntityChange[] {
  return rows.flatMap(row => {
    try {
      return [decodeChange(row)]
    } catch (error) {
      log.warn({ err: error, changeId: row.id }, 'dispatchChanges: change row does not decode; no sitelink targets from it')
      return []
    }
  })
}

async function pushToTargets (
  tx: ClientBase, deps: DispatchChangesDeps, entityId: string, rows: readonly Row[], targets: readonly string[]
): Promise<{ delivered: string[], queued: string[] }> {
  const repo = deps.repo
  const waiting = await sitesAwaitingDelivery(tx, repo, entityId, targets)
  const clients = targets.flatMap(site => {
    const client = isSiteGlobalId(site) ? deps.clients.get(site) : undefined
    return client !== undefined && !waiting.has(site) ? [{ site, client }] : []
  })
  const delivered: string[] = []
  const failed = new Set<string>()
  const push = async ({ site, client }: { site: string, client: WikiDatabase }): Promise<void> => {
    try {
      const pushing = pushChanges(tx, repo, client, rows)
      await (client.pool === repo.pool ? pushing : within(INLINE_PUSH_TIMEOUT_MS, `pushing to ${site}`, pushing))
      delivered.push(site)
    } catch (error) {
      failed.add(site)
      deps.log.warn({ err: error, entityId, site }, 'dispatchChanges: client unreachable; its delivery job will retry')
    }
  }
  // Clients in the repo's database share this transaction's connection: one at a time.
  for (const target of clients.filter(c => c.client.pool === repo.pool)) await push(target)
  await Promise.all(clients.filter(c => c.client.pool !== repo.pool).map(push))
  return { delivered: delivered.sort(), queued: targets.filter(site => waiting.has(site) || failed.has(site)) }
}
