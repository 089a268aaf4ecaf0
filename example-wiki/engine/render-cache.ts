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
  /** The rendering's cache tags (migration 070): its `xkey` header, what purgeCacheTags matches; null: not known yet. */
  tags: string[] | null
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
    rc_warnings: string[], rc_rendered_at: Date, rc_tags: string[] | null
  }>(
    `SELECT * FROM ${table(db, 'render_cache')} WHERE rc_page = $1 AND rc_rev = $2 AND rc_user_lang IN ('', $3) ORDER BY rc_user_lang LIMIT 1`,
    [pageId, revisionId, userLanguage])
  const row = rows[0]
  return row === undefined
    ? null
    : {
        revisionId: row.rc_rev, html: row.rc_html, languageLinks: row.rc_langlinks, otherProjects: row.rc_otherprojects,
        warnings: row.rc_warnings, renderedAt: row.rc_rendered_at, tags: row.rc_tags
      }
}

/**
 * Caches a rendering under `languageKey` (renderLanguageKey). Renderings of other revisions go,
 * and so does the shared one when a per-language one comes (and the reverse): the page's
 * rendering changed from language-independent to dependent or back.
 */
/** A rendering to cache; without tags, they are not known yet (null). */
type NewRendering = Omit<RenderedPage, 'renderedAt' | 'tags'> & { tags?: string[] | null }

export async function storeRender (q: Queryable, db: WikiDb, pageId: number, page: NewRendering, languageKey = ''): Promise<void> {
  await q.query(
    `DELETE FROM ${table(db, 'render_cache')} WHERE rc_page = $1 AND (rc_rev <> $2 OR $3 = '' OR rc_user_lang = '')`,
    [pageId, page.revisionId, languageKey])
  await q.query(
    `INSERT INTO ${table(db, 'render_cache')} (rc_page, rc_user_lang, rc_rev, rc_html, rc_langlinks, rc_otherprojects, rc_warnings, rc_tags)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (rc_page, rc_user_lang) DO UPDATE SET rc_rev = EXCLUDED.rc_rev, rc_html = EXCLUDED.rc_html, rc_langlinks = EXCLUDED.rc_langlinks,
       rc_otherprojects = EXCLUDED.rc_otherprojects, rc_warnings = EXCLUDED.rc_warnings, rc_tags = EXCLUDED.rc_tags,
       rc_rendered_at = now()`,
    [pageId, languageKey, page.revisionId, page.html, JSON.stringify(page.languageLinks), JSON.stringify(page.otherProjects),
      JSON.stringify(page.warnings), page.tags ?? null])
}

/** HTMLCacheUpdate: the pages render afresh on their next view. */
export async function purgeRenders (q: Queryable, db: WikiDb, pageIds: readonly number[]): Promise<number> {
  const { rowCount } = await q.query(`DELETE FROM ${table(db, 'render_cache')} WHERE rc_page = ANY($1::int[])`, [pageIds])
  return rowCount ?? 0
}

/** The host service purgeCacheTags: every rendering that carries one of the tags goes. */
export async function purgeRendersByTags (q: Queryable, db: WikiDb, tags: readonly string[]): Promise<number> {
  if (tags.length === 0) return 0
  const { rowCount } = await q.query(`DELETE FROM ${table(db, 'render_cache')} WHERE rc_tags && $1::text[] OR rc_tags IS NULL`, [tags])
  return rowCount ?? 0
}

/** The tags of a page's renderings once known (a rendering cached without them gets them on its first view). */
export async function tagRenders (q: Queryable, db: WikiDb, pageId: number, tags: readonly string[]): Promise<void> {
  await q.query(`UPDATE ${table(db, 'render_cache')} SET rc_tags = $2::text[] WHERE rc_page = $1 AND rc_tags IS NULL`, [pageId, tags])
}
