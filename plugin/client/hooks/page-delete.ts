import type { HostHooks } from '../../../hooks/contract.js'
import type { UsageUpdater } from '../usage/usage-updater.js'
import { pushDeleteToRepo, type UpdateRepoHookDeps } from '../update-repo/update-repo-hooks.js'

/** What handling a deleted page works with. */
export interface PageDeleteCompleteDeps extends UpdateRepoHookDeps {
  updater: Pick<UsageUpdater, 'pruneUsagesForPage'>
}

/**
 * Client: PageDeleteComplete → the page's usages are pruned and unused entities unsubscribed;
 * the repo's sitelink to the page is removed (UpdateRepoHookHandler::onArticleDeleteComplete).
 */
export function makePageDeleteCompleteHandler (deps: PageDeleteCompleteDeps): HostHooks['PageDeleteComplete'] {
  return async (page, tx, info) => {
    await deps.updater.pruneUsagesForPage(page.id, tx)
    await pushDeleteToRepo(deps, page, tx, info)
  }
}
