import { createHash } from 'node:crypto'
import type { QueryConfig } from 'pg'
import { tableName, type WikiDatabase, type Queryable } from '../../db/wiki-database.js'
import type { EntityId, PageId } from '../../../hooks/ids.js'
import { aspectKeyOf, newEntityUsageFromAspectKey, type EntityUsage } from './entity-usage.js'
import type { TouchedEntity } from './usage-update-plan.js'
import { usageCountMarkCtes } from './usage-count-outbox.js'

type ClientDb = Pick<WikiDatabase, 'dataSchema'>

/**
 * A page save's usage write in two statements (beyond Wikibase, which reads the page's rows,
 * resolves row ids, deletes, inserts in batches and asks "unused?" in separate queries):
 * `lockPageEntities` then `replacePageUsages`. Each statement is one round trip; together
 * they replace SqlUsageTracker.replaceUsedEntities + UsageLookup::getUnusedEntities +
 * the recount for the hot path of LinksUpdateComplete.
 */

/**
 * The save's two statements as named prepared statements: node-postgres parses them once per
 * connection and PostgreSQL may then reuse the plan, instead of parsing and planning these
 * CTEs on every save (measured ~0.3 ms planning each over 1M rows). The name is the text's
 * hash: texts differ by schema and options, and one connection serves several wikis.
 */
const statementNames = new Map<string, string>()
function prepared (text: string, values: unknown[]): QueryConfig {
  let name = statementNames.get(text)
  if (name === undefined) {
    name = `wbc_usage_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`
    if (statementNames.size < 1000) statementNames.set(text, name)
  }
  return { name, text, values }
}

/** Advisory-lock key prefix of an entity's usages in one client's table. */
export function entityLockPrefix (db: ClientDb): string {
  return `wbc_entity_usage:${db.dataSchema}:`
}

/** Takes the transaction-scoped advisory locks of the entities, in key order (as every other taker). */
export async function lockEntities (q: Queryable, db: ClientDb, entityIds: readonly EntityId[]): Promise<void> {
  if (entityIds.length === 0) return
  await q.query(
    'SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT DISTINCT hashtextextended($1 || id, 0) AS k FROM unnest($2::text[]) AS id ORDER BY 1) AS keys',
    [entityLockPrefix(db), entityIds])
}

/**
 * Takes the transaction-scoped advisory lock of every entity the page uses now or will use
 * (`nextEntityIds`), in key order (two saves lock in the same order: no deadlock), and
 * returns the entities the page used when its rows were read. A separate statement: the
 * next one then reads with a snapshot taken after the locks were granted, so it sees every
 * save of those entities that committed before.
 */
export async function lockPageEntities (q: Queryable, db: ClientDb, pageId: PageId, nextEntityIds: readonly EntityId[]): Promise<EntityId[]> {
  const { rows } = await q.query<{ current: EntityId[] | null }>(prepared(
    `WITH cur AS (SELECT DISTINCT eu_entity_id AS id FROM ${tableName(db, 'wbc_entity_usage')} WHERE eu_page_id = $2),
          keys AS (SELECT DISTINCT hashtextextended($1 || id, 0) AS k FROM (SELECT id FROM cur UNION SELECT unnest($3::text[])) AS ids ORDER BY 1),
          locked AS (SELECT count(pg_advisory_xact_lock(k)) AS n FROM keys)
     SELECT (SELECT array_agg(id) FROM cur) AS current FROM locked`,
    [entityLockPrefix(db), pageId, nextEntityIds]))
  return rows[0]?.current ?? []
}

export interface PageUsageWrite {
  /** False when the page's rows use an entity outside `lockedEntityIds` (a concurrent save of the same page): nothing was written. */
  written: boolean
  /** The stored usages the write deleted. */
  removed: EntityUsage[]
  /** The entities the page gained or lost, with the other pages' use of them. */
  touched: TouchedEntity[]
  /**
   * With `markCounts`: whether the statement marked entities in the usage-count outbox but
   * its add_job queued nothing (graphile-worker #580): the caller queues the sync again.
   */
  syncJobMissing: boolean
}

/**
 * The page's rows become exactly `next` (distinct usages, in write order): deletes the rows not
 * in `next` and inserts the missing ones (unchanged rows are not rewritten), and reports for
 * each entity the page gained or lost how many other pages use it — counted when
 * `countPages`, else only 0 or 1 (an index probe). One statement: the data-modifying CTEs and
 * the report read the same snapshot, so "other pages" is exact for the locked entities.
 * `markCounts` (a farm client's deferred usage counts): the same statement marks the gained
 * and lost entities in the usage-count outbox and queues its sync (usage-count-outbox.ts).
 */
