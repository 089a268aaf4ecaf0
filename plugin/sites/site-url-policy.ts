// Which URLs a site's link, page and file paths may hold: `http://`, `https://` or
// protocol-relative `//`, each followed by a host, with no whitespace or control character
// anywhere. These paths become hrefs (language links, sitelink URLs of wbgetentities), so any
// other scheme — `javascript:`, `data:`, `vbscript:`, `irc:` — is refused when a site is
// written (site-validator.ts) and ignored when one is read (site-page-url.ts), whatever row
// the table holds.

/** Longer URL templates are refused: Wikimedia's are under 60 characters, and browsers and servers cap URLs at a few thousand. */
export const MAX_SITE_URL_LENGTH = 2048
const ALLOWED_URL = /^(?:https?:)?\/\/[^/?#\\\s]+/i
const FORBIDDEN_CHARACTER = /[\s\u0000-\u001f\u007f-\u009f]/u

/** Why the URL (template) is not allowed, or null when it is. */
export function siteUrlProblem (url: string): string | null {
  if (url.length > MAX_SITE_URL_LENGTH) return `is longer than ${MAX_SITE_URL_LENGTH} characters`
  if (FORBIDDEN_CHARACTER.test(url)) return 'holds whitespace or a control character'
  if (!ALLOWED_URL.test(url)) return 'is not an http://, https:// or protocol-relative //host URL'
  return null
}

export function isAllowedSiteUrl (url: string): boolean {
  return siteUrlProblem(url) === null
}
