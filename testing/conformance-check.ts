import type { ConformanceContext } from './conformance-context.js'

/** One check of the kit: throws an AssertionError when the host fails it, or says why it does not apply. */
export interface ConformanceCheck {
  name: string
  run: (context: ConformanceContext) => Promise<void | { skipped: string }>
}
