import type { FastifyBaseLogger } from 'fastify'
import type { HostHooks, ParserContext } from '../../../hooks/contract.js'
import type { ClientParseSession } from '../data-access/client-parse-session.js'
import { updateConnectedPageOutput, type SiteSource } from '../data-access/connected-page-updater.js'

/** What the connected-page output works with. */
export interface ContentAlterParserOutputDeps {
  session: (context: ParserContext) => ClientParseSession
  /** Sites of the language links. */
  sites: SiteSource
  log: Pick<FastifyBaseLogger, 'error'>
}

/** Client: after a parse, a page connected to an item gets `wikibase_item`, `S` and language links. */
export function makeContentAlterParserOutputHandler (deps: ContentAlterParserOutputDeps): HostHooks['ContentAlterParserOutput'] {
  return async context => {
    try {
      await updateConnectedPageOutput(deps.session(context), deps.sites)
    } catch (error) {
      // A parse must not fail because the repo is unreachable; the page is re-parsed later.
      deps.log.error({ err: error, page: context.page }, 'wikibase: could not add the connected item to the parser output')
    }
  }
}
