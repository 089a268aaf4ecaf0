import type { WikibaseRuntime } from '../../runtime.js'
import { handleRecentChangeSave } from '../dispatch/recent-change-save-handler.js'

/** Repo: RecentChangeSave → wb_changes row + dispatch job, in the host's transaction. */
export function registerRecentChangeSave (runtime: WikibaseRuntime): void {
  const host = runtime.host
  if (host === undefined) return
  const centralUserId = host.services.centralUserId ?? (async () => 0)
  host.hooks.hook('RecentChangeSave', async (rc, tx) => {
    await handleRecentChangeSave(rc, tx, { db: runtime.self, centralUserId, dispatchDelayMs: runtime.options.repoSettings.dispatchDelay })
  })
}
