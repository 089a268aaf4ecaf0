import type { ExternalRecentChange, RecentChange, RecentChangeListing, RecentChangesQuery as ApiRecentChangesQuery } from '../../hooks/contract.js'
import { table, type Queryable, type WikiDb } from './wiki-db.js'

/** `rc_deleted`: MediaWiki's visibility bits (migration 012). */
export type RecentChangeRow = RecentChange
  & { rc_patrolled: number, rc_deleted: number, rc_old_len: number | null, rc_new_len: number | null, rc_tags: string[] }

const COLUMNS = [
  'rc_timestamp', 'rc_namespace', 'rc_title', 'rc_cur_id', 'rc_this_oldid', 'rc_last_oldid', 'rc_user', 'rc_user_text',
  'rc_comment', 'rc_bot', 'rc_minor', 'rc_source', 'rc_patrolled', 'rc_deleted', 'rc_old_len', 'rc_new_len',
  'rc_log_type', 'rc_log_action', 'rc_params', 'rc_tags'
] as const

/** A row to insert; lengths are null (or absent) for log entries, as in MediaWiki. */
export type NewRecentChange = Omit<RecentChange, 'rc_id'>
  & Partial<Pick<ExternalRecentChange, 'rc_patrolled' | 'rc_deleted'>>
  & { rc_old_len?: number | null, rc_new_len?: number | null, rc_tags?: string[] }

/** A row's column values as stored: visibility bits, patrolled flag and tags filled in. */
function storedColumns (row: NewRecentChange): Record<string, unknown> {
  const source = row as unknown as Record<string, unknown>
  const stored: Record<string, unknown> = {}
  for (const column of COLUMNS) stored[column] = source[column] ?? null
  stored.rc_patrolled = source.rc_patrolled ?? 0
  // The plugin's rows say "nothing hidden" with `false`; the column keeps bits.
  stored.rc_deleted = typeof source.rc_deleted === 'number' ? source.rc_deleted : source.rc_deleted === true ? 1 : 0
  stored.rc_tags = source.rc_tags ?? []
  return stored
}

/**
 * Inserts recentchanges rows in one statement; returns them as saved (with rc_id), in the
 * order given: the ids drawn from the table's sequence go to the rows smallest first (the
 * order nextval runs in within one statement is the planner's), so the rows of one second
 * keep that order. Every row's rc_timestamp is truncated to whole seconds, MediaWiki's
 * precision and the precision of the rows the plugin injects for repo changes, so that rows
 * of one second order by rc_id (migration 006).
 */
export async function insertRecentChanges (q: Queryable, db: WikiDb, rows: readonly NewRecentChange[]): Promise<RecentChangeRow[]> {
  if (rows.length === 0) return []
  const rc = table(db, 'recentchanges')
  // The time is read as text: the column's type (whole seconds) would round it, not truncate it.
  const columns = COLUMNS.map(column => column === 'rc_timestamp' ? "date_trunc('second', (u.r ->> 'rc_timestamp')::timestamptz)" : `p.${column}`)
  const { rows: saved } = await q.query<RecentChangeRow>(
    `WITH ids AS MATERIALIZED (SELECT nextval(pg_get_serial_sequence($2, 'rc_id')) AS rc_id FROM generate_series(1, cardinality($1::jsonb[]))),
          ranked AS (SELECT rc_id, row_number() OVER (ORDER BY rc_id) AS n FROM ids)
     INSERT INTO ${rc} (rc_id, ${COLUMNS.join(', ')})
     SELECT ranked.rc_id, ${columns.join(', ')}
       FROM unnest($1::jsonb[]) WITH ORDINALITY AS u(r, n) JOIN ranked USING (n), jsonb_populate_record(NULL::${rc}, u.r) AS p
     RETURNING *`, [rows.map(row => JSON.stringify(storedColumns(row))), rc])
  return saved.sort((a, b) => a.rc_id - b.rc_id)
}

/** Inserts one recentchanges row; returns it as saved (with rc_id). */
export async function insertRecentChange (q: Queryable, db: WikiDb, row: NewRecentChange): Promise<RecentChangeRow> {
  return (await insertRecentChanges(q, db, [row]))[0]!
}

