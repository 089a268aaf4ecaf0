import type { WikibaseRuntime } from '../runtime.js'
import { registerParserInit } from './hooks/parser-init.js'
import { registerContentAlterParserOutput } from './hooks/content-alter-parser-output.js'
import { registerLinksUpdateComplete } from './hooks/links-update-complete.js'
import { registerPageDelete } from './hooks/page-delete.js'

const registered = new WeakSet<WikibaseRuntime>()

/**
 * The client role's host hook handlers: parser functions, connected-page output, usage
 * tracking on links update and page deletion. Idempotent per runtime; does nothing for a wiki without a repo (not a client).
 */
export function registerClientHooks (runtime: WikibaseRuntime): void {
  if (registered.has(runtime)) return
  registered.add(runtime)
  registerParserInit(runtime)
  registerContentAlterParserOutput(runtime)
  registerLinksUpdateComplete(runtime)
  registerPageDelete(runtime)
}
