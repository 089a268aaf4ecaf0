import { defineTask, type TaskDefinition } from '../plugin/queue/task-definition.js'
import { HandleInboxPayload } from '../plugin/queue/task-payloads.js'

/** What wikibase:handleInbox works with. */
export interface HandleInboxDeps {
  /** One drain of the repo's rows in this client's inbox (plugin/client/changes/inbox-drain.ts). */
  drainInbox: (repoSiteId: string) => Promise<unknown>
}

/**
 * wikibase:handleInbox (beyond Wikibase, issue 18): the changes a repo pushed into this
 * client's inbox, handled a batch at a time. Queued by the repo's push with the key
 * `inbox:<repo>` (pushes made while it waits collapse into it) on a named queue per
 * (client, repo), so drains of one inbox run one after the other; a drain that leaves rows
 * queues the next. The entityChangeNotification job stays for notifications queued before.
 */
export function makeHandleInboxTask (deps: HandleInboxDeps): TaskDefinition<typeof HandleInboxPayload> {
  return defineTask({
    name: 'wikibase:handleInbox',
    payload: HandleInboxPayload,
    run: async ({ repoSiteId }) => { await deps.drainInbox(repoSiteId) }
  })
}
