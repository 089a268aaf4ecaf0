import type { ClientBase } from 'pg'
import type { Static } from 'typebox'
import type { PageRef, UpdateCause } from '../../../hooks/contract.js'
import type { WikiDatabase } from '../../db/wiki-database.js'
import { addJob, addJobs } from '../../queue/enqueue.js'
import type { InjectRCRecordsEntry } from '../../queue/task-payloads.js'
import type { ClientSettings } from '../../options.js'
import { titleBatchSignature } from './root-job-signature.js'
import { upsertPendingRefreshes, type RefreshRequest } from '../refresh/pending-refresh-store.js'
import { queueRefreshDrain } from '../refresh/refresh-scheduler.js'

/** One change's recentchanges rows for a batch of its pages, as the injectRCRecords job carries it. */
export type RecentChangesEntry = Static<typeof InjectRCRecordsEntry>

type PurgeCause = UpdateCause & { rootJobSignature: string, rootJobTimestamp: string }
type RefreshCause = UpdateCause & { rootJobSignature: string }
type PagePayload = { id: number, namespace: number, title: string }

/**
 * Pages of one injectRCRecords job at most: the job of a batch of many widely used changes
 * would otherwise carry megabytes. An idle wiki's batch is far below it (one job per batch).
 */
export const MAX_RC_PAGES_PER_JOB = 5000

/** Jobs (and pending refreshes) the batch queued so far. */
export interface PageUpdateBatchStats {
  purgeJobs: number
  purgeTagJobs: number
  /** Pages added to the set of pending refreshes (wikibase:refreshPages drains it). */
  refreshPages: number
  rcJobs: number
}

/** Most tags one wikibase:purgeCacheTags job carries (its payload schema's bound). */
const MAX_TAGS_PER_JOB = 10_000

/**
 * The page updates of a whole batch of changes (one inbox drain or one notification),
 * queued in the handler's transaction: a page that several changes affect is purged once
 * (in jobs of purgeCacheBatchSize pages), or, when the host purges by cache tag, the tags of
 * all changes go into one purgeCacheTags job; the pages join the set of pending refreshes
 * (plugin/client/refresh/: duplicates collapse, one drain job per wiki); and the
 * recentchanges rows of all changes go into one injectRCRecords job when the batch is
 * flushed. Purges and refreshes are written as soon as a full batch of pages is pending, so a
 * change that affects 100,000 pages is streamed as before; only the ids of purged pages are
 * kept for the whole batch.
 * Wikibase's ChangeHandler queues these per change (facts §4.2); batching them is the
 * issue-18 change that makes jobs per edit O(1/batch).
 */
export class PageUpdateBatch {
  readonly stats: PageUpdateBatchStats = { purgeJobs: 0, purgeTagJobs: 0, refreshPages: 0, rcJobs: 0 }
  private readonly purged = new Set<number>()
  private pendingPurges: Array<{ page: PagePayload, cause: PurgeCause }> = []
  private pendingRefreshes: Array<{ requests: RefreshRequest[], cause: RefreshCause }> = []
  private pendingRefreshCount = 0
  private refreshed = false
  private readonly tags = new Set<string>()
  private tagCause: PurgeCause | null = null
  private entries: RecentChangesEntry[] = []

  constructor (
    private readonly tx: ClientBase,
    private readonly db: WikiDatabase,
    private readonly settings: Pick<ClientSettings, 'purgeCacheBatchSize'>,
    private readonly repoSiteId: string
  ) {}

  /** Web-cache purges of `pages` (each page once per batch). */
  async purge (pages: readonly PageRef[], cause: PurgeCause): Promise<void> {
    for (const page of pages) {
      if (this.purged.has(page.id)) continue
      this.purged.add(page.id)
      this.pendingPurges.push({ page: toPayload(page), cause })
    }
    await this.flushPurges(false)
  }

  /** Cache tags to purge (the host's purgeCacheTags), once per batch whatever the changes. */
  purgeTags (tags: readonly string[], cause: PurgeCause): void {
    for (const tag of tags) this.tags.add(tag)
    this.tagCause ??= cause
  }