export interface RecentChangesQuery {
  limit: number
  hideExternal: boolean
  namespace?: number
  title?: string
}

/** Newest first: by rc_timestamp (whole seconds), then rc_id, so rows of one second keep the order they were saved in. */
export async function listRecentChanges (q: Queryable, db: WikiDb, query: RecentChangesQuery): Promise<RecentChangeRow[]> {
  const where: string[] = []
  const params: unknown[] = []
  if (query.hideExternal) where.push("rc_source <> 'wb'")
  if (query.namespace !== undefined) { params.push(query.namespace); where.push(`rc_namespace = $${params.length}`) }
  if (query.title !== undefined) { params.push(query.title); where.push(`rc_title = $${params.length}`) }
  params.push(query.limit)
  const { rows } = await q.query<RecentChangeRow>(
    `SELECT * FROM ${table(db, 'recentchanges')} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY rc_timestamp DESC, rc_id DESC LIMIT $${params.length}`, params)
  return rows
}

/**
 * The host's `queryRecentChanges` service (the plugin's action API `list=recentchanges`): the
 * query's filters as SQL, ordered by rc_timestamp then rc_id (descending for `older`).
 */
export async function queryRecentChanges (q: Queryable, db: WikiDb, query: ApiRecentChangesQuery): Promise<RecentChangeListing[]> {
  const where: string[] = []
  const params: unknown[] = []
  const param = (value: unknown): string => { params.push(value); return `$${params.length}` }
  const older = query.dir === 'older'
  if (query.namespaces !== undefined) where.push(`rc_namespace = ANY(${param(query.namespaces)}::int[])`)
  if (query.sources !== undefined) where.push(`rc_source = ANY(${param(query.sources)}::text[])`)
  if (query.start !== undefined) where.push(`rc_timestamp ${older ? '<=' : '>='} ${param(query.start)}`)
  if (query.end !== undefined) where.push(`rc_timestamp ${older ? '>=' : '<='} ${param(query.end)}`)
  if (query.from !== undefined) where.push(`(rc_timestamp, rc_id) ${older ? '<=' : '>='} (${param(query.from.timestamp)}, ${param(query.from.id)})`)
  const direction = older ? 'DESC' : 'ASC'
  const { rows } = await q.query<RecentChangeRow>(
    `SELECT * FROM ${table(db, 'recentchanges')} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY rc_timestamp ${direction}, rc_id ${direction} LIMIT ${param(query.limit)}`, params)
  return rows.map(({ rc_tags: tags, ...row }) => ({ ...row, tags }))
}

/**
 * The host service `updateRecentChangesVisibility`: the rows injected from these repo
 * revisions get `visibility` as their rc_deleted. Idempotent.
 */
export async function updateInjectedVisibility (
  q: Queryable, db: WikiDb, rows: ReadonlyArray<{ repoRevisionId: number, entityId: string }>, visibility: number
): Promise<number> {
  const { rowCount } = await q.query(
    `UPDATE ${table(db, 'recentchanges')} rc SET rc_deleted = $3
       FROM unnest($1::text[], $2::text[]) AS r(entity_id, revision_id)
      WHERE rc.rc_source = 'wb' AND rc.rc_deleted <> $3
        AND rc.rc_params -> 'wikibase-repo-change' ->> 'object_id' = r.entity_id
        AND rc.rc_params -> 'wikibase-repo-change' ->> 'revision_id' = r.revision_id`,
    [rows.map(r => r.entityId), rows.map(r => String(r.repoRevisionId)), visibility])
  return rowCount ?? 0
}

/** The host service `deleteRecentChanges`: the rows injected from the entity's revisions (not its deletion's). */
export async function deleteInjectedRecentChanges (q: Queryable, db: WikiDb, entityId: string): Promise<number> {
  const { rowCount } = await q.query(
    `DELETE FROM ${table(db, 'recentchanges')}
      WHERE rc_source = 'wb' AND rc_params -> 'wikibase-repo-change' ->> 'object_id' = $1
        AND rc_params -> 'wikibase-repo-change' ->> 'revision_id' <> '0'`, [entityId])
  return rowCount ?? 0
}
