/**
 * (3) Usage at scale: a client wiki with `usages` wbc_entity_usage rows over `pages` pages
 * (loaded in set-based SQL), then
 * (a) page saves of pages with `pageUsages` usages through the client's LinksUpdateComplete
 *     handler (the host's transaction; usage rows replaced, subscriptions in the repo), each
 *     save changing `changedPerSave` of the page's usages;
 * (b) one repo label change of an entity used on `hotPages` pages, handled by the client's
 *     change handler (as wikibase:entityChangeNotification runs it): wall time, peak RSS
 *     growth and the jobs it queued;
 * (c) the client's workers then refresh those pages at `client.pageRefreshRate` (when the
 *     plugin has that setting): time until every page was refreshed (usage-refresh.ts).
 * No job worker runs (the farm's workers are 'child' and none is spawned), so the queued jobs
 * stay in the client's queue to be counted.
 */
import os from 'node:os'
import pg from 'pg'
import type { PageRecord, ParserOutput } from '../hooks/contract.js'
import { UsageUpdater } from '../plugin/client/usage/usage-updater.js'
import { identityOf, newEntityUsageFromIdentity } from '../plugin/client/usage/entity-usage.js'
import type { PageId } from '../hooks/ids.js'
import { ENTITY_USAGE_EXTENSION_DATA_KEY } from '../plugin/client/usage/usage-accumulator.js'
import { tableName, withTransaction } from '../plugin/db/wiki-database.js'
import type { EntityId } from '../hooks/ids.js'
import { createItems, startFarm, type Farm, type Wiki } from './lib/farm.js'
import { prng } from './lib/prng.js'
import { printTable, summary } from './lib/report.js'
import { measureChangeHandling, round2 } from './usage-change-handling.js'
import { measureRefreshAtRate, refreshRateToConfigure } from './usage-refresh.js'
import { wikibaseInternals } from '../plugin/facade.js'
import { readUsageCountOutbox } from '../plugin/client/usage/usage-count-outbox.js'
import { syncUsageCounts } from '../plugin/client/usage/usage-count-sync.js'

export interface UsageConfig {
  /** Client pages (host.page rows). */
  pages: number
  /** wbc_entity_usage rows loaded (about; the sampled pages then hold pageUsages each). */
  usages: number
  /** Other entities the loaded usages point at. */
  entities: number
  /** Pages using the entity of measurement (b) (`L.en`, every second page). */
  hotPages: number
  /** Usages of each page saved in (a), and how many of them each save changes. */
  pageUsages: number
  changedPerSave: number
  /** Measured saves, spread round-robin over `samplePages` pages. */
  samples: number
  samplePages: number
  /** (b) stops queueing page updates after this many seconds (keeps the run short). */
  handlingBudgetSeconds: number
  /** (c) pages per second the client is configured to refresh (bounded by the setting's maximum). */
  pageRefreshRate: number
}

/** Aspects of the filler rows, by position on the page (k = 0, 1, …). */
const FILLER_ASPECTS = ['S', 'L.en', 'D.en', 'C.P31', 'O', 'L.de', 'D.de', 'C.P17']
/** Entity ids of the filler usages: Q1000000 + n, clear of the items the repo creates. */
const FILLER_BASE = 1_000_000