  /** Links refreshes of pages: they join the set of pending refreshes (a page's entries collapse). */
  async refreshLinks (requests: readonly RefreshRequest[], cause: RefreshCause): Promise<void> {
    if (requests.length === 0) return
    this.pendingRefreshes.push({ requests: [...requests], cause })
    this.pendingRefreshCount += requests.length
    if (this.pendingRefreshCount >= this.settings.purgeCacheBatchSize) await this.flushRefreshes()
  }

  /** Recentchanges rows of one change for some of its pages, queued with the batch's at flush. */
  recentChanges (entry: RecentChangesEntry): void {
    this.entries.push(entry)
  }

  /** Queues what is pending: the last purges and refreshes, and the batch's recentchanges job. */
  async flush (): Promise<void> {
    await this.flushPurges(true)
    await this.flushTags()
    await this.flushRefreshes()
    if (this.refreshed) await queueRefreshDrain(this.tx, this.db)
    this.refreshed = false
    await this.flushRecentChanges()
  }

  private async flushTags (): Promise<void> {
    if (this.tags.size === 0 || this.tagCause === null) return
    const jobs = chunk([...this.tags].sort(), MAX_TAGS_PER_JOB)
    for (const tags of jobs) await addJob(this.tx, this.db, 'wikibase:purgeCacheTags', { tags, cause: this.tagCause })
    this.stats.purgeTagJobs += jobs.length
    this.tags.clear()
    this.tagCause = null
  }

  private async flushPurges (all: boolean): Promise<void> {
    const size = this.settings.purgeCacheBatchSize
    const take = all ? this.pendingPurges.length : this.pendingPurges.length - (this.pendingPurges.length % size)
    if (take === 0) return
    const ready = this.pendingPurges.slice(0, take)
    this.pendingPurges = this.pendingPurges.slice(take)
    const jobs = chunk(ready, size).map(purges => ({ payload: { pages: purges.map(p => p.page), cause: chunkCause(purges) } }))
    await addJobs(this.tx, this.db, 'wikibase:purgeWebCache', jobs)
    this.stats.purgeJobs += jobs.length
  }

  private async flushRefreshes (): Promise<void> {
    if (this.pendingRefreshes.length === 0) return
    const groups = this.pendingRefreshes
    this.pendingRefreshes = []
    this.pendingRefreshCount = 0
    // One statement for the pages of all changes (each page takes the latest change's cause);
    // the drain job is queued once, at flush.
    await upsertPendingRefreshes(this.tx, this.db, groups)
    for (const { requests } of groups) this.stats.refreshPages += requests.length
    this.refreshed = true
  }

  private async flushRecentChanges (): Promise<void> {
    const jobs: RecentChangesEntry[][] = []
    let pages = MAX_RC_PAGES_PER_JOB
    for (const entry of this.entries) {
      if (pages + entry.pages.length > MAX_RC_PAGES_PER_JOB) { jobs.push([]); pages = 0 }
      jobs[jobs.length - 1]!.push(entry)
      pages += entry.pages.length
    }
    this.entries = []
    for (const entries of jobs) await addJob(this.tx, this.db, 'wikibase:injectRCRecords', { repoSiteId: this.repoSiteId, entries })
    this.stats.rcJobs += jobs.length
  }
}

/**
 * The cause of one purge job: the pages' own when one change's title batch queued them all
 * (as Wikibase's), else the first change's action and agent with the job's own title-batch
 * signature (the signature names the pages the job purges).
 */
function chunkCause (purges: ReadonlyArray<{ page: PagePayload, cause: PurgeCause }>): PurgeCause {
  const first = purges[0]!.cause
  if (purges.every(p => p.cause === first)) return first
  return { ...first, rootJobSignature: titleBatchSignature(purges.map(p => p.page as PageRef)) }
}

/** Chunks of `size` (the last may be shorter). */
export function chunk<T> (items: readonly T[], size: number): T[][] {
  const chunks: T[][] = []
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size))
  return chunks
}

function toPayload (page: PageRef): PagePayload {
  return { id: page.id, namespace: page.namespace, title: page.title }
}
