import type { FastifyBaseLogger } from 'fastify'
import { tableName, type WikiDatabase, type Queryable } from '../../db/wiki-database.js'
import type { EntityId } from '../../../hooks/ids.js'
import { aspectKeyOf, entityIdsOf, identityOf, usagesByIdentity, type AspectKey, type EntityUsage } from './entity-usage.js'
import { entityUsageFromRow, usagesByPageFromRows, type EntityUsageRow } from './entity-usage-row.js'
import type { PageId } from '../../../hooks/ids.js'
import { applyDisabledUsageAspects, exceedsEntityUsagePerPageLimit, type DisabledUsageAspects } from './usage-accumulator.js'
import { planAddUsedEntities, planReplaceUsedEntities } from './usage-update-plan.js'
import { lockPageEntities, replacePageUsages, type PageUsageWrite } from './page-usage-store.js'

type ClientDb = Pick<WikiDatabase, 'pool' | 'dataSchema'>

export interface UsageTrackerSettings {
  /** `addEntityUsagesBatchSize` (500): rows per INSERT. */
  addEntityUsagesBatchSize: number
  /** `entityUsagePerPageLimit` (100): more usages added to one page are logged as a warning. */
  entityUsagePerPageLimit: number
  disabledUsageAspects: DisabledUsageAspects
}

/** Lock-and-write attempts of one page save whose rows a concurrent save of the same page changed. */
const MAX_REPLACE_ATTEMPTS = 5

/** Row ids resolved per SELECT before a delete (EntityUsageTable's batch of 100). */
const DELETE_LOOKUP_BATCH = 100

/**
 * SqlUsageTracker and the usage lookup over `wbc_entity_usage` (facts §5.4, §1.5): writes
 * only the difference, deletes by row id, inserts in batches (INSERT … ON CONFLICT DO NOTHING,
 * Wikibase's INSERT IGNORE), applies `disabledUsageAspects` first. Every method takes the
 * client of the caller's transaction, or runs on the pool.
 */
export class SqlUsageTracker {
  readonly #db: ClientDb
  readonly #settings: UsageTrackerSettings
  readonly #log: Pick<FastifyBaseLogger, 'warn'> | undefined

  constructor (db: ClientDb, settings: UsageTrackerSettings, log?: Pick<FastifyBaseLogger, 'warn'>) {
    this.#db = db
    this.#settings = settings
    this.#log = log
  }

  get db (): ClientDb {
    return this.#db
  }

  #table (): string {
    return tableName(this.#db, 'wbc_entity_usage')
  }

