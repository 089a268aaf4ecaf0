import pg from 'pg'
import type { ExternalRecentChange, PageRecord, PageRef } from '../../hooks/contract.js'
import type { PageId } from '../../hooks/ids.js'
import { withTransaction } from '../../plugin/db/wiki-database.js'

/** A client that can run queries: the pool, or a client inside a transaction. */
type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient

export interface PageRow {
  page_id: number
  page_namespace: number
  page_title: string
  page_latest: number
  page_len: number
  page_lang: string
  /** The wikitext of the latest revision; null for pages added without text (`addPage`). */
  page_text: string | null
}

/** MediaWiki's canonical (English) names of the core namespaces a title may be prefixed with. */
const NAMESPACES = new Map<number, string>([
  [1, 'Talk'], [2, 'User'], [3, 'User talk'], [6, 'File'], [7, 'File talk'], [8, 'MediaWiki'],
  [10, 'Template'], [11, 'Template talk'], [12, 'Help'], [14, 'Category'], [15, 'Category talk']
])
const BY_NAME = new Map([...NAMESPACES].map(([ns, name]) => [name.toLowerCase(), ns]))

/** `Category:Foo bar` → { namespace: 14, title: 'Foo_bar' }; no known prefix → namespace 0. */
export function parseTitleText (text: string): { namespace: number, title: string } {
  const colon = text.indexOf(':')
  const ns = colon > 0 ? BY_NAME.get(text.slice(0, colon).replaceAll('_', ' ').trim().toLowerCase()) : undefined
  const title = ns === undefined ? text : text.slice(colon + 1).trim()
  return { namespace: ns ?? 0, title: title.replaceAll(' ', '_') }
}

/** Title::getPrefixedText with the canonical names: `Category:Foo bar`. */
export function prefixedText (page: Pick<PageRef, 'namespace' | 'title'>): string {
  const name = NAMESPACES.get(page.namespace)
  const text = page.title.replaceAll('_', ' ')
  return name === undefined ? text : `${name}:${text}`
}

export function toPageRecord (row: PageRow): PageRecord {
  return {
    id: row.page_id as PageId,
    namespace: row.page_namespace,
    title: row.page_title,
    latestRevisionId: row.page_latest,
    length: row.page_len,
    contentLanguage: row.page_lang,
    prefixedText: prefixedText({ namespace: row.page_namespace, title: row.page_title })
  }
}

/**
 * The test host's tables in schema `schema` of the wiki's database: pages, recentchanges, and
 * the refreshes and purges the plugin asked for (for tests to read). Created on first use,
 * under an advisory lock: the processes of a bench farm start on the same schema at once.
 */
export class HostTables {
  readonly #pool: pg.Pool
  readonly #schema: string
  #created: Promise<void> | null = null

  constructor (pool: pg.Pool, schema: string) {
    this.#pool = pool
    this.#schema = schema
  }

  get pool (): pg.Pool {
    return this.#pool
  }

  /** `"schema"."table"`, once the tables exist. */
  async table (name: 'page' | 'recentchanges' | 'refreshed' | 'purged'): Promise<string> {
    this.#created ??= this.#create()
    await this.#created
    return `${pg.escapeIdentifier(this.#schema)}.${name}`
  }

