import type { WikibaseRuntime } from '../../runtime.js'
import { clientServices } from '../client-services.js'
import { updateConnectedPageOutput } from '../data-access/connected-page-updater.js'

/** Client: after a parse, a page connected to an item gets `wikibase_item`, `S` and language links. */
export function registerContentAlterParserOutput (runtime: WikibaseRuntime): void {
  const host = runtime.host
  const services = clientServices(runtime)
  if (host === undefined || services === null) return
  host.hooks.hook('ContentAlterParserOutput', async context => {
    try {
      await updateConnectedPageOutput(services.session(context), services.sites)
    } catch (error) {
      // A parse must not fail because the repo is unreachable; the page is re-parsed later.
      runtime.log.error({ err: error, page: context.page }, 'wikibase: could not add the connected item to the parser output')
    }
  })
}