export async function usageBench (config: UsageConfig): Promise<Record<string, unknown>> {
  const rate = refreshRateToConfigure(config.pageRefreshRate)
  const clientSettings = (rate === null ? {} : { pageRefreshRate: rate }) as Parameters<typeof startFarm>[0]['clientSettings']
  const farm = await startFarm({ label: 'usage', clients: 1, workers: 'child', clientSettings })
  const loadBefore = os.loadavg()[0]!
  try {
    const client = farm.clients[0]!
    const { samplePageIds, ...load } = await loadUsages(farm, client, config)
    const saves = await measureSaves(client, config, samplePageIds)
    const handling = await measureChangeHandling(farm, client, load.hotEntity, config.handlingBudgetSeconds)
    const refresh = await measureRefreshAtRate(farm, client, handling.scheduledPages, rate)
    const tableRows: Array<Record<string, unknown>> = [
      { measure: `(a) page save, LinksUpdateComplete, ${config.pageUsages} usages, ${config.changedPerSave} changed (ms)`, ...saves.hook },
      { measure: '(a) same, UsageUpdater.replaceUsagesForPage alone (ms)', ...saves.updaterOnly },
      { measure: '(a) same, without the repo subscription write (ms)', ...saves.updaterWithoutSubscriptions },
      { measure: 'floor: BEGIN, one INSERT, COMMIT on the client (ms)', ...saves.commitFloor }
    ]
    printTable(`Usage at scale: ${load.rows.toLocaleString('en')} wbc_entity_usage rows over ${config.pages.toLocaleString('en')} pages (loaded in ${load.seconds} s)`, tableRows)
    if (saves.countSync !== null) {
      process.stdout.write(`(a) deferred usage counts: one wikibase:syncUsageCounts run after the saves wrote ${saves.countSync.entities} entities' counts to the repo in ` +
        `${saves.countSync.ms} ms; repo equals a recount: ${String(saves.countSync.exact)}\n`)
    }
    printTable(`Usage at scale: one en label change of ${load.hotEntity}, used on ${load.hotPages.toLocaleString('en')} pages, one transaction`, [{
      seconds: handling.seconds, completed: handling.completed, peakRssGrowthMiB: handling.peakRssGrowthMiB,
      affectedPages: handling.affectedPages, scheduledPages: handling.scheduledPages,
      refreshLinksJobs: handling.jobs['wikibase:refreshLinks'] ?? 0, purgeJobs: handling.jobs['wikibase:purgeWebCache'] ?? 0,
      injectRCRecordsJobs: handling.jobs['wikibase:injectRCRecords'] ?? 0, pagesPurged: handling.pagesPurged, rcPages: handling.rcPages
    }])
    if (!handling.completed) {
      process.stdout.write(`(b) stopped queueing at ${handling.stoppedAtSeconds} s (budget ${config.handlingBudgetSeconds} s) after ${handling.scheduledPages.toLocaleString('en')} pages; ` +
        `finding the other ${(handling.affectedPages - handling.scheduledPages).toLocaleString('en')} took ${handling.findOnlySeconds} s; projected full run ${handling.projectedSeconds} s\n`)
    }
    process.stdout.write(`(b) progress [pages scheduled, s]: ${JSON.stringify(handling.progress)}\n`)
    printTable('Usage at scale: (c) those pages refreshed at the configured client.pageRefreshRate (pages/s)', [{ ...refresh }])
    const targets = {
      saveP50Ms: 3, saveP50Met: saves.hook.p50 < 3,
      handlingSeconds: 5, handlingSecondsMet: handling.completed && handling.seconds < 5,
      handlingRssGrowthMiB: 100, handlingRssGrowthMet: handling.peakRssGrowthMiB < 100
    }
    // Other processes on the machine (e.g. test runs) make the save latencies noisy.
    const loadAverage = { before: round2(loadBefore), after: round2(os.loadavg()[0]!), cpus: os.cpus().length }
    process.stdout.write(`load average (1 min) before ${loadAverage.before}, after ${loadAverage.after}, on ${loadAverage.cpus} CPUs\n`)
    return { config, load, saves, handling, refresh, targets, loadAverage }
  } finally {
    await farm.close()
  }
}

/**
 * host.page rows 1…pages; usage rows: per page `usages / pages` rows, position 0 on every
 * second page (up to hotPages) `<hot>#L.en`, position 1 on every tenth page `<hot>#C.P31`,
 * the rest spread over `entities` filler entities; the client subscribed to all of them.
 */
