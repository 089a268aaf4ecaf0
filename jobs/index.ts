import type { TaskDefinition } from '../plugin/queue/task-definition.js'
import type { Role } from '../plugin/options.js'

/** The tasks a wiki runs, by role. Each file in jobs/ defines one task. */
export function tasksFor (_roles: ReadonlySet<Role>): Array<TaskDefinition<any>> {
  return []
}
