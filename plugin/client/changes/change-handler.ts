import { createHash } from 'node:crypto'
import type { ClientBase } from 'pg'
import type { FastifyBaseLogger } from 'fastify'
import type { ClientHostServices, PageRecord, PageRef } from '../../../hooks/contract.js'
import type { WikibaseHookBus } from '../../../hooks/plugin-hooks.js'
import { withTransaction, type WikiDatabase } from '../../db/wiki-database.js'
import type { ClientSettings } from '../../options.js'
import { isItemChange, toMwTimestamp, type EntityChange } from '../../changes/entity-change.js'
import { decodeChange, encodeChange, type StoredChange, type StoredChangeRow } from '../../changes/stored-change.js'
import { transformChangeList } from '../../changes/change-run-coalescer.js'
import type { RepoReader } from '../../repo-reader/repo-reader.js'
import { affectedUsagesOfBatch, planAffectedPagesQuery, virtualUsagesByPage, type AffectedPagesQuery } from './affected-pages-finder.js'
import { implicitDescriptionPages } from './implicit-description-pages.js'
import { mergeUsagesByPage, type UsagesByPage } from '../usage/entity-usage-row.js'
import { firstUsageBatches, usageBatches, type UsageBatch } from './affected-usage-stream.js'
import { claimUnhandledChanges } from './handled-change-store.js'
import type { PageId } from '../../../hooks/ids.js'
import { WikiPageUpdater, type PageUpdateStats } from './wiki-page-updater.js'
import { rootJobParams } from './root-job-signature.js'
import { PageUpdateBatch } from './page-update-batch.js'
import { cacheTagsForChange } from '../refresh/cache-tags.js'

/**
 * The root job parameters a notification job hands the change handler (its own
 * `rootJobSignature`/`rootJobTimestamp`; facts §4.1). Normally both null: the handler then
 * signs each change's page updates with their title batch and stamps them with the time now.
 */
export interface RootJobParams {
  rootJobSignature: string | null
  rootJobTimestamp: string | null
}

export const NO_ROOT_JOB: Readonly<RootJobParams> = Object.freeze({ rootJobSignature: null, rootJobTimestamp: null })

/** What the change handler works with. */
export interface ChangeHandlerDeps {
  /** This client's database: its handled-change records, entity usages and job queue. */
  db: WikiDatabase
  settings: Pick<ClientSettings, 'purgeCacheBatchSize' | 'recentChangesBatchSize' | 'injectRecentChanges'>
  & Partial<Pick<ClientSettings, 'enableImplicitDescriptionUsage' | 'allowLocalShortDesc' | 'recentChangesFilter'>>
  /** The host's page lookups (and page props, for local short descriptions); without a host no page is updated. */
  host: {
    services: Pick<ClientHostServices, 'pageIdsForTitles' | 'pagesByIds'> & Partial<Pick<ClientHostServices, 'pageProperties' | 'purgeCacheTags'>>
  } | undefined
  /**
   * The repo's revisions, from which coalescing rebuilds the diff of a merged run, and its
   * entities (the item's sitelink, for implicit description usage).
   */
  repo: Pick<RepoReader, 'loadRevision'> & Partial<Pick<RepoReader, 'loadEntity'>>
  /** The plugin's hooks `changes:coalesced`, `change:affectedPages` and `change:handled`. */
  hooks: Pick<WikibaseHookBus<EntityChange>, 'callHook'>
  log: Pick<FastifyBaseLogger, 'warn' | 'info'>
}

export interface HandledChange {
  change: EntityChange
  pageIds: number[]
  stats: PageUpdateStats
}

/**
 * ChangeHandler::handleChanges for one notification from `repoSiteId`, in a transaction of
 * its own (see {@link handleChangesIn}).
 */
export async function handleChanges (
  rows: readonly StoredChangeRow[], repoSiteId: string, deps: ChangeHandlerDeps, root: Readonly<RootJobParams> = NO_ROOT_JOB
): Promise<HandledChange[]> {
  return await withTransaction(deps.db.pool, async tx => await handleChangesIn(tx, rows, repoSiteId, deps, root))
}

/**
 * ChangeHandler::handleChanges for a batch of changes from `repoSiteId` (of any entities, in
 * change id order): changes handled before (a replay) are dropped, the rest coalesced (runs
 * per entity, across the whole batch), each change's affected pages found, and the page
 * updates of the whole batch queued together (PageUpdateBatch) — all in `tx`, the client's
 * transaction, so a change is marked handled exactly when its updates are queued.
 */
export async function handleChangesIn (
  tx: ClientBase, rows: readonly StoredChangeRow[], repoSiteId: string, deps: ChangeHandlerDeps, root: Readonly<RootJobParams> = NO_ROOT_JOB
): Promise<HandledChange[]> {
  const self = deps.db
  // graphile-worker's add_jobs, called once per batch of pages, would otherwise settle on a
  // generic plan that scans the whole job table each call: quadratic for a widely used entity.
  await tx.query('SET LOCAL plan_cache_mode = force_custom_plan')
  const fresh = await claimUnhandledChanges(tx, self, repoSiteId, rows.map(r => r.id))
  const changes = decodeChanges(rows.filter(r => fresh.has(r.id)), message => deps.log.warn(message))
  if (changes.length === 0) return []
  const coalesced = { changes: await coalesce(changes, deps) }
  await deps.hooks.callHook('changes:coalesced', coalesced)
  const batch = new PageUpdateBatch(tx, self, deps.settings, repoSiteId)
  const handled = await handleChangeList(tx, batch, coalesced.changes, repoSiteId, deps, root)
  await batch.flush()
  return handled
}

