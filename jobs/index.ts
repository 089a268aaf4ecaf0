import type { TaskDefinition } from '../plugin/queue/task-definition.js'
import type { Role } from '../plugin/options.js'
import { dispatchChanges } from './dispatch-changes.js'
import { deliverChanges } from './deliver-changes.js'
import { resubmitChanges } from './resubmit-changes.js'
import { entityChangeNotification } from './entity-change-notification.js'
import { purgeWebCache } from './purge-web-cache.js'
import { refreshLinks } from './refresh-links.js'
import { injectRCRecords } from './inject-rc-records.js'

/** The tasks a wiki runs, by role. Each file in jobs/ defines one task. */
export function tasksFor (roles: ReadonlySet<Role>): Array<TaskDefinition<any>> {
  const tasks: Array<TaskDefinition<any>> = []
  if (roles.has('repo')) tasks.push(dispatchChanges, deliverChanges, resubmitChanges)
  if (roles.has('client')) tasks.push(entityChangeNotification, purgeWebCache, refreshLinks, injectRCRecords)
  return tasks
}
