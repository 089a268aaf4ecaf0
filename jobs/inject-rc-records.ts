import { defineTask } from '../plugin/queue/task-definition.js'
import { InjectRCRecordsPayload } from '../plugin/queue/task-payloads.js'
import { deserializeChange } from '../plugin/changes/entity-change.js'
import { claimRecentChangePages, recordRecentChangeIds } from '../plugin/client/changes/handled-change-store.js'
import { newRecentChange, prepareRecentChangeAttributes } from '../plugin/client/changes/recent-change-factory.js'
import type { PageId } from '../hooks/ids.js'

/**
 * wikibase:injectRCRecords (InjectRCRecordsJob): one recentchanges row per page for a repo
 * change, through the host. The (change, page) pairs are claimed in the same transaction as
 * the insert, so a replayed job inserts no second row.
 */
export const injectRCRecords = defineTask({
  name: 'wikibase:injectRCRecords',
  payload: InjectRCRecordsPayload,
  run: async ({ repoSiteId, change: row, changeKey, pages }, runtime) => {
    const { host, client } = runtime
    if (host === undefined || client === null) return
    const self = runtime.self
    const change = deserializeChange(row, message => runtime.log.warn(message))
    // Lookups first: the host's services may need connections of their own, and holding the
    // transaction's connection while waiting for them could starve a small pool.
    const existing = await host.services.pagesByIds(pages.map(p => p.id as PageId))
    if (existing.length === 0) return
    const deps = await client.recentChangeDeps(change, repoSiteId, existing[0]!.contentLanguage)
    const prepared = prepareRecentChangeAttributes(change, deps)
    await host.services.transaction(async tx => {
      const claimed = await claimRecentChangePages(tx, self, repoSiteId, changeKey, existing.map(p => p.id))
      const targets = existing.filter(page => claimed.has(page.id))
      if (targets.length === 0) return
      const rows = targets.map(target => newRecentChange(change, target, prepared, deps))
      const ids = await host.services.insertRecentChanges(rows, tx)
      await recordRecentChangeIds(tx, self, repoSiteId, changeKey, new Map(targets.map((target, i) => [target.id as number, ids[i]!])))
    })
  }
})
