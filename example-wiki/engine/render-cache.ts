import type { ParserOutput } from '../../hooks/contract.js'
import { table, type Queryable, type WikiDb } from './wiki-db.js'

export interface RenderedPage {
  revisionId: number
  html: string
  languageLinks: ParserOutput['languageLinks']
  /** The "In other projects" links the plugin set (migration 040). */
  otherProjects: NonNullable<ParserOutput['otherProjects']>
  warnings: string[]
  renderedAt: Date
}

export async function cachedRender (q: Queryable, db: WikiDb, pageId: number, revisionId: number): Promise<RenderedPage | null> {
  const { rows } = await q.query<{
    rc_rev: number, rc_html: string, rc_langlinks: RenderedPage['languageLinks'], rc_otherprojects: RenderedPage['otherProjects'],
    rc_warnings: string[], rc_rendered_at: Date
  }>(
    `SELECT * FROM ${table(db, 'render_cache')} WHERE rc_page = $1 AND rc_rev = $2`, [pageId, revisionId])
  const row = rows[0]
  return row === undefined
    ? null
    : {
        revisionId: row.rc_rev, html: row.rc_html, languageLinks: row.rc_langlinks, otherProjects: row.rc_otherprojects,
        warnings: row.rc_warnings, renderedAt: row.rc_rendered_at
      }
}

export async function storeRender (q: Queryable, db: WikiDb, pageId: number, page: Omit<RenderedPage, 'renderedAt'>): Promise<void> {
  await q.query(
    `INSERT INTO ${table(db, 'render_cache')} (rc_page, rc_rev, rc_html, rc_langlinks, rc_otherprojects, rc_warnings) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (rc_page) DO UPDATE SET rc_rev = EXCLUDED.rc_rev, rc_html = EXCLUDED.rc_html, rc_langlinks = EXCLUDED.rc_langlinks,
       rc_otherprojects = EXCLUDED.rc_otherprojects, rc_warnings = EXCLUDED.rc_warnings, rc_rendered_at = now()`,
    [pageId, page.revisionId, page.html, JSON.stringify(page.languageLinks), JSON.stringify(page.otherProjects), JSON.stringify(page.warnings)])
}

/** HTMLCacheUpdate: the pages render afresh on their next view. */
export async function purgeRenders (q: Queryable, db: WikiDb, pageIds: readonly number[]): Promise<number> {
  const { rowCount } = await q.query(`DELETE FROM ${table(db, 'render_cache')} WHERE rc_page = ANY($1::int[])`, [pageIds])
  return rowCount ?? 0
}
