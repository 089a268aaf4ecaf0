import type { PageId } from '../../hooks/ids.js'
import { loadRevision, pagesById } from './page-store.js'
import type { WikiDb } from './wiki-db.js'

/**
 * Redirect pages: wikitext that starts with `#REDIRECT [[Target]]` (MediaWiki's redirect
 * magic word, any case, an optional colon; WikitextContentHandler / MagicWord `redirect`).
 * The engine keeps no redirect table: the target is read from the latest revision's text.
 */
const REDIRECT = /^\s*#redirect\s*:?\s*\[\[\s*:?([^\]|#\n]+)(?:#[^\]|]*)?(?:\|[^\]]*)?\]\]/i

/** The title a redirect's wikitext points at (spaces for underscores, trimmed), or null. */
export function redirectTargetOf (wikitext: string): string | null {
  const target = REDIRECT.exec(wikitext)?.[1]?.replaceAll('_', ' ').trim()
  return target === undefined || target === '' ? null : target
}

/** The host service `pageRedirectTargets`: of these pages, the redirects and their targets. */
export async function pageRedirectTargets (db: WikiDb, ids: readonly PageId[]): Promise<Map<PageId, string>> {
  const targets = new Map<PageId, string>()
  for (const page of await pagesById(db.pool, db, ids)) {
    const revision = await loadRevision(db.pool, db, page.page_latest)
    const target = revision === null ? null : redirectTargetOf(revision.rev_text)
    if (target !== null) targets.set(page.page_id as PageId, target)
  }
  return targets
}
