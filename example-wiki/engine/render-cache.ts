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

/** The parser option that splits the cache: the plugin's mark of a rendering that used the user's language. */
const USER_LANGUAGE_OPTION = 'userlang'

/** The cache key of a rendering: its user language when it depends on it, else '' (shared by every user). */
export function renderLanguageKey (output: Pick<ParserOutput, 'usedOptions'>, userLanguage: string): string {
  return output.usedOptions?.has(USER_LANGUAGE_OPTION) === true ? userLanguage : ''
}

/** The cached rendering of a revision for a user of `userLanguage` (the shared one, or the one of that language). */
export async function cachedRender (q: Queryable, db: WikiDb, pageId: number, revisionId: number, userLanguage: string): Promise<RenderedPage | null> {
  const { rows } = await q.query<{
    rc_rev: number, rc_html: string, rc_langlinks: RenderedPage['languageLinks'], rc_otherprojects: RenderedPage['otherProjects'],
    rc_warnings: string[], rc_rendered_at: Date
  }>(
    `SELECT * FROM ${table(db, 'render_cache')} WHERE rc_page = $1 AND rc_rev = $2 AND rc_user_lang IN ('', $3) ORDER BY rc_user_lang LIMIT 1`,
    [pageId, revisionId, userLanguage])
  const row = rows[0]
  return row === undefined
    ? null
    : {
        revisionId: row.rc_rev, html: row.rc_html, languageLinks: row.rc_langlinks, otherProjects: row.rc_otherprojects,
        warnings: row.rc_warnings, renderedAt: row.rc_rendered_at
      }
}

/**
 * Caches a rendering under `languageKey` (renderLanguageKey). Renderings of other revisions go,
 * and so does the shared one when a per-language one comes (and the reverse): the page's
 * rendering changed from language-independent to dependent or back.
 */
export async function storeRender (q: Queryable, db: WikiDb, pageId: number, page: Omit<RenderedPage, 'renderedAt'>, languageKey = ''): Promise<void> {
  await q.query(
    `DELETE FROM ${table(db, 'render_cache')} WHERE rc_page = $1 AND (rc_rev <> $2 OR $3 = '' OR rc_user_lang = '')`,
    [pageId, page.revisionId, languageKey])
  await q.query(
    `INSERT INTO ${table(db, 'render_cache')} (rc_page, rc_user_lang, rc_rev, rc_html, rc_langlinks, rc_otherprojects, rc_warnings)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (rc_page, rc_user_lang) DO UPDATE SET rc_rev = EXCLUDED.rc_rev, rc_html = EXCLUDED.rc_html, rc_langlinks = EXCLUDED.rc_langlinks,
       rc_otherprojects = EXCLUDED.rc_otherprojects, rc_warnings = EXCLUDED.rc_warnings, rc_rendered_at = now()`,
    [pageId, languageKey, page.revisionId, page.html, JSON.stringify(page.languageLinks), JSON.stringify(page.otherProjects), JSON.stringify(page.warnings)])
}

/** HTMLCacheUpdate: the pages render afresh on their next view. */
export async function purgeRenders (q: Queryable, db: WikiDb, pageIds: readonly number[]): Promise<number> {
  const { rowCount } = await q.query(`DELETE FROM ${table(db, 'render_cache')} WHERE rc_page = ANY($1::int[])`, [pageIds])
  return rowCount ?? 0
}
