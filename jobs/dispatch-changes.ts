import type { ClientBase } from 'pg'
import type { FastifyBaseLogger } from 'fastify'
import { defineTask, type TaskDefinition } from '../plugin/queue/task-definition.js'
import { DispatchChangesPayload } from '../plugin/queue/task-payloads.js'
import { withTransaction, type WikiDatabase } from '../plugin/db/wiki-database.js'
import { addJob } from '../plugin/queue/enqueue.js'
import type { EntityChange } from '../plugin/changes/entity-change.js'
import { decodeChange, type StoredChangeRow } from '../plugin/changes/stored-change.js'
import { getSubscribersOf } from '../plugin/repo/dispatch/subscription-store.js'
import { planDispatch, rowsPerClient, type EntityDispatch } from '../plugin/repo/dispatch/dispatch-plan.js'
import { pushToClients } from '../plugin/repo/dispatch/client-pushes.js'
import { resolvePushTargets } from '../plugin/repo/dispatch/push-target.js'
import { findRemoteClients } from '../plugin/repo/remote-clients/active-remote-clients.js'
import { deliverJobKey, dispatchJobKey, dispatchShard } from '../plugin/repo/dispatch/dispatch-shard.js'
import {
  assignDeliveries, clientsAwaitingDelivery, finishDispatch, lockUndispatchedChanges, shardOfEntity, tryLockRun
} from '../plugin/repo/dispatch/change-delivery-store.js'
import type { DispatchAfterEvent, WikibaseHookBus } from '../hooks/plugin-hooks.js'
import type { SiteGlobalId } from '../hooks/ids.js'

type Row = StoredChangeRow

/** What wikibase:dispatchChanges works with. */
export interface DispatchChangesDeps {
  /** The repo's own database: its wb_changes rows and its queue. */
  repo: WikiDatabase
  /** The farm client wikis the repo dispatches to (registered remote clients are read from wb_remote_client per run). */
  clients: ReadonlyMap<SiteGlobalId, WikiDatabase>
  /** The plugin's hooks `dispatch:before` and `dispatch:after`. */
  hooks: Pick<WikibaseHookBus, 'callHook'>
  log: FastifyBaseLogger
  /** `repoSettings.dispatchShards`: to find the shard of an `{ entityId }` job's entity. */
  dispatchShards: number
  /** `repoSettings.dispatchBatchSize`: rows one run takes at most. */
  dispatchBatchSize: number
}

/** A run that found the shard busy (a job queued without the shard's queue) tries again after this. */
const BUSY_RETRY_MS = 1000

/**
 * wikibase:dispatchChanges (DispatchChangesJob), beyond Wikibase batched across entities: one
 * run takes up to dispatchBatchSize undispatched rows of its shard (many entities, in change
 * order), reads the subscribers of all their entities in one query, finds each entity's
 * targets (subscribers ∪ sites whose sitelink changed, ∩ known clients: the configured farm
 * clients and the registered remote ones) and pushes each client its rows at once: into a
 * farm client's inbox, or as one signed HTTP push to a remote client. So the cost of
 * a run grows with the subscribers of the changed entities, not with the configured clients.
 * A client that fails or is slow, or that has any delivery pending (its changes must stay in
 * order), is given the rows as deliveries and one wikibase:deliverChanges job. Rows stay
 * until every target has them; with no target they are deleted at once. A full batch queues
 * the shard's next run.
 */
export function makeDispatchChangesTask (deps: DispatchChangesDeps): TaskDefinition<typeof DispatchChangesPayload> {
  const { repo, log } = deps
  const knownClients = new Set<string>(deps.clients.keys())
  return defineTask({
    name: 'wikibase:dispatchChanges',
    payload: DispatchChangesPayload,
    run: async payload => {
      const shard = 'shard' in payload
        ? payload.shard
        : await shardOfEntity(repo.pool, repo, payload.entityId, dispatchShard(payload.entityId, deps.dispatchShards))
      const after = await withTransaction(repo.pool, async tx => {
        if (!await tryLockRun(tx, repo, dispatchJobKey(shard))) {
          log.debug({ shard }, 'dispatchChanges: another run holds the shard; queued again')
          await queueShard(tx, repo, shard, new Date(Date.now() + BUSY_RETRY_MS))
          return []
        }
        const rows = await lockUndispatchedChanges(tx, repo, shard, deps.dispatchBatchSize)
        if (rows.length === 0) {
          log.debug({ shard }, 'dispatchChanges: no rows left; all consumed by an earlier job')
          return []
        }
        const subscribers = await getSubscribersOf(tx, repo, [...new Set(rows.map(r => r.object_id))])
        const entities = await planWithRemoteClients(tx, repo, rows, decodable(rows, log), subscribers, knownClients)
        for (const entity of entities) await beforeDispatch(deps, entity)
        // Full: more may wait. The next run queues behind this one in the shard's queue.
        if (rows.length >= deps.dispatchBatchSize) await queueShard(tx, repo, shard)
        return await dispatchRun(tx, deps, rows, entities)
      })
      for (const event of after) await deps.hooks.callHook('dispatch:after', event)
    }
  })
}