/**
 * The client's entry: the rows of a notification decoded once. A row that names no entity
 * change (unknown action, bad entity id) is told about and left out; it stays marked handled.
 */
function decodeChanges (rows: readonly StoredChange[], warn: (message: string) => void): EntityChange[] {
  return rows.flatMap(row => {
    try {
      return [decodeChange(row, warn)]
    } catch (error) {
      warn(`handleChanges: change ${String(row.id)} does not decode (${(error as Error).message}); skipped`)
      return []
    }
  })
}

async function coalesce (changes: EntityChange[], deps: ChangeHandlerDeps): Promise<EntityChange[]> {
  return await transformChangeList(changes, {
    localSiteId: deps.db.siteId,
    loadEntityRevision: async (entityId, revisionId) => (await deps.repo.loadRevision(entityId, revisionId))?.entity ?? null,
    onWarning: (message, context) => deps.log.warn(context, `coalescing: ${message}`)
  })
}

/** A key per change: its id, or the ids it was merged from (coalesced changes have none). */
export function changeKey (change: EntityChange): string {
  if (change.id !== null && change.id !== 0) return String(change.id)
  const ids = (change.changeIds ?? []).filter((id): id is number => typeof id === 'number').sort((a, b) => a - b)
  const list = ids.join(',')
  // The key is stored in a varchar(255) unique key: a long run is named by its range and a digest.
  if (list.length <= 200) return `batch:${list}`
  return `batch:${ids[0]}..${ids[ids.length - 1]}:${ids.length}:${createHash('sha256').update(list).digest('hex').slice(0, 32)}`
}

/** One change of the batch on its way: its query, virtual usages and updater. */
interface ChangePlan {
  change: EntityChange
  query: AffectedPagesQuery
  updater: WikiPageUpdater
  virtual: UsagesByPage
  pageIds: number[]
}

/**
 * The affected pages of every change of the batch, in change order, and their updates
 * scheduled. The first usage batch of all changes is read in one statement and their pages
 * looked up in one host call (a drain of N changes costs O(1) round trips, not O(N)); a change
 * with more pages than that streams the rest, a batch at a time, as before.
 */
async function handleChangeList (
  tx: ClientBase, batch: PageUpdateBatch, changes: readonly EntityChange[], repoSiteId: string, deps: ChangeHandlerDeps, root: Readonly<RootJobParams>
): Promise<HandledChange[]> {
  const { db: self, host, settings } = deps
  const plans = changes.map(change => planChange(tx, batch, change, repoSiteId, deps, root))
  if (host === undefined) {
    for (const { change } of plans) deps.log.warn({ entityId: change.entityId }, 'handleChanges: no host wiki registered; pages cannot be updated')
    return plans.map(({ change, updater }) => ({ change, pageIds: [], stats: updater.stats }))
  }
  for (const plan of plans) plan.virtual = await virtualUsages(plan.query, deps, host)
  // Only aspect-filtered lookups share the batched statement: a removal or restoration (every
  // aspect) of a widely used entity would have PostgreSQL read and sort all its usages there,
  // where usageBatches walks the page index a batch at a time.
  const batched = plans.flatMap((plan, i) => plan.query.lookupAspects === null ? [] : [i])
  const firstOf = new Map<number, UsageBatch>()
  const lookups = batched.map(i => ({ entityId: plans[i]!.query.entityId, aspects: plans[i]!.query.lookupAspects }))
  const found = await firstUsageBatches(tx, self, lookups, settings.purgeCacheBatchSize)
  for (const [k, i] of batched.entries()) firstOf.set(i, found[k]!)
  const candidates = new Map([...firstOf].map(([i, first]) => [i, batchCandidates(first, plans[i]!.virtual)]))
  const union = new Set([...candidates.values()].flatMap(c => [...c.pages]))
  const loaded = new Map((union.size === 0 ? [] : await host.services.pagesByIds([...union] as PageId[])).map(p => [p.id as number, p]))
  const handled: HandledChange[] = []
  for (const [i, plan] of plans.entries()) {
    const first = firstOf.get(i)
    if (first !== undefined) {
      const { pages, virtualInBatch } = candidates.get(i)!
      const records = [...pages].flatMap(id => { const page = loaded.get(id); return page === undefined ? [] : [page] })
      await handleUsageBatch(plan, first, virtualInBatch, records, deps, host)
    }
    const after = first === undefined ? 0 : first.throughPageId
    if (after !== null) {
      for await (const next of usageBatches(tx, self, plan.query.entityId, plan.query.lookupAspects, settings.purgeCacheBatchSize, after)) {
        const { pages, virtualInBatch } = batchCandidates(next, plan.virtual)
        const nextRecords = pages.size === 0 ? [] : await host.services.pagesByIds([...pages] as PageId[])
        await handleUsageBatch(plan, next, virtualInBatch, nextRecords, deps, host)
      }
    }
    if (plan.updater.stats.discardedTitles > 0) {
      deps.log.info({ entityId: plan.change.entityId, discarded: plan.updater.stats.discardedTitles },
        'handleChanges: recentchanges rows only for the first recentChangesBatchSize pages')
    }
    await deps.hooks.callHook('change:handled', { change: plan.change, pageIds: plan.pageIds })
    handled.push({ change: plan.change, pageIds: plan.pageIds, stats: plan.updater.stats })
  }
  return handled
}

