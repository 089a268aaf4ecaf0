import type { WikibaseRuntime } from '../runtime.js'
import { registerParserInit } from '../../hooks/parser-init.js'
import { registerContentAlterParserOutput } from '../../hooks/content-alter-parser-output.js'
import { registerLinksUpdateComplete } from '../../hooks/links-update-complete.js'
import { registerPageDelete } from '../../hooks/page-delete.js'

/**
 * The client role's host hook handlers: parser functions, connected-page output, usage
 * tracking on links update and page deletion. Call once, for a wiki with the client role.
 */
export function registerClientHooks (runtime: WikibaseRuntime): void {
  registerParserInit(runtime)
  registerContentAlterParserOutput(runtime)
  registerLinksUpdateComplete(runtime)
  registerPageDelete(runtime)
}
