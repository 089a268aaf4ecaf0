import { defineTask } from '../plugin/queue/task-definition.js'
import { EntityChangeNotificationPayload } from './task-payloads.js'
import { handleChanges } from '../plugin/client/change-handler.js'

/**
 * wikibase:entityChangeNotification (EntityChangeNotificationJob): the changes a repo
 * delivered, handed to the change handler. Delivery is at-least-once; the handler drops
 * changes it handled before.
 */
export const entityChangeNotification = defineTask({
  name: 'wikibase:entityChangeNotification',
  payload: EntityChangeNotificationPayload,
  run: async ({ repoSiteId, changes }, runtime) => {
    if (changes.length === 0) {
      runtime.log.error({ repoSiteId }, 'entityChangeNotification: no changes in the notification')
      return
    }
    await handleChanges(changes, repoSiteId, runtime)
  }
})
