import { defineTask, type TaskDefinition } from '../plugin/queue/task-definition.js'
import { RefreshLinksPayload } from '../plugin/queue/task-payloads.js'
import type { ClientHostServices } from '../hooks/contract.js'
import { parsePageId } from '../hooks/ids.js'

/** What wikibase:refreshLinks works with: the host's re-parse service (none without a host). */
export interface RefreshLinksDeps {
  host: { services: Pick<ClientHostServices, 'refreshLinks'> } | undefined
}

/** wikibase:refreshLinks (RefreshLinksJob): re-parse one page through the host. */
export function makeRefreshLinksTask (deps: RefreshLinksDeps): TaskDefinition<typeof RefreshLinksPayload> {
  return defineTask({
    name: 'wikibase:refreshLinks',
    payload: RefreshLinksPayload,
    run: async ({ page, cause }) => {
      await deps.host?.services.refreshLinks([{ ...page, id: parsePageId(page.id) }], cause)
    }
  })
}
