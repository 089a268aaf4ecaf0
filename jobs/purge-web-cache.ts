import { defineTask } from '../plugin/queue/task-definition.js'
import { PurgeWebCachePayload } from '../plugin/queue/task-payloads.js'
import type { PageId } from '../hooks/ids.js'

/** wikibase:purgeWebCache (HTMLCacheUpdateJob): one batch of pages, through the host. */
export const purgeWebCache = defineTask({
  name: 'wikibase:purgeWebCache',
  payload: PurgeWebCachePayload,
  run: async ({ pages, cause }, runtime) => {
    await runtime.host?.services.purgeWebCache(pages.map(p => ({ ...p, id: p.id as PageId })), cause)
  }
})
