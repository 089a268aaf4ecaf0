import type { HostHooks } from '../../../hooks/contract.js'
import type { UsageUpdater } from '../usage/usage-updater.js'

/** What pruning a deleted page's usages works with. */
export interface PageDeleteCompleteDeps {
  updater: Pick<UsageUpdater, 'pruneUsagesForPage'>
}

/** Client: PageDeleteComplete → the page's usages are pruned and unused entities unsubscribed. */
export function makePageDeleteCompleteHandler (deps: PageDeleteCompleteDeps): HostHooks['PageDeleteComplete'] {
  return async (page, tx) => { await deps.updater.pruneUsagesForPage(page.id, tx) }
}
