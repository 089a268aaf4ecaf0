import type { WikibaseRuntime } from '../../runtime.js'
import { clientServices } from '../client-services.js'

/** Client: PageDeleteComplete → the page's usages are pruned and unused entities unsubscribed. */
export function registerPageDelete (runtime: WikibaseRuntime): void {
  const host = runtime.host
  const services = clientServices(runtime)
  if (host === undefined || services === null) return
  host.hooks.hook('PageDeleteComplete', async (page, tx) => {
    await services.updater.pruneUsagesForPage(page.id, tx)
  })
}
