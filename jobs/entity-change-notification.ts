import type { Static } from 'typebox'
import type { FastifyBaseLogger } from 'fastify'
import { defineTask, type TaskDefinition } from '../plugin/queue/task-definition.js'
import { EntityChangeNotificationPayload } from '../plugin/queue/task-payloads.js'
import { NO_ROOT_JOB, type RootJobParams } from '../plugin/client/changes/change-handler.js'

type Notification = Static<typeof EntityChangeNotificationPayload>

/** The client's change handler (ChangeHandler::handleChanges) as the job calls it. */
export type ChangeHandlerCall = (changes: Notification['changes'], repoSiteId: string, root: Readonly<RootJobParams>) => Promise<unknown>

/** What wikibase:entityChangeNotification works with. */
export interface EntityChangeNotificationDeps {
  handleChanges: ChangeHandlerCall
  log: Pick<FastifyBaseLogger, 'error'>
}

/**
 * EntityChangeNotificationJob::run (facts §4.1): no changes → an error in the log and nothing
 * handled; otherwise one call of the change handler with all the changes and the job's root
 * parameters — `{rootJobSignature: null, rootJobTimestamp: null}`, since a notification job
 * is never part of a root job. Items and other entities are told apart when the handler
 * decodes the rows (decodeChange, once, at its entry).
 */
export async function notifyChangeHandler ({ repoSiteId, changes }: Notification, deps: EntityChangeNotificationDeps): Promise<void> {
  if (changes.length === 0) {
    deps.log.error({ repoSiteId }, 'entityChangeNotification: no changes in the notification')
    return
  }
  await deps.handleChanges(changes, repoSiteId, { ...NO_ROOT_JOB })
}

/**
 * wikibase:entityChangeNotification (EntityChangeNotificationJob): the changes a repo
 * delivered, handed to the change handler. Delivery is at-least-once; the handler drops
 * changes it handled before.
 */
export function makeEntityChangeNotificationTask (deps: EntityChangeNotificationDeps): TaskDefinition<typeof EntityChangeNotificationPayload> {
  return defineTask({
    name: 'wikibase:entityChangeNotification',
    payload: EntityChangeNotificationPayload,
    run: async payload => { await notifyChangeHandler(payload, deps) }
  })
}
