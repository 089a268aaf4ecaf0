import type { Static, TSchema } from 'typebox'
import type { JobHelpers } from 'graphile-worker'

/**
 * A graphile-worker task of this plugin: its name, payload schema and handler. A task is made
 * from the dependencies it uses (`makeXTask(deps)` in jobs/) and closes over them, so the queue
 * knows nothing of what a task works with.
 */
export interface TaskDefinition<S extends TSchema = TSchema> {
  name: string
  payload: S
  run: (payload: Static<S>, helpers: JobHelpers) => Promise<void>
}

export function defineTask<S extends TSchema> (definition: TaskDefinition<S>): TaskDefinition<S> {
  return definition
}
