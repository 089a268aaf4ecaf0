import type { HostHooks } from '../../../hooks/contract.js'
import { queueNewUsagesOfRendering, type ParserCacheSaveDeps } from '../usage/parser-cache-save-handler.js'

/** Client: ParserCacheSaveComplete → usages the new rendering found but the page lacks, added by a job. */
export function makeParserCacheSaveCompleteHandler (deps: ParserCacheSaveDeps): HostHooks['ParserCacheSaveComplete'] {
  return async (page, output, userLanguage) => { await queueNewUsagesOfRendering(deps, page, output, userLanguage) }
}