/** The `dispatch:before` hook, per entity as ever; its handlers may edit the targets. */
async function beforeDispatch (deps: DispatchChangesDeps, entity: EntityDispatch): Promise<void> {
  for (const site of entity.unknown) {
    deps.log.warn({ entityId: entity.entityId, site }, 'dispatchChanges: subscriber or linked site is not a configured client; skipped')
  }
  const event = { entityId: entity.entityId, changeIds: entity.rows.map(r => r.id), targets: entity.targets }
  await deps.hooks.callHook('dispatch:before', event)
  entity.targets = [...new Set(event.targets)].sort()
}

/** Pushes, assigns what was not pushed, ends the run; returns the `dispatch:after` events (per entity). */
async function dispatchRun (
  tx: ClientBase, deps: DispatchChangesDeps, rows: readonly Row[], entities: readonly EntityDispatch[]
): Promise<DispatchAfterEvent[]> {
  const { repo } = deps
  const perClient = rowsPerClient(entities)
  const waiting = perClient.size === 0 ? new Set<string>() : await clientsAwaitingDelivery(tx, repo, [...perClient.keys()])
  const pushNow = new Map([...perClient].filter(([site]) => !waiting.has(site)))
  const targets = await resolvePushTargets(tx, repo, deps.clients, pushNow.keys())
  const { delivered, failed } = await pushToClients(tx, deps, pushNow, targets)
  const queued = [...perClient.keys()].filter(site => waiting.has(site) || failed.includes(site))
  await assignDeliveries(tx, repo, queued.map(site => ({ site, changeIds: perClient.get(site)!.map(r => r.id) })))
  for (const clientSiteId of queued) {
    const key = deliverJobKey(clientSiteId)
    await addJob(tx, repo, 'wikibase:deliverChanges', { clientSiteId }, { jobKey: key, jobKeyMode: 'preserve_run_at', queueName: key })
  }
  // Last: the per-client counters are rows every shard's run updates; held for the commit only.
  await finishDispatch(tx, repo, rows.map(r => r.id), new Map(delivered.map(site => [site, perClient.get(site)!.map(r => r.id)])))
  const inline = new Set(delivered)
  return entities.flatMap(entity => {
    const got = entity.targets.filter(site => inline.has(site))
    return got.length === 0 ? [] : [{ entityId: entity.entityId, changeIds: entity.rows.map(r => r.id), delivered: got }]
  })
}

/**
 * The run's plan against the farm clients, then — when some targets are no farm client — again
 * with the registered remote clients among them added to the known clients. The remote
 * clients are read for just those sites, per run: one registered while the repo runs gets
 * changes from the next run on.
 */
async function planWithRemoteClients (
  tx: ClientBase, repo: WikiDatabase, rows: readonly Row[], decoded: ReadonlyMap<number, EntityChange>,
  subscribers: ReadonlyMap<string, readonly string[]>, farm: ReadonlySet<string>
): Promise<EntityDispatch[]> {
  const plan = planDispatch(rows, decoded, subscribers, farm)
  const unknown = [...new Set(plan.flatMap(entity => entity.unknown))]
  if (unknown.length === 0) return plan
  const remote = await findRemoteClients(tx, repo, unknown)
  return remote.size === 0 ? plan : planDispatch(rows, decoded, subscribers, new Set([...farm, ...remote.keys()]))
}

async function queueShard (tx: ClientBase, repo: WikiDatabase, shard: number, runAt?: Date): Promise<void> {
  const key = dispatchJobKey(shard)
  await addJob(tx, repo, 'wikibase:dispatchChanges', { shard }, {
    jobKey: key, jobKeyMode: 'preserve_run_at', queueName: key, ...(runAt === undefined ? {} : { runAt })
  })
}

/** The rows that decode, by id, for the target rule; a row that does not adds no sitelink target, but is still sent. */
function decodable (rows: readonly Row[], log: FastifyBaseLogger): Map<number, EntityChange> {
  const decoded = new Map<number, EntityChange>()
  for (const row of rows) {
    try {
      decoded.set(row.id, decodeChange(row))
    } catch (error) {
      log.warn({ err: error, changeId: row.id }, 'dispatchChanges: change row does not decode; no sitelink targets from it')
    }
  }
  return decoded
}
