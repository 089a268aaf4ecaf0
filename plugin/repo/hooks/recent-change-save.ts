import type { HostHooks, WikiHost } from '../../../hooks/contract.js'
import { handleRecentChangeSave, type RecentChangeSaveDeps } from '../dispatch/recent-change-save-handler.js'

/** Repo: RecentChangeSave → wb_changes row + dispatch job, in the host's transaction. */
export function makeRecentChangeSaveHook (deps: RecentChangeSaveDeps): HostHooks['RecentChangeSave'] {
  return async (rc, tx) => {
    await handleRecentChangeSave(rc, tx, deps)
  }
}

export function registerRecentChangeSave (host: WikiHost | undefined, deps: RecentChangeSaveDeps): void {
  host?.hooks.hook('RecentChangeSave', makeRecentChangeSaveHook(deps))
}
