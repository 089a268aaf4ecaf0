import type { FastifyBaseLogger } from 'fastify'
import { defineTask, type TaskDefinition } from '../plugin/queue/task-definition.js'
import { DispatchChangeDeletionPayload, DispatchChangeVisibilityPayload, type TaskName, type TaskPayload } from '../plugin/queue/task-payloads.js'
import type { WikiDatabase } from '../plugin/db/wiki-database.js'
import { addJob } from '../plugin/queue/enqueue.js'
import { getSubscribers } from '../plugin/repo/dispatch/subscription-store.js'
import { parseSiteGlobalId, type SiteGlobalId } from '../hooks/ids.js'

/** What the repo's change modification dispatch works with. */
export interface DispatchChangeModificationDeps {
  repo: WikiDatabase
  clients: ReadonlyMap<SiteGlobalId, WikiDatabase>
  log: Pick<FastifyBaseLogger, 'warn'>
}

/**
 * Puts a notification on the queue of every configured client subscribed to the entity
 * (Wikibase tells all clients; only subscribers can hold rows injected from it). Each client
 * gets its own connection: one down client fails the job, which graphile-worker retries;
 * the clients told before get the same job key again, which collapses while pending, and
 * their handling is idempotent anyway.
 */
async function notifySubscribers<N extends TaskName> (
  deps: DispatchChangeModificationDeps, entityId: string, task: N, payload: TaskPayload<N>, jobKey: string
): Promise<void> {
  for (const siteId of await getSubscribers(deps.repo.pool, deps.repo, entityId)) {
    const client = deps.clients.get(parseSiteGlobalId(siteId))
    if (client === undefined) {
      deps.log.warn({ siteId, entityId, task }, 'change modification: subscriber is not a configured client; skipped')
      continue
    }
    const conn = await client.pool.connect()
    try {
      await addJob(conn, client, task, payload, { jobKey: `${jobKey}:${siteId}` })
    } finally {
      conn.release()
    }
  }
}

/** wikibase:dispatchChangeVisibility (DispatchChangeVisibilityNotificationJob). */
export function makeDispatchChangeVisibilityTask (deps: DispatchChangeModificationDeps): TaskDefinition<typeof DispatchChangeVisibilityPayload> {
  return defineTask({
    name: 'wikibase:dispatchChangeVisibility',
    payload: DispatchChangeVisibilityPayload,
    run: async ({ entityId, revisions }) => {
      // The key names the revisions: a later change of the same revisions replaces a pending
      // earlier one, so the last visibility set is the one a client ends with.
      const key = `visibility:${deps.repo.siteId}:${entityId}:${revisions.map(r => r.revisionId).join(',')}`
      await notifySubscribers(deps, entityId, 'wikibase:changeVisibilityNotification', { repoSiteId: deps.repo.siteId, entityId, revisions }, key)
    }
  })
}

/** wikibase:dispatchChangeDeletion (DispatchChangeDeletionNotificationJob). */
export function makeDispatchChangeDeletionTask (deps: DispatchChangeModificationDeps): TaskDefinition<typeof DispatchChangeDeletionPayload> {
  return defineTask({
    name: 'wikibase:dispatchChangeDeletion',
    payload: DispatchChangeDeletionPayload,
    run: async ({ entityId }) => {
      await notifySubscribers(deps, entityId, 'wikibase:changeDeletionNotification', { repoSiteId: deps.repo.siteId, entityId },
        `deletion:${deps.repo.siteId}:${entityId}`)
    }
  })
}
