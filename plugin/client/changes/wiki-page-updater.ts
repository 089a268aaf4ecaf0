import type { ClientBase } from 'pg'
import type { PageRef } from '../../../hooks/contract.js'
import type { WikiDatabase } from '../../db/wiki-database.js'
import type { ClientSettings } from '../../options.js'
import type { StoredChange } from '../../changes/stored-change.js'
import type { ChangeUpdateCauses } from './root-job-signature.js'
import type { EntityUsage } from '../usage/entity-usage.js'
import { recentChangePages, type RecentChangeFilterChange } from './recent-change-filter.js'
import { PageUpdateBatch } from './page-update-batch.js'

export interface PageUpdateStats {
  purgeJobs: number
  refreshLinksJobs: number
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
}

/**
 * WikiPageUpdater: for the pages a change affects, web-cache purges in batches of
 * purgeCacheBatchSize, one links refresh per page (pending refreshes of a page collapse),
 * and recentchanges rows for the first recentChangesBatchSize pages only (T177707). Pages
 * arrive in batches (streamed usages); the counts carry over between batches. The updates go
 * into the PageUpdateBatch of the whole batch of changes being handled (one inbox drain),
 * which merges them across changes; without one, each `schedule` queues its own at once.
 * The stats count what this change alone asks for, as Wikibase's per-change updater does.
 */
export class WikiPageUpdater {
  readonly stats: PageUpdateStats = { purgeJobs: 0, refreshLinksJobs: 0, rcJobs: 0, titles: 0, rcTitles: 0, discardedTitles: 0, incompleteChanges: 0 }
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

  /** `usages`: per page, the usages by which the change affects it (for `recentChangesFilter`). */
  async schedule (pages: readonly PageRef[], usages?: ReadonlyMap<number, readonly EntityUsage[]>): Promise<void> {
    if (pages.length === 0) return
    this.stats.titles += pages.length
    const causes = this.update.causes(pages)
    await this.batch.purge(pages, causes.purge)
    this.stats.purgeJobs += Math.ceil(pages.length / this.settings.purgeCacheBatchSize)
    await this.batch.refreshLinks(pages, causes.refreshLinks)
    this.stats.refreshLinksJobs += pages.length
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
