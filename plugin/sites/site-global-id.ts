/** A site's global key, e.g. `enwiki`; by convention the wiki's database name. */
export type SiteGlobalId = string & { readonly __brand: 'SiteGlobalId' }

/**
 * 1–32 letters, digits, `_`, `-` or `.`: MediaWiki stores the key as varbinary(32), and its own
 * site-list fixtures use keys such as `acme.com`.
 */
const SITE_GLOBAL_ID = /^[a-z0-9_.-]{1,32}$/i

export function isSiteGlobalId (raw: unknown): raw is SiteGlobalId {
  return typeof raw === 'string' && SITE_GLOBAL_ID.test(raw)
}

export function parseSiteGlobalId (raw: unknown): SiteGlobalId {
  if (!isSiteGlobalId(raw)) throw new Error(`not a valid global site id: ${JSON.stringify(raw)} (1–32 letters, digits, _, - or .)`)
  return raw
}
