import type { Static, TSchema } from 'typebox'
import type { JobHelpers } from 'graphile-worker'
import type { WikibaseRuntime } from '../runtime.js'

/** A graphile-worker task of this plugin: its name, payload schema and handler. */
export interface TaskDefinition<S extends TSchema = TSchema> {
  name: string
  payload: S
  run: (payload: Static<S>, runtime: WikibaseRuntime, helpers: JobHelpers) => Promise<void>
}

export function defineTask<S extends TSchema> (definition: TaskDefinition<S>): TaskDefinition<S> {
  return definition
}
