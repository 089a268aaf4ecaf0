import type { WikiDatabase } from '../../db/wiki-database.js'
import type { ClientSettings } from '../../options.js'
import { selectUsages } from '../usage/entity-usage-query.js'
import { newEntityUsageFromAspectKey, type EntityUsage } from '../usage/entity-usage.js'
import { isEntityId } from '../../../hooks/ids.js'
import { cacheTagsForUsages } from './cache-tags.js'
import { isRefreshPending } from './pending-refresh-store.js'

/** More usage rows than any page keeps (entityUsagePerPageLimit is at most a few hundred). */
const MAX_USAGE_ROWS = 10_000

/**
 * What hosts read of a page's refresh state (the facade's `cacheTagsForPage`,
 * `isRefreshPending`, `pendingRefreshView`): the tags to send with a rendering (`xkey` /
 * `Surrogate-Key`), and whether a change's refresh of the page is still waiting in the set.
 */
export interface PageRefreshView {
  cacheTagsForPage: (pageId: number) => Promise<string[]>
  isRefreshPending: (pageId: number) => Promise<boolean>
  pendingRefreshView: ClientSettings['pendingRefreshView']
}

function isPageId (pageId: unknown): pageId is number {
  return Number.isSafeInteger(pageId) && (pageId as number) > 0 && (pageId as number) <= 2_147_483_647
}

export function pageRefreshView (db: Pick<WikiDatabase, 'pool' | 'dataSchema'>, settings: Pick<ClientSettings, 'pendingRefreshView'>): PageRefreshView {
  return {
    // A page id that cannot exist (not a positive int4) has no usages and nothing pending.
    cacheTagsForPage: async pageId => {
      if (!isPageId(pageId)) return []
      const rows = await selectUsages(db, { pageIds: [pageId], limit: MAX_USAGE_ROWS })
      const usages = rows.flatMap((row): EntityUsage[] => isEntityId(row.entityId) ? [newEntityUsageFromAspectKey(row.entityId, row.aspect)] : [])
      return cacheTagsForUsages(usages)
    },
    isRefreshPending: async pageId => isPageId(pageId) && await isRefreshPending(db.pool, db, pageId),
    pendingRefreshView: settings.pendingRefreshView
  }
}
