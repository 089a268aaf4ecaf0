import type { Static } from 'typebox'
import { defineTask } from '../plugin/queue/task-definition.js'
import type { WikibaseRuntime } from '../plugin/runtime.js'
import { EntityChangeNotificationPayload } from '../plugin/queue/task-payloads.js'
import { NO_ROOT_JOB, type RootJobParams } from '../plugin/client/changes/change-handler.js'

type Notification = Static<typeof EntityChangeNotificationPayload>

/** The client's change handler (ChangeHandler::handleChanges) as the job calls it; a test may pass its own. */
export type ChangeHandlerCall = (changes: Notification['changes'], repoSiteId: string, root: Readonly<RootJobParams>) => Promise<unknown>

/**
 * EntityChangeNotificationJob::run (facts §4.1): no changes → an error in the log and nothing
 * handled; otherwise one call of the change handler with all the changes and the job's root
 * parameters — `{rootJobSignature: null, rootJobTimestamp: null}`, since a notification job
 * is never part of a root job. Items and other entities are told apart when the handler
 * rebuilds the rows (deserializeChange).
 */
export async function notifyChangeHandler ({ repoSiteId, changes }: Notification, runtime: WikibaseRuntime, handler?: ChangeHandlerCall): Promise<void> {
  if (changes.length === 0) {
    runtime.log.error({ repoSiteId }, 'entityChangeNotification: no changes in the notification')
    return
  }
  const handle = handler ?? runtime.client?.handleChanges
  if (handle === undefined) throw new Error('entityChangeNotification: this wiki is not a client')
  await handle(changes, repoSiteId, { ...NO_ROOT_JOB })
}

/**
 * wikibase:entityChangeNotification (EntityChangeNotificationJob): the changes a repo
 * delivered, handed to the change handler. Delivery is at-least-once; the handler drops
 * changes it handled before.
 */
export const entityChangeNotification = defineTask({
  name: 'wikibase:entityChangeNotification',
  payload: EntityChangeNotificationPayload,
  run: async (payload, runtime) => { await notifyChangeHandler(payload, runtime) }
})
