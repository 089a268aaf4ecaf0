import type { ClientBase } from 'pg'
import type { PageRef } from '../../../hooks/contract.js'
import type { WikiDatabase } from '../../db/wiki-database.js'
import type { ClientSettings } from '../../options.js'
import type { StoredChange } from '../../changes/stored-change.js'
import type { ChangeUpdateCauses } from './root-job-signature.js'
import type { UsagesByPage } from '../usage/entity-usage-row.js'
import { recentChangePages, type RecentChangeFilterChange } from './recent-change-filter.js'
import { PageUpdateBatch, type PageUpdateBatchStats } from './page-update-batch.js'
import { refreshPriority } from '../refresh/refresh-priority.js'

export interface PageUpdateStats extends Pick<PageUpdateBatchStats, 'purgeJobs' | 'purgeTagJobs' | 'refreshPages'> {
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
  /** The change's action and compact diff, for the `recentChangesFilter` rule (recent-change-filter.ts). */
  filterChange?: RecentChangeFilterChange
  /** The change's cache tags when the host purges by tag (plugin/client/refresh/cache-tags.ts), else null. */
  cacheTags?: readonly string[] | null
}

/**
 * WikiPageUpdater: for the pages a change affects, web-cache purges (by the change's cache
 * tags when the host can, else in batches of purgeCacheBatchSize pages), the pages' links
 * refreshes (a set drained at a bounded rate: plugin/client/refresh/), and recentchanges rows
 * for the first recentChangesBatchSize pages only (T177707). Pages arrive in batches
 * (streamed usages); the counts carry over between batches. The updates go into the
 * PageUpdateBatch of the whole batch of changes being handled (one inbox drain), which merges
 * them across changes; without one, each `schedule` queues its own at once. The stats count
 * what this change alone asks for, as Wikibase's per-change updater does.
 */
export class WikiPageUpdater {
  readonly stats: PageUpdateStats = {
    purgeJobs: 0, purgeTagJobs: 0, refreshPages: 0, rcJobs: 0, titles: 0, rcTitles: 0, discardedTitles: 0, incompleteChanges: 0
  }

  private readonly batch: PageUpdateBatch
  private readonly ownBatch: boolean

  constructor (
    tx: ClientBase,
    db: WikiDatabase,
    private readonly settings: Pick<ClientSettings, 'purgeCacheBatchSize' | 'recentChangesBatchSize' | 'injectRecentChanges'>
    & Partial<Pick<ClientSettings, 'recentChangesFilter'>>,
    private readonly update: ChangeUpdate,
    batch?: PageUpdateBatch
  ) {
    this.ownBatch = batch === undefined
    this.batch = batch ?? new PageUpdateBatch(tx, db, settings, update.repoSiteId)
  }

  /**
   * `usages`: per page, the usages by which the change affects it (refresh priority,
   * `recentChangesFilter`); `untagged`: pages reached through the sitelink only (no cache tag
   * of the entity: purged by page even when the host purges by tag).
   */
  async schedule (pages: readonly PageRef[], usages?: UsagesByPage, untagged?: ReadonlySet<number>): Promise<void> {
    if (pages.length === 0) return
    this.stats.titles += pages.length
    const causes = this.update.causes(pages)
    const cacheTags = this.update.cacheTags ?? null
    const byPage = cacheTags === null ? pages : pages.filter(page => untagged?.has(page.id) === true)
    await this.batch.purge(byPage, causes.purge)
    this.stats.purgeJobs += Math.ceil(byPage.length / this.settings.purgeCacheBatchSize)
    if (cacheTags !== null && cacheTags.length > 0 && this.stats.purgeTagJobs === 0) {
      this.batch.purgeTags(cacheTags, causes.purge)
      this.stats.purgeTagJobs = 1
    }
    await this.batch.refreshLinks(pages.map(page => ({ page, priority: refreshPriority(usages?.get(page.id)) })), causes.refreshLinks)
    this.stats.refreshPages += pages.length
    if (this.settings.injectRecentChanges) {
      this.scheduleRecentChanges(recentChangePages(pages, usages, this.update.filterChange, this.settings), causes)
    }
    if (this.ownBatch) await this.batch.flush()
  }

  private scheduleRecentChanges (pages: readonly PageRef[], causes: ChangeUpdateCauses): void {
    const room = Math.max(0, this.settings.recentChangesBatchSize - this.stats.rcTitles)
    const taken = pages.slice(0, room)
    this.stats.discardedTitles += pages.length - taken.length
    // One updater per change: the change is incomplete once, however many batches lost rows.
    if (this.stats.discardedTitles > 0) this.stats.incompleteChanges = 1
    if (taken.length === 0) return
    this.batch.recentChanges({
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
