/**
 * Usage at scale, part (b): one repo label change of an entity used on `hotPages` pages,
 * handled by the client's change handler as wikibase:entityChangeNotification runs it.
 */
import pg from 'pg'
import type { EntityId } from '../hooks/ids.js'
import { handleChanges } from '../plugin/client/changes/change-handler.js'
import { tableName } from '../plugin/db/wiki-database.js'
import { CHANGE_COLUMNS, toStoredChange, type ChangeRowRecord } from '../plugin/repo/dispatch/change-store.js'
import { editLabel, type Farm, type Wiki } from './lib/farm.js'
import { withPeakRss } from './lib/report.js'
import { wikibaseInternals } from '../plugin/facade.js'

export interface HandlingResult {
  /** Wall time of handleChanges, commit included. */
  seconds: number
  baselineRssMiB: number
  peakRssGrowthMiB: number
  /** Whether every affected page was scheduled within the budget. */
  completed: boolean
  /** Pages the handler found affected / scheduled (the rest dropped once over budget). */
  affectedPages: number
  scheduledPages: number
  /** Seconds until the budget stopped scheduling (null: it did not). */
  stoppedAtSeconds: number | null
  /** Seconds spent on the batches after the stop: finding pages only, nothing scheduled. */
  findOnlySeconds: number | null
  /** Full-run estimate when stopped: the time between batches fitted linearly over the batch index. */
  projectedSeconds: number | null
  /** [pages scheduled so far, seconds since start], about every tenth of the run. */
  progress: Array<[number, number]>
  stats: unknown
  jobs: Record<string, number>
  pagesPurged: number
  rcPages: number
}

/**
 * A real repo edit of the hot entity's English label (its wb_changes row, as dispatch hands it
 * on), handled by the client's change handler in one transaction. Past `budgetSeconds` the
 * bench empties each further batch's `pageIds` through the plugin's `change:affectedPages`
 * hook, so the run still ends (the usages are still streamed, nothing more is queued) and
 * the jobs queued until then are committed and counted.
 */
export async function measureChangeHandling (farm: Farm, client: Wiki, hotEntity: EntityId, budgetSeconds: number): Promise<HandlingResult> {
  await editLabel(farm, hotEntity, 'Renamed hot item')
  const { rows } = await farm.repo.pool.query<ChangeRowRecord>(
    `SELECT ${CHANGE_COLUMNS} FROM ${tableName(wikibaseInternals(farm.repo.app).self, 'wb_changes')} c WHERE c.change_object_id = $1 ORDER BY c.change_id`, [hotEntity])
  if (rows.length !== 1) throw new Error(`expected one wb_changes row of ${hotEntity}, found ${rows.length}`)
  const notification = rows.map(toStoredChange)
  let t0 = 0
  let affected = 0
  let scheduled = 0
  let stoppedAt: number | null = null
  const batchEnds: number[] = [] // seconds at which each scheduled batch's hook ran
  const off = client.app.wikibase.hooks.hook('change:affectedPages', event => {
    const now = (performance.now() - t0) / 1000
    affected += event.pageIds.length
    if (stoppedAt === null && now > budgetSeconds) stoppedAt = now
    if (stoppedAt !== null) { event.pageIds = []; return }
    scheduled += event.pageIds.length
    batchEnds.push(now)
  })
  let handled: Awaited<ReturnType<typeof handleChanges>>
  let baselineMiB: number
  let peakGrowthMiB: number
  let seconds: number
  try {
    t0 = performance.now()
    ;({ value: handled, baselineMiB, peakGrowthMiB } = await withPeakRss(
      async () => await handleChanges(notification, farm.repo.siteId, wikibaseInternals(client.app).client!.changeHandler), 5))
    seconds = (performance.now() - t0) / 1000
  } finally {
    off()
  }
  const q = pg.escapeIdentifier(client.queueSchema)
  const { rows: jobRows } = await client.pool.query<{ task: string, n: number, pages: number }>(
    `SELECT t.identifier AS task, count(*)::int AS n,
            sum(CASE WHEN t.identifier = 'wikibase:refreshLinks' THEN 1 ELSE json_array_length(j.payload->'pages') END)::int AS pages
       FROM ${q}._private_jobs j JOIN ${q}._private_tasks t ON t.id = j.task_id GROUP BY 1 ORDER BY 1`)
  const jobs = Object.fromEntries(jobRows.map(r => [r.task, r.n]))
  const pagesOf = (task: string): number => jobRows.find(r => r.task === task)?.pages ?? 0
  const step = Math.max(1, Math.round(batchEnds.length / 10))
  const perBatch = scheduled / Math.max(1, batchEnds.length)
  const progress = batchEnds.flatMap((at, i): Array<[number, number]> => (i + 1) % step === 0 || i === batchEnds.length - 1 ? [[Math.round((i + 1) * perBatch), round2(at)]] : [])
  return {
    seconds: round2(seconds), baselineRssMiB: baselineMiB, peakRssGrowthMiB: peakGrowthMiB,
    completed: stoppedAt === null, affectedPages: affected, scheduledPages: scheduled,
    stoppedAtSeconds: stoppedAt === null ? null : round2(stoppedAt),
    findOnlySeconds: stoppedAt === null ? null : round2(seconds - stoppedAt),
    projectedSeconds: stoppedAt === null ? null : round2(projectTotal(batchEnds, Math.ceil(affected / perBatch))),
    progress, stats: handled.map(h => h.stats), jobs,
    pagesPurged: pagesOf('wikibase:purgeWebCache'), rcPages: pagesOf('wikibase:injectRCRecords')
  }
}

export const round2 = (x: number): number => Math.round(x * 100) / 100

/**
 * The time `totalBatches` batches would take when the time from batch i to batch i + 1 grows
 * linearly in i (least squares over the measured ones): the first batch's start plus the sum
 * of a + b·i over all batches.
 */
function projectTotal (batchEnds: readonly number[], totalBatches: number): number {
  const durations = batchEnds.slice(1).map((end, i) => end - batchEnds[i]!)
  if (durations.length < 2) return batchEnds[batchEnds.length - 1] ?? 0
  const n = durations.length
  const meanI = (n - 1) / 2
  const meanD = durations.reduce((a, b) => a + b, 0) / n
  let sxy = 0
  let sxx = 0
  for (const [i, d] of durations.entries()) { sxy += (i - meanI) * (d - meanD); sxx += (i - meanI) ** 2 }
  const b = sxx === 0 ? 0 : sxy / sxx
  const a = meanD - b * meanI
  let total = batchEnds[0]!
  for (let i = 0; i < totalBatches; i++) total += Math.max(0, a + b * i)
  return total
}
