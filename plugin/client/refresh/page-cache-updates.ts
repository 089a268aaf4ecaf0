import type { ClientBase } from 'pg'
import type { PageRef, UpdateCause } from '../../../hooks/contract.js'
import type { WikiDatabase } from '../../db/wiki-database.js'
import { addJob, addJobs } from '../../queue/enqueue.js'
import type { UsagesByPage } from '../usage/entity-usage-row.js'
import { refreshPriority } from './refresh-priority.js'
import { scheduleRefreshes } from './refresh-scheduler.js'

/** What a change's refreshes and purges queued so far (carried over its batches of pages). */
export interface PageCacheUpdateStats {
  /** wikibase:purgeWebCache jobs (batches of purgeCacheBatchSize pages). */
  purgeJobs: number
  /** wikibase:purgeCacheTags jobs: 1 for a change when the host purges by tag, else 0. */
  purgeTagJobs: number
  /** Pages added to the set of pending refreshes (wikibase:refreshPages drains it). */
  refreshPages: number
}

export interface PageCacheUpdateInput {
  pages: readonly PageRef[]
  /** The usages the change affected, per page: they rank the refreshes (refresh-priority.ts). */
  usages?: UsagesByPage
  /**
   * Pages the change reaches through its sitelink (virtual usages) rather than a recorded
   * usage: they carry no cache tag of the entity, so they are purged by page even when the
   * host purges by tag.
   */
  untagged?: ReadonlySet<number>
  /** The change's cache tags (cache-tags.ts) when the host has purgeCacheTags, else null. */
  cacheTags: readonly string[] | null
  purgeCacheBatchSize: number
  causes: { purge: UpdateCause, refreshLinks: UpdateCause }
}

/**
 * The refresh and purge part of WikiPageUpdater for one batch of a change's pages (issue 18
 * point 3, beyond Wikibase's one RefreshLinksJob per page): the pages join the set of pending
 * refreshes (one drain job per wiki); the web caches are purged by the change's tags with one
 * job per change when the host can, else by purge batches of pages as Wikibase does.
 */
export async function schedulePageCacheUpdates (
  tx: ClientBase, db: Pick<WikiDatabase, 'siteId' | 'dataSchema' | 'queueSchema'>, input: PageCacheUpdateInput, stats: PageCacheUpdateStats
): Promise<void> {
  if (input.pages.length === 0) return
  const byPage = input.cacheTags === null ? input.pages : input.pages.filter(page => input.untagged?.has(page.id) === true)
  if (input.cacheTags !== null && input.cacheTags.length > 0 && stats.purgeTagJobs === 0) {
    await addJob(tx, db, 'wikibase:purgeCacheTags', { tags: [...input.cacheTags], cause: input.causes.purge })
    stats.purgeTagJobs = 1
  }
  const purges = chunk(byPage.map(toPayload), input.purgeCacheBatchSize).map(batch => ({ pages: batch, cause: input.causes.purge }))
  if (purges.length > 0) await addJobs(tx, db, 'wikibase:purgeWebCache', purges.map(payload => ({ payload })))
  stats.purgeJobs += purges.length
  await scheduleRefreshes(tx, db, input.pages.map(page => ({ page, priority: refreshPriority(input.usages?.get(page.id)) })), input.causes.refreshLinks)
  stats.refreshPages += input.pages.length
}

/** Chunks of `size` (the last may be shorter). */
export function chunk<T> (items: readonly T[], size: number): T[][] {
  const chunks: T[][] = []
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size))
  return chunks
}

function toPayload (page: PageRef): { id: number, namespace: number, title: string } {
  return { id: page.id, namespace: page.namespace, title: page.title }
}