function planChange (
  tx: ClientBase, batch: PageUpdateBatch, change: EntityChange, repoSiteId: string, deps: ChangeHandlerDeps, root: Readonly<RootJobParams>
): ChangePlan {
  const { db: self, host, settings } = deps
  const rootJobTimestamp = root.rootJobTimestamp ?? toMwTimestamp(new Date())
  // As reading an undecodable compact diff did: the change cannot be handled.
  if (change.compactDiffProblem?.kind === 'invalid') throw change.compactDiffProblem.error
  const query = planAffectedPagesQuery(
    { entityId: change.entityId, isItemChange: isItemChange(change), compactDiff: change.compactDiff, action: change.action }, self.siteId)
  // Coalesced changes keep their originals, so the RC comment is built from their comments
  // (Wikibase reloads them from wb_changes after dispatch deleted them, and gets '').
  const stored = encodeChange(change)
  const updater = new WikiPageUpdater(tx, self, settings, {
    repoSiteId,
    change: stored,
    changeKey: changeKey(change),
    // The signature is always the title batch's own (Wikibase ignores a given one); the
    // timestamp is the root job's, or the time this change is handled (one for all its batches).
    causes: pages => rootJobParams(pages, stored, { rootJobTimestamp }),
    filterChange: { action: change.action, compactDiff: change.compactDiff },
    // Purge by tag when the host can (issue 18 point 3).
    cacheTags: host?.services.purgeCacheTags === undefined ? null : cacheTagsForChange(query)
  }, batch)
  return { change, query, updater, virtual: new Map(), pageIds: [] }
}

type Host = NonNullable<ChangeHandlerDeps['host']>

/** The change's virtual usages: the pages of its sitelink titles and its implicit description usage. */
async function virtualUsages (query: AffectedPagesQuery, deps: ChangeHandlerDeps, host: Host): Promise<UsagesByPage> {
  const resolved = query.sitelinkTitles.length === 0 ? new Map<string, number>() : await host.services.pageIdsForTitles(query.sitelinkTitles)
  return mergeUsagesByPage(virtualUsagesByPage(query, resolved),
    await implicitDescriptionPages(query, { siteId: deps.db.siteId, settings: deps.settings, services: host.services, repo: deps.repo }))
}

/** The pages a usage batch may touch: its usages' and the virtual ones in its page range. */
function batchCandidates (batch: UsageBatch, virtual: UsagesByPage): { pages: Set<number>, virtualInBatch: number[] } {
  const virtualInBatch = [...virtual.keys()].filter(id => id > batch.afterPageId && (batch.throughPageId === null || id <= batch.throughPageId))
  return { pages: new Set<number>([...batch.rows.map(r => r.eu_page_id), ...virtualInBatch]), virtualInBatch }
}

/** One usage batch of a change: its affected pages (hook `change:affectedPages` may change them) scheduled for update. */
async function handleUsageBatch (
  plan: ChangePlan, batch: UsageBatch, virtualInBatch: number[], records: PageRecord[], deps: ChangeHandlerDeps, host: Host
): Promise<void> {
  const usages = affectedUsagesOfBatch(plan.query, {
    usages: batch.rows, virtual: plan.virtual, afterPageId: batch.afterPageId, throughPageId: batch.throughPageId,
    existingPages: new Set(records.map(p => p.id))
  })
  const event = { change: plan.change, pageIds: [...usages.keys()] as number[] }
  await deps.hooks.callHook('change:affectedPages', event)
  const pages = await pagesFor(event.pageIds, records, host.services.pagesByIds)
  await plan.updater.schedule(pages, usages, new Set(virtualInBatch))
  plan.pageIds.push(...pages.map(p => p.id))
}

/** Records for the page ids a hook left (it may have added pages not loaded yet). */
async function pagesFor (pageIds: number[], loaded: PageRecord[], pagesByIds: (ids: PageId[]) => Promise<PageRecord[]>): Promise<PageRef[]> {
  const byId = new Map(loaded.map(p => [p.id as number, p]))
  const missing = pageIds.filter(id => !byId.has(id))
  if (missing.length > 0) for (const page of await pagesByIds(missing as PageId[])) byId.set(page.id, page)
  return pageIds.flatMap(id => { const page = byId.get(id); return page === undefined ? [] : [page] })
}
