import type { ClientBase } from 'pg'
import type { PageRef } from '../../../hooks/contract.js'
import type { WikiDatabase } from '../../db/wiki-database.js'
import { addJob } from '../../queue/enqueue.js'
import type { ClientSettings } from '../../options.js'
import type { StoredChange } from '../../changes/stored-change.js'
import type { ChangeUpdateCauses } from './root-job-signature.js'
import type { UsagesByPage } from '../usage/entity-usage-row.js'
import { schedulePageCacheUpdates, type PageCacheUpdateStats } from '../refresh/page-cache-updates.js'

export interface PageUpdateStats extends PageCacheUpdateStats {
  rcJobs: number
  titles: number
  rcTitles: number
  /** Pages that got no recentchanges row because the change hit more than recentChangesBatchSize. */
  discardedTitles: number
  /** 1 when the change lost recentchanges rows that way (Wikibase's incompleteChanges), else 0. */
  incompleteChanges: number
}

export interface ChangeUpdate {
  repoSiteId: string
  /** The change as the injectRCRecords payload carries it. */
  change: StoredChange
  changeKey: string
  /** Root job parameters and cause of the updates of a batch of pages. */
  causes: (pages: readonly PageRef[]) => ChangeUpdateCauses
  /** The change's cache tags when the host purges by tag (plugin/client/refresh/cache-tags.ts), else null. */
  cacheTags?: readonly string[] | null
}

/** Chunks of `size` (kept here for its callers; the refresh/purge part lives in plugin/client/refresh/). */
export { chunk } from '../refresh/page-cache-updates.js'

/**
 * WikiPageUpdater: for the pages a change affects, queue web-cache purges (by tag, or in
 * batches of purgeCacheBatchSize), the pages' links refreshes (a set drained at a bounded
 * rate: plugin/client/refresh/), and recentchanges rows for the first recentChangesBatchSize pages only (T177707). Pages
 * arrive in batches (streamed usages); the counts carry over between batches.
 */
export class WikiPageUpdater {
  readonly stats: PageUpdateStats = {
    purgeJobs: 0, purgeTagJobs: 0, refreshPages: 0, rcJobs: 0, titles: 0, rcTitles: 0, discardedTitles: 0, incompleteChanges: 0
  }

  constructor (
    private readonly tx: ClientBase,
    private readonly db: WikiDatabase,
    private readonly settings: Pick<ClientSettings, 'purgeCacheBatchSize' | 'recentChangesBatchSize' | 'injectRecentChanges'>,
    private readonly update: ChangeUpdate
  ) {}

  async schedule (pages: readonly PageRef[], usages?: UsagesByPage, untagged?: ReadonlySet<number>): Promise<void> {
    if (pages.length === 0) return
    this.stats.titles += pages.length
    const causes = this.update.causes(pages)
    await schedulePageCacheUpdates(this.tx, this.db, {
      pages, usages, untagged, cacheTags: this.update.cacheTags ?? null, purgeCacheBatchSize: this.settings.purgeCacheBatchSize, causes
    }, this.stats)
    if (this.settings.injectRecentChanges) await this.scheduleRecentChanges(pages, causes)
  }

  private async scheduleRecentChanges (pages: readonly PageRef[], causes: ChangeUpdateCauses): Promise<void> {
    const room = Math.max(0, this.settings.recentChangesBatchSize - this.stats.rcTitles)
    const taken = pages.slice(0, room)
    this.stats.discardedTitles += pages.length - taken.length
    // One updater per change: the change is incomplete once, however many batches lost rows.
    if (this.stats.discardedTitles > 0) this.stats.incompleteChanges = 1
    if (taken.length === 0) return
    await addJob(this.tx, this.db, 'wikibase:injectRCRecords', {
      repoSiteId: this.update.repoSiteId,
      change: this.update.change,
      changeKey: this.update.changeKey,
      pages: taken.map(toPayload),
      ...causes.recentChanges
    })
    this.stats.rcJobs += 1
    this.stats.rcTitles += taken.length
  }
}

function toPayload (page: PageRef): { id: number, namespace: number, title: string } {
  return { id: page.id, namespace: page.namespace, title: page.title }
}
