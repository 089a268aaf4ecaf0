import type { HostHooks, ParserContext } from '../../../hooks/contract.js'
import type { ClientSettings } from '../../options.js'
import type { ClientParseSession } from '../data-access/client-parse-session.js'
import { renderStatementTransclusion } from '../data-access/statement-transclusion.js'
import { renderWikibaseParserFunction } from '../data-access/wikibase-parser-function.js'

/** What the parser functions work with. */
export interface ParserFirstCallInitDeps {
  settings: Pick<ClientSettings, 'allowDataTransclusion'>
  /** The parse session of a parser context (created on first use). */
  session: (context: ParserContext) => ClientParseSession
}

/**
 * Client: ParserFirstCallInit → `{{#property:…}}` (plain text) and `{{#statements:…}}` (rich
 * wikitext), unless `allowDataTransclusion` is off (ParserFunctionRegistrant): then no handler.
 * Beyond Wikibase: `{{#wikibase:getLabel|Q42}}` and the other functions of Lua's
 * `mw.wikibase`, for hosts without Lua (data-access/wikibase-parser-function.ts).
 */
export function makeParserFirstCallInitHandler (deps: ParserFirstCallInitDeps): HostHooks['ParserFirstCallInit'] | null {
  if (!deps.settings.allowDataTransclusion) return null
  return parser => {
    parser.setFunctionHook('property', async (context, args) => await renderStatementTransclusion(deps.session(context), args, 'plain'))
    parser.setFunctionHook('statements', async (context, args) => await renderStatementTransclusion(deps.session(context), args, 'rich'))
    parser.setFunctionHook('wikibase', async (context, args) => await renderWikibaseParserFunction(deps.session(context), args))
  }
}
