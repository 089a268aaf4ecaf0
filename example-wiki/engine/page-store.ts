import type { PageId } from '../../hooks/ids.js'
import type { PageRecord } from '../../hooks/contract.js'
import { table, type Queryable, type WikiDb } from './wiki-db.js'
import { localizedPrefixedText, type Title } from './titles.js'

export interface PageRow {
  page_id: number
  page_namespace: number
  page_title: string
  page_latest: number
  page_len: number
  page_lang: string
  page_touched: Date
}

export interface RevisionRow {
  rev_id: number
  rev_page: number
  rev_parent_id: number
  rev_timestamp: Date
  rev_user: number
  rev_user_text: string
  rev_comment: string
  rev_minor: boolean
  rev_len: number
  rev_text: string
}

export function toPageRecord (row: PageRow): PageRecord {
  return {
    id: row.page_id as PageId,
    namespace: row.page_namespace,
    title: row.page_title,
    latestRevisionId: row.page_latest,
    length: row.page_len,
    contentLanguage: row.page_lang,
    prefixedText: localizedPrefixedText({ namespace: row.page_namespace, dbKey: row.page_title }, row.page_lang)
  }
}

export async function findPage (q: Queryable, db: WikiDb, title: Title, options: { forUpdate?: boolean } = {}): Promise<PageRow | null> {
  const { rows } = await q.query<PageRow>(
    `SELECT * FROM ${table(db, 'page')} WHERE page_namespace = $1 AND page_title = $2${options.forUpdate === true ? ' FOR UPDATE' : ''}`,
    [title.namespace, title.dbKey])
  return rows[0] ?? null
}

export async function pagesById (q: Queryable, db: WikiDb, ids: readonly number[]): Promise<PageRow[]> {
  const { rows } = await q.query<PageRow>(`SELECT * FROM ${table(db, 'page')} WHERE page_id = ANY($1::int[])`, [ids])
  const byId = new Map(rows.map(r => [r.page_id, r]))
  return ids.flatMap(id => byId.get(id) ?? [])
}

/** Page ids of the titles that exist, keyed `namespace:dbKey`. */
export async function pageIdsOf (q: Queryable, db: WikiDb, titles: readonly Title[]): Promise<Map<string, number>> {
  if (titles.length === 0) return new Map()
  const { rows } = await q.query<{ page_namespace: number, page_title: string, page_id: number }>(
    `SELECT p.page_namespace, p.page_title, p.page_id FROM ${table(db, 'page')} p
       JOIN unnest($1::int[], $2::text[]) AS t(ns, title) ON p.page_namespace = t.ns AND p.page_title = t.title`,
    [titles.map(t => t.namespace), titles.map(t => t.dbKey)])
  return new Map(rows.map(r => [`${r.page_namespace}:${r.page_title}`, r.page_id]))
}

/** Inserts an empty page row (page_latest 0 until its first revision). */
export async function insertPage (q: Queryable, db: WikiDb, title: Title, language: string): Promise<PageRow> {
  const { rows } = await q.query<PageRow>(
    `INSERT INTO ${table(db, 'page')} (page_namespace, page_title, page_lang) VALUES ($1, $2, $3) RETURNING *`,
    [title.namespace, title.dbKey, language])
  return rows[0]!
}

export async function insertRevision (q: Queryable, db: WikiDb, rev: Omit<RevisionRow, 'rev_id' | 'rev_timestamp'>): Promise<RevisionRow> {
  const { rows } = await q.query<RevisionRow>(
    `INSERT INTO ${table(db, 'revision')} (rev_page, rev_parent_id, rev_user, rev_user_text, rev_comment, rev_minor, rev_len, rev_text)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
    [rev.rev_page, rev.rev_parent_id, rev.rev_user, rev.rev_user_text, rev.rev_comment, rev.rev_minor, rev.rev_len, rev.rev_text])
  return rows[0]!
}

export async function setLatestRevision (q: Queryable, db: WikiDb, pageId: number, revision: RevisionRow): Promise<PageRow> {
  const { rows } = await q.query<PageRow>(
    `UPDATE ${table(db, 'page')} SET page_latest = $2, page_len = $3, page_touched = now() WHERE page_id = $1 RETURNING *`,
    [pageId, revision.rev_id, revision.rev_len])
  return rows[0]!
}

export async function touchPage (q: Queryable, db: WikiDb, pageId: number): Promise<void> {
  await q.query(`UPDATE ${table(db, 'page')} SET page_touched = now() WHERE page_id = $1`, [pageId])
}

export async function deletePageRow (q: Queryable, db: WikiDb, pageId: number): Promise<void> {
  await q.query(`DELETE FROM ${table(db, 'page')} WHERE page_id = $1`, [pageId])
}

/**
 * Undeletion: the page row again, under its old id, its latest revision the one it had (its
 * revisions stayed, keyed by that id). Null when the old id has no revisions.
 */
export async function restorePageRow (q: Queryable, db: WikiDb, pageId: number, title: Title, language: string): Promise<PageRow | null> {
  const { rows } = await q.query<PageRow>(
    `INSERT INTO ${table(db, 'page')} (page_id, page_namespace, page_title, page_lang, page_latest, page_len)
     SELECT $1, $2, $3, $4, r.rev_id, r.rev_len FROM ${table(db, 'revision')} r WHERE r.rev_page = $1 ORDER BY r.rev_id DESC LIMIT 1
     RETURNING *`, [pageId, title.namespace, title.dbKey, language])
  return rows[0] ?? null
}

/** The id the page at `title` had when it was last deleted (its delete log row), or null. */
export async function deletedPageId (q: Queryable, db: WikiDb, title: Title): Promise<number | null> {
  const { rows } = await q.query<{ id: number }>(
    `SELECT rc_cur_id AS id FROM ${table(db, 'recentchanges')}
      WHERE rc_namespace = $1 AND rc_title = $2 AND rc_log_type = 'delete' AND rc_log_action = 'delete'
      ORDER BY rc_id DESC LIMIT 1`, [title.namespace, title.dbKey])
  return rows[0]?.id ?? null
}

export async function renamePage (q: Queryable, db: WikiDb, pageId: number, to: Title): Promise<PageRow> {
  const { rows } = await q.query<PageRow>(
    `UPDATE ${table(db, 'page')} SET page_namespace = $2, page_title = $3, page_touched = now() WHERE page_id = $1 RETURNING *`,
    [pageId, to.namespace, to.dbKey])
  return rows[0]!
}

export async function loadRevision (q: Queryable, db: WikiDb, revId: number): Promise<RevisionRow | null> {
  const { rows } = await q.query<RevisionRow>(`SELECT * FROM ${table(db, 'revision')} WHERE rev_id = $1`, [revId])
  return rows[0] ?? null
}

export async function pageHistory (q: Queryable, db: WikiDb, pageId: number, limit = 100): Promise<Array<Omit<RevisionRow, 'rev_text'>>> {
  const { rows } = await q.query(
    `SELECT rev_id, rev_page, rev_parent_id, rev_timestamp, rev_user, rev_user_text, rev_comment, rev_minor, rev_len
       FROM ${table(db, 'revision')} WHERE rev_page = $1 ORDER BY rev_id DESC LIMIT $2`, [pageId, limit])
  return rows
}

export async function listPages (q: Queryable, db: WikiDb, namespace: number, limit = 500): Promise<PageRow[]> {
  const { rows } = await q.query<PageRow>(
    `SELECT * FROM ${table(db, 'page')} WHERE page_namespace = $1 ORDER BY page_title LIMIT $2`, [namespace, limit])
  return rows
}
