import type { WikibaseRuntime } from '../../runtime.js'
import { clientServices } from '../client-services.js'
import { updateConnectedPageOutput } from '../data-access/connected-page-updater.js'
import { identityOf } from '../usage/entity-usage.js'
import { exceedsEntityUsagePerPageLimit, getUsages } from '../usage/usage-accumulator.js'
import type { PageId } from '../../../hooks/ids.js'

/**
 * Client: LinksUpdateComplete → the page's `wbc_entity_usage` rows become the usages of the
 * new parser output (in the host's transaction), then subscriptions follow (facts §5.6).
 */
export function registerLinksUpdateComplete (runtime: WikibaseRuntime): void {
  const host = runtime.host
  const services = clientServices(runtime)
  if (host === undefined || services === null) return
  host.hooks.hook('LinksUpdateComplete', async (page, output, tx) => {
    if (!(page.id >= 1)) {
      runtime.log.warn({ page }, 'wikibase: LinksUpdateComplete for a page without id; usages not stored')
      return
    }
    const session = services.session({ page, contentLanguage: page.contentLanguage, output })
    // Hosts that do not fire ContentAlterParserOutput: the connected item's `S` is still recorded.
    await updateConnectedPageOutput(session, null)
    const usages = getUsages(session.accumulation, services.modifierLimits)
    if (exceedsEntityUsagePerPageLimit(usages.length, services.entityUsagePerPageLimit)) {
      runtime.log.warn({ pageId: page.id, usages: usages.length, limit: services.entityUsagePerPageLimit }, 'wikibase: page uses more entity usages than entityUsagePerPageLimit')
    }
    await runtime.hooks.callHook('usage:recorded', { pageId: page.id, usages: usages.map(identityOf) })
    await services.updater.replaceUsagesForPage(page.id as PageId, usages, tx)
  })
}
