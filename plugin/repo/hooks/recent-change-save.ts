import type { HostHooks } from '../../../hooks/contract.js'
import { handleRecentChangeSave, type RecentChangeSaveDeps } from '../dispatch/recent-change-save-handler.js'

/** Repo: RecentChangeSave → wb_changes row + dispatch job, in the host's transaction. */
export function makeRecentChangeSaveHandler (deps: RecentChangeSaveDeps): HostHooks['RecentChangeSave'] {
  return async (rc, tx) => { await handleRecentChangeSave(rc, tx, deps) }
}