  async #create (): Promise<void> {
    const s = pg.escapeIdentifier(this.#schema)
    await withTransaction(this.#pool, async tx => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`fastify-wikibase test host ${this.#schema}`])
      await tx.query(`
        CREATE SCHEMA IF NOT EXISTS ${s};
        CREATE TABLE IF NOT EXISTS ${s}.page (page_id serial PRIMARY KEY, page_namespace int NOT NULL, page_title text NOT NULL,
          page_latest int NOT NULL, page_len int NOT NULL, page_lang text NOT NULL, page_text text, UNIQUE (page_namespace, page_title));
        CREATE TABLE IF NOT EXISTS ${s}.recentchanges (rc_id bigserial PRIMARY KEY, row jsonb NOT NULL);
        CREATE TABLE IF NOT EXISTS ${s}.refreshed (id bigserial PRIMARY KEY, page_id int NOT NULL, agent text NOT NULL);
        CREATE TABLE IF NOT EXISTS ${s}.purged (id bigserial PRIMARY KEY, page_ids int[] NOT NULL, agent text NOT NULL);`)
    })
  }

  async pageIdsForTitles (titles: string[]): Promise<Map<string, PageId>> {
    const parsed = titles.map(parseTitleText)
    const { rows } = await this.#pool.query<{ page_namespace: number, page_title: string, page_id: number }>(
      `SELECT p.page_namespace, p.page_title, p.page_id FROM ${await this.table('page')} p
         JOIN unnest($1::int[], $2::text[]) AS t(ns, title) ON p.page_namespace = t.ns AND p.page_title = t.title`,
      [parsed.map(p => p.namespace), parsed.map(p => p.title)])
    const byKey = new Map(rows.map(r => [`${r.page_namespace}:${r.page_title}`, r.page_id as PageId]))
    return new Map(titles.flatMap((text, i) => {
      const id = byKey.get(`${parsed[i]!.namespace}:${parsed[i]!.title}`)
      return id === undefined ? [] : [[text, id]]
    }))
  }

  /** Rows of the pages that exist, in the order of `ids`. */
  async pageRows (q: Queryable, ids: readonly number[]): Promise<PageRow[]> {
    const { rows } = await q.query<PageRow>(`SELECT * FROM ${await this.table('page')} WHERE page_id = ANY($1::int[])`, [ids])
    const byId = new Map(rows.map(r => [r.page_id, r]))
    return ids.flatMap(id => byId.get(id) ?? [])
  }

  async findPage (q: Queryable, page: { namespace: number, title: string }): Promise<PageRow | null> {
    const { rows } = await q.query<PageRow>(
      `SELECT * FROM ${await this.table('page')} WHERE page_namespace = $1 AND page_title = $2 FOR UPDATE`, [page.namespace, page.title])
    return rows[0] ?? null
  }

  async insertPage (q: Queryable, page: Omit<PageRow, 'page_id'> & { page_id?: number }): Promise<PageRow> {
    const { rows } = await q.query<PageRow>(
      `INSERT INTO ${await this.table('page')} (page_id, page_namespace, page_title, page_latest, page_len, page_lang, page_text)
       VALUES (coalesce($1, nextval(pg_get_serial_sequence('${await this.table('page')}', 'page_id'))), $2, $3, $4, $5, $6, $7)
       ON CONFLICT (page_id) DO UPDATE SET page_namespace = $2, page_title = $3, page_latest = $4, page_len = $5, page_lang = $6, page_text = $7
       RETURNING *`,
      [page.page_id ?? null, page.page_namespace, page.page_title, page.page_latest, page.page_len, page.page_lang, page.page_text])
    return rows[0]!
  }

  async deletePage (q: Queryable, id: number): Promise<void> {
    await q.query(`DELETE FROM ${await this.table('page')} WHERE page_id = $1`, [id])
  }

  async renamePage (q: Queryable, id: number, to: { namespace: number, title: string }): Promise<PageRow> {
    const { rows } = await q.query<PageRow>(
      `UPDATE ${await this.table('page')} SET page_namespace = $2, page_title = $3 WHERE page_id = $1 RETURNING *`, [id, to.namespace, to.title])
    return rows[0]!
  }

  /** An id of the recentchanges sequence that no row has (an entity edit's row, which this host does not store). */
  async nextRecentChangeId (q: Queryable): Promise<number> {
    const { rows } = await q.query<{ id: string }>(`SELECT nextval(pg_get_serial_sequence('${await this.table('recentchanges')}', 'rc_id')) AS id`)
    return Number(rows[0]!.id)
  }

  /**
   * Many rows in one statement, times in whole seconds, ids in the order of `rows`: the ids
   * drawn from the table's sequence go to the rows smallest first (the order nextval runs in
   * within one statement is the planner's). One round trip for a whole injectRCRecords batch.
   */
  async insertRecentChanges (q: Queryable, rows: readonly ExternalRecentChange[]): Promise<number[]> {
    if (rows.length === 0) return []
    const table = await this.table('recentchanges')
    const saved = rows.map(row => JSON.stringify({ ...row, rc_timestamp: new Date(Math.floor(new Date(row.rc_timestamp).getTime() / 1000) * 1000) }))
    const { rows: ids } = await q.query<{ rc_id: string }>(
      `WITH ids AS MATERIALIZED (SELECT nextval(pg_get_serial_sequence($2, 'rc_id')) AS rc_id FROM generate_series(1, cardinality($1::jsonb[]))),
            v AS (SELECT ranked.rc_id, u.r, u.n FROM unnest($1::jsonb[]) WITH ORDINALITY AS u(r, n)
                    JOIN (SELECT rc_id, row_number() OVER (ORDER BY rc_id) AS n FROM ids) ranked USING (n)),
            ins AS (INSERT INTO ${table} (rc_id, row) SELECT rc_id, r FROM v)
       SELECT rc_id FROM v ORDER BY n`, [saved, table])
    return ids.map(r => Number(r.rc_id))
  }

  /** `updateRecentChangesVisibility`: rc_deleted of the rows injected from these repo revisions (bits, idempotent). */
  async setInjectedVisibility (rows: ReadonlyArray<{ repoRevisionId: number, entityId: string }>, visibility: number): Promise<number> {
    const { rowCount } = await this.#pool.query(
      `UPDATE ${await this.table('recentchanges')} rc SET row = jsonb_set(rc.row, '{rc_deleted}', to_jsonb($3::int))
         FROM unnest($1::text[], $2::text[]) AS r(entity_id, revision_id)
        WHERE rc.row ->> 'rc_source' = 'wb' AND rc.row -> 'rc_deleted' IS DISTINCT FROM to_jsonb($3::int)
          AND rc.row -> 'rc_params' -> 'wikibase-repo-change' ->> 'object_id' = r.entity_id
          AND rc.row -> 'rc_params' -> 'wikibase-repo-change' ->> 'revision_id' = r.revision_id`,
      [rows.map(r => r.entityId), rows.map(r => String(r.repoRevisionId)), visibility])
    return rowCount ?? 0
  }

  /** `deleteRecentChanges`: the rows injected from the entity's revisions (not its deletion's, revision 0). */
  async deleteInjected (entityId: string): Promise<number> {
    const { rowCount } = await this.#pool.query(
      `DELETE FROM ${await this.table('recentchanges')}
        WHERE row ->> 'rc_source' = 'wb' AND row -> 'rc_params' -> 'wikibase-repo-change' ->> 'object_id' = $1
          AND row -> 'rc_params' -> 'wikibase-repo-change' ->> 'revision_id' <> '0'`, [entityId])
    return rowCount ?? 0
  }

  async recentChanges (): Promise<Array<ExternalRecentChange & { rc_id: number }>> {
    const { rows } = await this.#pool.query(`SELECT rc_id, row FROM ${await this.table('recentchanges')} ORDER BY rc_id`)
    return rows.map(r => ({ ...r.row, rc_id: Number(r.rc_id) }))
  }

  /** Records a refresh; whether the page has text to parse again (one round trip, as the bench's hot path had). */
  async recordRefresh (page: PageRef, agent: string): Promise<boolean> {
    const { rows } = await this.#pool.query<{ parse: boolean | null }>(
      `INSERT INTO ${await this.table('refreshed')} (page_id, agent) VALUES ($1, $2)
       RETURNING (SELECT page_text IS NOT NULL FROM ${await this.table('page')} WHERE page_id = $1) AS parse`, [page.id, agent])
    return rows[0]!.parse === true
  }

  async recordPurge (pages: PageRef[], agent: string): Promise<void> {
    await this.#pool.query(`INSERT INTO ${await this.table('purged')} (page_ids, agent) VALUES ($1, $2)`, [pages.map(p => p.id), agent])
  }

  async refreshed (): Promise<Array<{ page: number, agent: string }>> {
    return (await this.#pool.query(`SELECT page_id AS page, agent FROM ${await this.table('refreshed')} ORDER BY id`)).rows
  }

  async purged (): Promise<Array<{ pages: number[], agent: string }>> {
    return (await this.#pool.query(`SELECT page_ids AS pages, agent FROM ${await this.table('purged')} ORDER BY id`)).rows
  }
}
