import type { HostHooks, ParserContext } from '../../../hooks/contract.js'
import type { ClientSettings } from '../../options.js'
import type { ClientParseSession } from '../data-access/client-parse-session.js'
import { EXPECTED_UNCONNECTED_PAGE_PROP } from '../data-access/connected-page-updater.js'
import { renderStatementTransclusion } from '../data-access/statement-transclusion.js'
import { renderWikibaseParserFunction } from '../data-access/wikibase-parser-function.js'
import { escapeWikitext } from '../data-access/wikitext-escaping.js'
import { applyNoExternalLangLinks } from './no-lang-link-handler.js'
import { applyShortDesc } from './short-desc-handler.js'

/** What the parser functions work with. */
export interface ParserFirstCallInitDeps {
  settings: Pick<ClientSettings, 'allowDataTransclusion' | 'repoSiteName'>
  /** The parse session of a parser context (created on first use). */
  session: (context: ParserContext) => ClientParseSession
}

/**
 * Client: ParserFirstCallInit (ParserFunctionRegistrant and MagicWordHookHandler) →
 * `{{#property:…}}` (plain text) and `{{#statements:…}}` (rich wikitext) unless
 * `allowDataTransclusion` is off; always `{{SHORTDESC:…}}`, `{{noexternallanglinks:…}}`,
 * `{{wbreponame}}` and `__EXPECTED_UNCONNECTED_PAGE__` (the last two when the host offers
 * variables and behaviour switches).
 */
export function makeParserFirstCallInitHandler (deps: ParserFirstCallInitDeps): HostHooks['ParserFirstCallInit'] {
  return parser => {
    if (deps.settings.allowDataTransclusion) {
      parser.setFunctionHook('property', async (context, args) => await renderStatementTransclusion(deps.session(context), args, 'plain'))
      parser.setFunctionHook('statements', async (context, args) => await renderStatementTransclusion(deps.session(context), args, 'rich'))
      parser.setFunctionHook('wikibase', async (context, args) => await renderWikibaseParserFunction(deps.session(context), args))
    }
    parser.setFunctionHook('shortdesc', (context, [description = '', control = '']) => applyShortDesc(context.output, description, control), { noHash: true })
    parser.setFunctionHook('noexternallanglinks', (context, codes) => applyNoExternalLangLinks(context.output, context.page.namespace, codes), { noHash: true })
    // The name is configuration, not wikitext: escaped so that it renders as written.
    parser.setVariable?.('wbreponame', () => escapeWikitext(deps.settings.repoSiteName))
    parser.setDoubleUnderscore?.(EXPECTED_UNCONNECTED_PAGE_PROP, 'EXPECTED_UNCONNECTED_PAGE')
  }
}