  /** Page ids below 1 are skipped with a warning (T264929). */
  #validPage (pageId: number, operation: string): boolean {
    if (Number.isSafeInteger(pageId) && pageId >= 1) return true
    this.#log?.warn({ pageId, operation }, 'wikibase: usage tracking skipped for an invalid page id')
    return false
  }

  /** The page's stored usages, ordered by entity id then row id (insertion order). */
  async getUsagesForPage (pageId: PageId, q: Queryable = this.#db.pool): Promise<EntityUsage[]> {
    const { rows } = await q.query<EntityUsageRow>(
      `SELECT eu_page_id, eu_entity_id, eu_aspect FROM ${this.#table()} WHERE eu_page_id = $1 ORDER BY eu_entity_id, eu_row_id`, [pageId])
    return rows.map(entityUsageFromRow)
  }

  /**
   * `replaceUsedEntities`: the page's rows become exactly `usages` (after disabled aspects);
   * returns the removed usages.
   */
  async replaceUsedEntities (pageId: PageId, usages: readonly EntityUsage[], q: Queryable = this.#db.pool): Promise<EntityUsage[]> {
    if (!this.#validPage(pageId, 'replace')) return []
    const next = applyDisabledUsageAspects(usages, this.#settings.disabledUsageAspects)
    const current = await this.getUsagesForPage(pageId, q)
    const plan = planReplaceUsedEntities(current, next)
    await this.#deleteUsages(q, pageId, plan.delete)
    await this.#insertUsages(q, pageId, inOrderOf(next, plan.insert))
    return plan.delete
  }

  /**
   * The page save's replace (usage-updater.ts): like `replaceUsedEntities`, but in two
   * statements (page-usage-store.ts) that also lock the page's old and new entities for the
   * rest of `tx` and report the entities it gained or lost with their use on other pages.
   * Null for an invalid page id. Without a transaction nothing stays locked.
   */
  async replacePageUsages (
    pageId: PageId, usages: readonly EntityUsage[], countPages: boolean, q: Queryable = this.#db.pool,
    markCounts: Pick<WikiDatabase, 'siteId' | 'dataSchema' | 'queueSchema'> | null = null
  ): Promise<PageUsageWrite | null> {
    if (!this.#validPage(pageId, 'replace')) return null
    const next = [...usagesByIdentity(applyDisabledUsageAspects(usages, this.#settings.disabledUsageAspects)).values()]
    const nextEntities = entityIdsOf(next)
    for (let attempt = 1; ; attempt++) {
      const locked = [...new Set([...await lockPageEntities(q, this.#db, pageId, nextEntities), ...nextEntities])]
      const write = await replacePageUsages(q, this.#db, pageId, next, locked, countPages, markCounts)
      // A concurrent save of the same page added an entity between the lock and the write: lock it too.
      if (write.written || attempt >= MAX_REPLACE_ATTEMPTS) {
        if (!write.written) throw new Error(`wikibase: usages of page ${pageId} kept changing under ${attempt} attempts to replace them`)
        return write
      }
    }
  }

  /**
   * `addUsedEntities` (additive): inserts usages not yet covered, removes stored modified
   * usages a new bare usage subsumes. Returns the usages inserted.
   */
  async addUsedEntities (pageId: PageId, usages: readonly EntityUsage[], q: Queryable = this.#db.pool): Promise<EntityUsage[]> {
    if (!this.#validPage(pageId, 'add')) return []
    const added = applyDisabledUsageAspects(usages, this.#settings.disabledUsageAspects)
    if (exceedsEntityUsagePerPageLimit(added.length, this.#settings.entityUsagePerPageLimit)) {
      this.#log?.warn({ pageId, usages: added.length, limit: this.#settings.entityUsagePerPageLimit },
        'wikibase: page adds more entity usages than entityUsagePerPageLimit')
    }
    const current = await this.getUsagesForPage(pageId, q)
    const plan = planAddUsedEntities(current, added)
    await this.#insertUsages(q, pageId, inOrderOf(added, plan.insert))
    await this.#deleteUsages(q, pageId, plan.delete)
    return plan.insert
  }

  /** `pruneUsages` (page deleted): removes all the page's rows and returns them. */
  async pruneUsages (pageId: PageId, q: Queryable = this.#db.pool): Promise<EntityUsage[]> {
    if (!this.#validPage(pageId, 'prune')) return []
    const { rows } = await q.query<EntityUsageRow>(
      `DELETE FROM ${this.#table()} WHERE eu_page_id = $1 RETURNING eu_page_id, eu_entity_id, eu_aspect`, [pageId])
    return rows.map(entityUsageFromRow)
  }

  /**
   * `getPagesUsing(entityIds, aspects)`: per page (ascending), the usages of those entities
   * whose aspect key is exactly one of `aspects` (all when empty).
   */
  async getPagesUsing (entityIds: readonly EntityId[], aspects: readonly AspectKey[] = [], q: Queryable = this.#db.pool): Promise<Map<PageId, EntityUsage[]>> {
    if (entityIds.length === 0) return new Map()
    const { rows } = await q.query<EntityUsageRow>(
      `SELECT eu_page_id, eu_entity_id, eu_aspect FROM ${this.#table()}
        WHERE eu_entity_id = ANY($1::text[]) AND (cardinality($2::text[]) = 0 OR eu_aspect = ANY($2::text[]))
        ORDER BY eu_page_id, eu_entity_id, eu_aspect`, [entityIds, aspects])
    return usagesByPageFromRows(rows)
  }

  /** `getUnusedEntities`: the ids no page of this wiki uses at all, in input order. */
  async getUnusedEntities (entityIds: readonly EntityId[], q: Queryable = this.#db.pool): Promise<EntityId[]> {
    if (entityIds.length === 0) return []
    const { rows } = await q.query<{ id: string }>(
      `SELECT id FROM unnest($1::text[]) AS id
        WHERE NOT EXISTS (SELECT 1 FROM ${this.#table()} WHERE eu_entity_id = id)`, [[...new Set(entityIds)]])
    const unused = new Set(rows.map(r => r.id))
    return [...new Set(entityIds)].filter(id => unused.has(id))
  }

  /**
   * How many distinct pages of this wiki use each entity (any aspect); 0 for unused ones.
   * Beyond Wikibase: the recount the repo's usage-count aggregate is fed with.
   */
  async countPagesUsing (entityIds: readonly EntityId[], q: Queryable = this.#db.pool): Promise<Map<EntityId, number>> {
    const ids = [...new Set(entityIds)].sort()
    if (ids.length === 0) return new Map()
    const { rows } = await q.query<{ id: EntityId, pages: number }>(
      `SELECT id, (SELECT count(DISTINCT eu_page_id)::int FROM ${this.#table()} WHERE eu_entity_id = id) AS pages
         FROM unnest($1::text[]) AS id`, [ids])
    return new Map(rows.map(r => [r.id, r.pages]))
  }

  async #insertUsages (q: Queryable, pageId: PageId, usages: readonly EntityUsage[]): Promise<void> {
    const size = this.#settings.addEntityUsagesBatchSize
    for (let start = 0; start < usages.length; start += size) {
      const batch = usages.slice(start, start + size)
      await q.query(
        `INSERT INTO ${this.#table()} (eu_page_id, eu_entity_id, eu_aspect)
         SELECT $1, e, a FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS u(e, a, n) ORDER BY n
         ON CONFLICT ON CONSTRAINT wbc_entity_usage_entity_aspect_page DO NOTHING`,
        [pageId, batch.map(u => u.entityId), batch.map(aspectKeyOf)])
    }
  }

  /** Resolves the row ids first (in batches), then deletes by id. */
  async #deleteUsages (q: Queryable, pageId: PageId, usages: readonly EntityUsage[]): Promise<void> {
    if (usages.length === 0) return
    const rowIds: string[] = []
    for (let start = 0; start < usages.length; start += DELETE_LOOKUP_BATCH) {
      const batch = usages.slice(start, start + DELETE_LOOKUP_BATCH)
      const { rows } = await q.query<{ eu_row_id: string }>(
        `SELECT eu_row_id FROM ${this.#table()}
          WHERE eu_page_id = $1 AND (eu_entity_id, eu_aspect) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
        [pageId, batch.map(u => u.entityId), batch.map(aspectKeyOf)])
      rowIds.push(...rows.map(r => r.eu_row_id))
    }
    if (rowIds.length > 0) await q.query(`DELETE FROM ${this.#table()} WHERE eu_row_id = ANY($1::bigint[])`, [rowIds])
  }
}

/** `subset` in the order its usages have in `ordered` (so rows are written in input order). */
function inOrderOf (ordered: readonly EntityUsage[], subset: readonly EntityUsage[]): EntityUsage[] {
  const position = new Map(ordered.map((usage, index) => [identityOf(usage), index]))
  return [...subset].sort((a, b) => (position.get(identityOf(a)) ?? 0) - (position.get(identityOf(b)) ?? 0))
}
