import { defineTask, type TaskDefinition } from '../plugin/queue/task-definition.js'
import { PurgeWebCachePayload } from '../plugin/queue/task-payloads.js'
import type { ClientHostServices } from '../hooks/contract.js'
import { parsePageId } from '../hooks/ids.js'

/** What wikibase:purgeWebCache works with: the host's purge service (none without a host). */
export interface PurgeWebCacheDeps {
  host: { services: Pick<ClientHostServices, 'purgeWebCache'> } | undefined
}

/** wikibase:purgeWebCache (HTMLCacheUpdateJob): one batch of pages, through the host. */
export function makePurgeWebCacheTask (deps: PurgeWebCacheDeps): TaskDefinition<typeof PurgeWebCachePayload> {
  return defineTask({
    name: 'wikibase:purgeWebCache',
    payload: PurgeWebCachePayload,
    run: async ({ pages, cause }) => {
      await deps.host?.services.purgeWebCache(pages.map(p => ({ ...p, id: parsePageId(p.id) })), cause)
    }
  })
}
