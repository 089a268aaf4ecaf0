import type { Static } from 'typebox'
import { defineTask } from '../plugin/queue/task-definition.js'
import type { WikibaseRuntime } from '../plugin/runtime.js'
import { EntityChangeNotificationPayload } from '../plugin/queue/task-payloads.js'
import { handleChanges, NO_ROOT_JOB } from '../plugin/client/changes/change-handler.js'

/** The change handler as the job calls it (handleChanges; a test may pass its own). */
export type ChangeHandlerCall = typeof handleChanges

/**
 * EntityChangeNotificationJob::run (facts §4.1): no changes → an error in the log and nothing
 * handled; otherwise one call of the change handler with all the changes and the job's root
 * parameters — `{rootJobSignature: null, rootJobTimestamp: null}`, since a notification job
 * is never part of a root job. Items and other entities are told apart when the handler
 * decodes the rows (decodeChange, once, at its entry).
 */
export async function notifyChangeHandler (
  { repoSiteId, changes }: Static<typeof EntityChangeNotificationPayload>,
  runtime: WikibaseRuntime,
  handler: ChangeHandlerCall = handleChanges
): Promise<void> {
  if (changes.length === 0) {
    runtime.log.error({ repoSiteId }, 'entityChangeNotification: no changes in the notification')
    return
  }
  await handler(changes, repoSiteId, runtime, { ...NO_ROOT_JOB })
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
