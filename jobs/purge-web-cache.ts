import { defineTask } from '../plugin/queue/task-definition.js'
import { PurgeWebCachePayload } from '../plugin/queue/task-payloads.js'
import { parsePageId } from '../hooks/ids.js'

/** wikibase:purgeWebCache (HTMLCacheUpdateJob): one batch of pages, through the host. */
export const purgeWebCache = defineTask({
  name: 'wikibase:purgeWebCache',
  payload: PurgeWebCachePayload,
  run: async ({ pages, cause }, runtime) => {
    await runtime.host?.services.purgeWebCache(pages.map(p => ({ ...p, id: parsePageId(p.id) })), cause)
  }
})
