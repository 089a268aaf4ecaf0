import type { HostHooks } from '../../../hooks/contract.js'
import { storeUsagesOfParse, type DataUpdateDeps } from '../usage/data-update-handler.js'

/** Client: LinksUpdateComplete → the page's usages become those of the new parse (DataUpdateHookHandler). */
export function makeLinksUpdateCompleteHandler (deps: DataUpdateDeps): HostHooks['LinksUpdateComplete'] {
  return async (page, output, tx) => { await storeUsagesOfParse(deps, page, output, tx) }
}
