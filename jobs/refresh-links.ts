import { defineTask } from '../plugin/queue/task-definition.js'
import { RefreshLinksPayload } from '../plugin/queue/task-payloads.js'
import { parsePageId } from '../hooks/ids.js'

/** wikibase:refreshLinks (RefreshLinksJob): re-parse one page through the host. */
export const refreshLinks = defineTask({
  name: 'wikibase:refreshLinks',
  payload: RefreshLinksPayload,
  run: async ({ page, cause }, runtime) => {
    await runtime.host?.services.refreshLinks([{ ...page, id: parsePageId(page.id) }], cause)
  }
})
