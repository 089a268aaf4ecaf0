import type { HostHooks } from '../../../hooks/contract.js'
import { pushMoveToRepo, type UpdateRepoHookDeps } from '../update-repo/update-repo-hooks.js'

/** Client: PageMoveComplete → the repo's sitelink follows the page (UpdateRepoHookHandler::onPageMoveComplete). */
export function makePageMoveCompleteHandler (deps: UpdateRepoHookDeps): HostHooks['PageMoveComplete'] {
  return async (from, to, tx, info) => { await pushMoveToRepo(deps, from, to, tx, info) }
}