async function loadUsages (farm: Farm, client: Wiki, config: UsageConfig): Promise<{ hotEntity: EntityId, rows: number, hotPages: number, perPage: number, seconds: number, samplePageIds: number[] }> {
  const t0 = performance.now()
  const [hotEntity] = await createItems(farm, 1)
  const perPage = Math.min(FILLER_ASPECTS.length, Math.max(2, Math.round(config.usages / config.pages)))
  const h = pg.escapeIdentifier(client.hostSchema)
  const usage = tableName(wikibaseInternals(client.app).self, 'wbc_entity_usage')
  await client.pool.query(`
    INSERT INTO ${h}.page (page_namespace, page_title, page_latest, page_len, page_lang)
    SELECT 0, 'Page_' || n, 1, 1000, 'en' FROM generate_series(1, $1::int) AS n ORDER BY n`, [config.pages])
  const { rows: [range] } = await client.pool.query<{ lo: number, hi: number }>(`SELECT min(page_id) AS lo, max(page_id) AS hi FROM ${h}.page`)
  if (range!.lo !== 1 || range!.hi !== config.pages) throw new Error(`host page ids ${range!.lo}…${range!.hi}, expected 1…${config.pages}`)
  await client.pool.query(`
    INSERT INTO ${usage} (eu_entity_id, eu_aspect, eu_page_id)
    SELECT CASE WHEN (k = 0 AND p % 2 = 0 AND p <= 2 * $4::int) OR (k = 1 AND p % 10 = 0) THEN $3::text
                ELSE 'Q' || ($5::bigint + (p::bigint * 2654435761 + k * 40503) % $2::int) END,
           CASE WHEN k = 0 AND p % 2 = 0 AND p <= 2 * $4::int THEN 'L.en'
                WHEN k = 1 AND p % 10 = 0 THEN 'C.P31'
                ELSE ($6::text[])[k + 1] END,
           p
      FROM generate_series(1, $1::int) AS p, generate_series(0, $7::int - 1) AS k
     ORDER BY p, k`, [config.pages, config.entities, hotEntity, config.hotPages, FILLER_BASE, FILLER_ASPECTS, perPage])
  await client.pool.query(`VACUUM ANALYZE ${usage}`)
  await client.pool.query(`VACUUM ANALYZE ${h}.page`)
  await farm.repo.pool.query(`
    INSERT INTO ${tableName(wikibaseInternals(farm.repo.app).self, 'wb_changes_subscription')} (cs_entity_id, cs_subscriber_id)
    SELECT id, $3 FROM (SELECT $1::text AS id UNION ALL SELECT 'Q' || ($4::bigint + n) FROM generate_series(0, $2::int - 1) AS n) AS e
    ON CONFLICT DO NOTHING`, [hotEntity, config.entities, client.siteId, FILLER_BASE])
  const { rows: [counts] } = await client.pool.query<{ rows: number, hot: number }>(
    `SELECT count(*)::int AS rows, count(DISTINCT eu_page_id) FILTER (WHERE eu_entity_id = $1)::int AS hot FROM ${usage}`, [hotEntity])
  // Odd pages (not using the hot entity), spread over the whole range.
  const samplePageIds = Array.from({ length: config.samplePages }, (_, i) => 2 * Math.floor((i * config.pages) / (2 * config.samplePages)) + 1)
  return { hotEntity: hotEntity!, rows: counts!.rows, hotPages: counts!.hot, perPage, seconds: Math.round((performance.now() - t0) / 100) / 10, samplePageIds }
}

type Summary = ReturnType<typeof summary>

/** One run of the usage-count sync over what the measured saves left in the outbox (null: counts not deferred). */
async function measureCountSync (client: Wiki): Promise<SaveResults['countSync']> {
  const services = wikibaseInternals(client.app).client!
  if (services.repoDb === null) return null
  const db = wikibaseInternals(client.app).self
  const marked = (await readUsageCountOutbox(client.pool, db, 1_000_000)).map(m => m.entityId)
  const t0 = performance.now()
  await syncUsageCounts({ db, tracker: services.tracker, repo: services.repoDb })
  const ms = Math.round((performance.now() - t0) * 10) / 10
  const fresh = await services.tracker.countPagesUsing(marked)
  const { rows } = await services.repoDb.pool.query<{ id: string, pages: number }>(
    `SELECT uc_entity_id AS id, uc_pages AS pages FROM ${tableName(services.repoDb, 'wb_entity_usage_counts')} WHERE uc_site_id = $1 AND uc_entity_id = ANY($2::text[])`,
    [db.siteId, marked])
  const stored = new Map(rows.map(r => [r.id, r.pages]))
  return { entities: marked.length, ms, exact: marked.every(id => (stored.get(id) ?? 0) === (fresh.get(id) ?? 0)) }
}
interface SaveResults {
  hook: Summary
  updaterOnly: Summary
  updaterWithoutSubscriptions: Summary
  commitFloor: Summary
  warmupSaves: number
  /**
   * The deferred usage counts (wikibase:syncUsageCounts, run here once after all saves): the
   * entities the saves left in the outbox, the sync's wall time, and whether the repo's
   * counts then equal a recount of the client's usage table for those entities.
   */
  countSync: { entities: number, ms: number, exact: boolean } | null
  /** Every sampled page's stored usages equal the last save's. */
  storedMatches: boolean
  rowsAfter: number
}

/**
 * Each sample page gets `pageUsages` usages (20 entities: L.en on all, S and C.P31 on ten,
 * D.en on the other ten) in an unmeasured first save; then every measured save replaces
 * `changedPerSave` of them by usages of other entities, same aspect.
 */