export async function replacePageUsages (
  q: Queryable, db: ClientDb, pageId: PageId, next: readonly EntityUsage[], lockedEntityIds: readonly EntityId[], countPages: boolean,
  markCounts: Pick<WikiDatabase, 'siteId' | 'dataSchema' | 'queueSchema'> | null = null
): Promise<PageUsageWrite> {
  const table = tableName(db, 'wbc_entity_usage')
  const mark = markCounts === null ? null : usageCountMarkCtes(markCounts, 6)
  type Row = { kind: 'removed' | 'touched' | 'stale' | 'job', e: EntityId, a: string | null, before: boolean, after: boolean, elsewhere: number }
  const { rows } = await q.query<Row>(prepared(
    `WITH nxt AS (SELECT e, a, n FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS u (e, a, n)),
          cur AS (SELECT eu_row_id, eu_entity_id, eu_aspect FROM ${table} WHERE eu_page_id = $1),
          fresh AS (SELECT NOT EXISTS (SELECT 1 FROM cur WHERE eu_entity_id <> ALL($4::text[])) AS ok),
          del AS (
            DELETE FROM ${table} AS t USING cur, fresh
             WHERE fresh.ok AND t.eu_row_id = cur.eu_row_id
               AND NOT EXISTS (SELECT 1 FROM nxt WHERE nxt.e = cur.eu_entity_id AND nxt.a = cur.eu_aspect)
            RETURNING t.eu_entity_id, t.eu_aspect),
          ins AS (
            INSERT INTO ${table} (eu_page_id, eu_entity_id, eu_aspect)
            SELECT $1, e, a FROM nxt, fresh
             WHERE fresh.ok AND NOT EXISTS (SELECT 1 FROM cur WHERE cur.eu_entity_id = nxt.e AND cur.eu_aspect = nxt.a)
             ORDER BY n
            ON CONFLICT ON CONSTRAINT wbc_entity_usage_entity_aspect_page DO NOTHING
            RETURNING 1),
          changed AS (
            (SELECT e FROM nxt EXCEPT SELECT eu_entity_id FROM cur)
            UNION (SELECT eu_entity_id FROM cur EXCEPT SELECT e FROM nxt))${mark === null
? ''
: `,
          ${mark.sql}`}
     SELECT 'removed' AS kind, eu_entity_id AS e, eu_aspect AS a, false AS before, false AS after, 0 AS elsewhere FROM del
     UNION ALL
     SELECT 'touched', c.e, NULL, EXISTS (SELECT 1 FROM cur WHERE eu_entity_id = c.e), EXISTS (SELECT 1 FROM nxt WHERE nxt.e = c.e),
            CASE WHEN $5::boolean
                 THEN (SELECT count(DISTINCT eu_page_id)::int FROM ${table} WHERE eu_entity_id = c.e AND eu_page_id <> $1)
                 ELSE (SELECT count(*)::int FROM (SELECT 1 FROM ${table} WHERE eu_entity_id = c.e AND eu_page_id <> $1 LIMIT 1) AS one) END
       FROM changed AS c, fresh WHERE fresh.ok
     UNION ALL
     SELECT 'stale', '', NULL, false, false, (SELECT count(*)::int FROM ins) FROM fresh WHERE NOT fresh.ok${mark === null
? ''
: `
     UNION ALL
     SELECT 'job', '', NULL, false, false, 0 FROM job WHERE id IS NULL`}`,
    [pageId, next.map(u => u.entityId), next.map(aspectKeyOf), lockedEntityIds, countPages, ...(mark?.params ?? [])]))
  if (rows.some(r => r.kind === 'stale')) return { written: false, removed: [], touched: [], syncJobMissing: false }
  return {
    written: true,
    syncJobMissing: rows.some(r => r.kind === 'job'),
    removed: rows.filter(r => r.kind === 'removed').map(r => newEntityUsageFromAspectKey(r.e, r.a ?? '')),
    touched: rows.filter(r => r.kind === 'touched')
      .map(r => ({ entityId: r.e, usedBefore: r.before, usedAfter: r.after, pagesElsewhere: r.elsewhere }))
      .sort((x, y) => x.entityId < y.entityId ? -1 : x.entityId > y.entityId ? 1 : 0)
  }
}
