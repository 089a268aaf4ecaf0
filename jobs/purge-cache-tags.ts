import { defineTask, type TaskDefinition } from '../plugin/queue/task-definition.js'
import { PurgeCacheTagsPayload } from '../plugin/queue/task-payloads.js'
import type { ClientHostServices } from '../hooks/contract.js'

/** What wikibase:purgeCacheTags works with: the host's optional tag purge. */
export interface PurgeCacheTagsDeps {
  host: { services: Partial<Pick<ClientHostServices, 'purgeCacheTags'>> } | undefined
}

/**
 * wikibase:purgeCacheTags (beyond Wikibase, issue 18 point 3): one change's cache tags purged
 * by one call of the host (a CDN call: run as a job, never in the client's transaction).
 * Queued only when the host has purgeCacheTags; a host that lost it since does nothing.
 */
export function makePurgeCacheTagsTask (deps: PurgeCacheTagsDeps): TaskDefinition<typeof PurgeCacheTagsPayload> {
  return defineTask({
    name: 'wikibase:purgeCacheTags',
    payload: PurgeCacheTagsPayload,
    run: async ({ tags, cause }) => {
      await deps.host?.services.purgeCacheTags?.(tags, cause)
    }
  })
}
