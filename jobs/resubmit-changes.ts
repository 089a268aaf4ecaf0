import { defineTask } from '../plugin/queue/task-definition.js'
import { ResubmitChangesPayload } from '../plugin/queue/task-payloads.js'
import { resubmitChanges as resubmit } from '../plugin/repo/dispatch/change-resubmitter.js'

/** wikibase:resubmitChanges: the periodic sweep for stuck changes (repo crontab). */
export const resubmitChanges = defineTask({
  name: 'wikibase:resubmitChanges',
  payload: ResubmitChangesPayload,
  run: async ({ minimumAge }, runtime) => {
    const result = await resubmit(runtime.self, minimumAge ?? runtime.options.repoSettings.resubmitMinimumAge)
    if (result.dispatched.length + result.deliveries.length > 0) {
      runtime.log.warn({ dispatched: result.dispatched.length, deliveries: result.deliveries.length }, 'resubmitChanges: re-queued stuck changes')
    }
  }
})
