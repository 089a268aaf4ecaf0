import { SITE_TYPE_MEDIAWIKI, type Site } from './site.js'

/** Underscores and the whitespace MediaWiki's title parser folds into one space. */
const TITLE_SPACE = /[ _\u00A0\u1680\u180E\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+/gu
/** Characters a MediaWiki title can never hold (Title::legalChars complement, roughly). */
const ILLEGAL = /[#<>[\]|{}\u0000-\u001F\u007F]/u

/**
 * The page name as the site stores it, computed locally: a generic site takes names as
 * they are; a MediaWiki site (with $wgCapitalLinks) folds underscores and runs of spaces into
 * one space, trims, and upper-cases the first letter. Returns null for a name that cannot be a
 * MediaWiki title (empty, or holding `# < > [ ] | { }` or control characters). Unlike
 * MediaWiki in production this asks no remote api.php, so redirects are not followed.
 */
export function normalizePageName (site: Pick<Site, 'type'>, pageName: string): string | null {
  if (site.type !== SITE_TYPE_MEDIAWIKI) return pageName
  const text = pageName.replace(TITLE_SPACE, ' ').trim()
  if (text === '' || ILLEGAL.test(text)) return null
  return upperFirst(text)
}

function upperFirst (text: string): string {
  const first = String.fromCodePoint(text.codePointAt(0)!)
  const upper = first.toUpperCase()
  // 'ß' → 'SS' and similar: MediaWiki keeps such letters as they are.
  return ([...upper].length === 1 ? upper : first) + text.slice(first.length)
}