async function measureSaves (client: Wiki, config: UsageConfig, pageIds: number[]): Promise<SaveResults> {
  const random = prng(9)
  const filler = (): string => `Q${FILLER_BASE + Math.floor(random() * config.entities)}`
  const pages = new Map<number, string[]>()
  for (const id of pageIds) {
    const entities = Array.from({ length: Math.ceil(config.pageUsages / 2.5) }, filler)
    const usages = new Set<string>()
    for (const [i, e] of entities.entries()) {
      for (const aspect of ['L.en', ...(i < entities.length / 2 ? ['S', 'C.P31'] : ['D.en'])]) {
        if (usages.size < config.pageUsages) usages.add(`${e}#${aspect}`)
      }
    }
    pages.set(id, [...usages])
  }
  const change = (identities: string[]): string[] => {
    const next = [...identities]
    const present = new Set(next)
    const picked = new Set<number>()
    while (picked.size < Math.min(config.changedPerSave, next.length)) picked.add(Math.floor(random() * next.length))
    for (const i of picked) {
      const aspect = next[i]!.slice(next[i]!.indexOf('#') + 1)
      let replacement: string
      do replacement = `${filler()}#${aspect}`; while (present.has(replacement))
      present.delete(next[i]!)
      present.add(replacement)
      next[i] = replacement
    }
    return next
  }
  const record = (id: number): PageRecord => ({ id: id as PageId, namespace: 0, title: `Page_${id}`, latestRevisionId: 1, length: 1000, contentLanguage: 'en' })
  const output = (identities: string[]): ParserOutput =>
    ({ extensionData: new Map([[ENTITY_USAGE_EXTENSION_DATA_KEY, new Set(identities)]]), pageProps: new Map(), languageLinks: [], warnings: [] })
  const host = client.host
  const services = wikibaseInternals(client.app).client!
  /** `samples` saves round-robin over the pages, each changing usages; ms per save. */
  const timed = async (samples: number, write: (id: number, identities: string[]) => Promise<void>): Promise<number[]> => {
    const ms: number[] = []
    for (let i = 0; i < samples; i++) {
      const id = pageIds[i % pageIds.length]!
      const next = change(pages.get(id)!)
      pages.set(id, next)
      const t0 = performance.now()
      await write(id, next)
      ms.push(performance.now() - t0)
    }
    return ms
  }
  // The host's save: LinksUpdateComplete in the host's transaction, with the output of the
  // parse that recorded the usages (built before the clock starts).
  const viaHook = async (id: number, identities: string[]): Promise<void> => {
    const page = record(id)
    const parsed = output(identities)
    await host.services.transaction(async tx => { await host.hooks.callHook('LinksUpdateComplete', page, parsed, tx) })
  }
  // First saves: the pages get their usages; then unmeasured warm-up saves.
  for (const [id, identities] of pages) await viaHook(id, identities)
  const warmupSaves = Math.min(50, config.samples)
  await timed(warmupSaves, viaHook)
  const hookSamples = await timed(config.samples, viaHook)
  // Diagnostics: the UsageUpdater step alone; the same without the repo subscription write;
  // the floor of any durable write transaction on the client (BEGIN, one INSERT, COMMIT).
  const updaterSamples = await timed(config.samples, async (id, identities) => {
    const usages = identities.map(newEntityUsageFromIdentity)
    await withTransaction(client.pool, async tx => { await services.updater.replaceUsagesForPage(id as PageId, usages, tx) })
  })
  const noSubscriptions = new UsageUpdater({
    tracker: services.tracker, subscriptions: { subscribe: async () => {}, unsubscribe: async () => {} }, subscriberId: client.siteId, repoInClientTransaction: false
  })
  const noSubscriptionSamples = await timed(config.samples, async (id, identities) => {
    const usages = identities.map(newEntityUsageFromIdentity)
    await withTransaction(client.pool, async tx => { await noSubscriptions.replaceUsagesForPage(id as PageId, usages, tx) })
  })
  let storedMatches = true
  for (const [id, identities] of pages) {
    const stored = (await services.tracker.getUsagesForPage(id as PageId)).map(identityOf).sort()
    if (JSON.stringify(stored) !== JSON.stringify([...identities].sort())) storedMatches = false
  }
  const h = pg.escapeIdentifier(client.hostSchema)
  await client.pool.query(`CREATE TABLE ${h}.bench_commit_floor (id int)`)
  const floorSamples: number[] = []
  for (let i = 0; i < config.samples; i++) {
    const t0 = performance.now()
    await withTransaction(client.pool, async tx => { await tx.query(`INSERT INTO ${h}.bench_commit_floor (id) VALUES ($1)`, [i]) })
    floorSamples.push(performance.now() - t0)
  }
  const { rows: [after] } = await client.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${tableName(wikibaseInternals(client.app).self, 'wbc_entity_usage')}`)
  return {
    hook: summary(hookSamples), updaterOnly: summary(updaterSamples), updaterWithoutSubscriptions: summary(noSubscriptionSamples), commitFloor: summary(floorSamples),
    countSync: await measureCountSync(client), warmupSaves, storedMatches, rowsAfter: after!.n
  }
}
