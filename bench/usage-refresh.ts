/**
 * Usage at scale, part (c): after (b) scheduled the refreshes of the hot entity's pages, the
 * client's job workers start (a child process) and work them off at the configured
 * `client.pageRefreshRate`; measured: the time until every scheduled page was refreshed (the
 * host's `refreshed` rows, which the host's page refresh writes) and the worker process's peak
 * RSS. The setting belongs to the page-refresh work of issue 18; while the plugin has no such
 * setting the figure is skipped with a note (one refreshLinks job per page is not a rate).
 */
import pg from 'pg'
import { WikibaseOptionsSchema } from '../plugin/options.js'
import { spawnWorkers } from './lib/child-workers.js'
import { queueLength, type Farm, type Wiki } from './lib/farm.js'
import { processMemory, sleep } from './lib/report.js'

/** The plugin's `client.pageRefreshRate` setting as its options schema describes it, if it has one. */
export function pageRefreshRateSetting (): { maximum?: number, default?: number } | null {
  const properties = (WikibaseOptionsSchema.properties.client as unknown as { properties: Record<string, { maximum?: number, default?: number } | undefined> }).properties
  return properties.pageRefreshRate ?? null
}

/** `wanted` within the setting's bounds; null without the setting. */
export function refreshRateToConfigure (wanted: number): number | null {
  const setting = pageRefreshRateSetting()
  if (setting === null) return null
  return Math.min(wanted, setting.maximum ?? wanted)
}

export interface RefreshResult {
  pageRefreshRate: number | null
  note?: string
  pages?: number
  pagesRefreshed?: number
  secondsUntilEveryPageRefreshed?: number | null
  secondsUntilQueueEmpty?: number | null
  workerPeakRssMiB?: number | null
}

/** Starts the client's workers and waits (up to twice the time the rate needs, plus a minute) until `pages` pages were refreshed. */
export async function measureRefreshAtRate (farm: Farm, client: Wiki, pages: number, rate: number | null): Promise<RefreshResult> {
  if (rate === null) return { pageRefreshRate: null, note: 'skipped: the plugin has no client.pageRefreshRate setting' }
  const refreshed = `${pg.escapeIdentifier(client.hostSchema)}.refreshed`
  const { rows: [start] } = await client.pool.query<{ id: string }>(`SELECT coalesce(max(id), 0) AS id FROM ${refreshed}`)
  const definition = farm.definitions.find(d => d.options.siteId === client.siteId)!
  const worker = await spawnWorkers([definition])
  try {
    const t0 = performance.now()
    const deadline = t0 + ((2 * pages) / rate + 60) * 1000
    let done = 0
    let allAt: number | null = null
    let emptyAt: number | null = null
    while (performance.now() < deadline && (allAt === null || emptyAt === null)) {
      done = Number((await client.pool.query(`SELECT count(DISTINCT page_id) AS n FROM ${refreshed} WHERE id > $1`, [start!.id])).rows[0].n)
      if (allAt === null && done >= pages) allAt = (performance.now() - t0) / 1000
      if (emptyAt === null && await queueLength(client) === 0) emptyAt = (performance.now() - t0) / 1000
      await sleep(500)
    }
    const memory = await processMemory(worker.pid)
    const round1 = (x: number | null): number | null => x === null ? null : Math.round(x * 10) / 10
    return {
      pageRefreshRate: rate, pages, pagesRefreshed: done,
      secondsUntilEveryPageRefreshed: round1(allAt), secondsUntilQueueEmpty: round1(emptyAt),
      workerPeakRssMiB: memory?.peakRssMiB ?? null
    }
  } finally {
    await worker.kill('SIGKILL')
  }
}
