import type { WikibaseRuntime } from '../../runtime.js'
import { clientServices } from '../client-services.js'
import { renderStatementTransclusion } from '../data-access/statement-transclusion.js'

/**
 * Client: ParserFirstCallInit → `{{#property:…}}` (plain text) and `{{#statements:…}}` (rich
 * wikitext), unless `allowDataTransclusion` is off (ParserFunctionRegistrant).
 */
export function registerParserInit (runtime: WikibaseRuntime): void {
  const host = runtime.host
  const services = clientServices(runtime)
  if (host === undefined || services === null || !runtime.options.client.allowDataTransclusion) return
  host.hooks.hook('ParserFirstCallInit', parser => {
    parser.setFunctionHook('property', async (context, args) => await renderStatementTransclusion(services.session(context), args, 'plain'))
    parser.setFunctionHook('statements', async (context, args) => await renderStatementTransclusion(services.session(context), args, 'rich'))
  })
}
