import type { SiteLink, Snak, SnakMap, Statement, Term, WikibaseEntity } from '../../changes/wikibase-entity.js'
import { normalizePageName } from '../../sites/page-name-normalizer.js'
import { SITE_TYPE_MEDIAWIKI, type Site } from '../../sites/site.js'
import type { SitePageInfoLookup } from './site-page-info-lookup.js'
import { getPath, PATH_FILE } from '../../sites/site-paths.js'
import { NoExternalPageError } from '../entities/entity-errors.js'
import { phpTrimToNfc, trimToNfc, trimWhitespace } from './string-normalizer.js'
import { normalizeSnak } from './value-normalizer.js'

/**
 * Normalizes what an edit adds or changes, as Wikibase does on every write path (action
 * API, REST, JSON Patch results all end in entity-editor.ts, which calls this once):
 * - terms: through the action API trimToNfc (wbeditentity's term change-op deserializers,
 *   wbsetlabel …: control characters inside become spaces); through the REST API PHP's
 *   trim() and NFC, as Wikibase's REST API (a tab inside is then refused by validation);
 *   aliases also lose the empty and repeated ones, as Wikibase's AliasGroup does;
 * - statements: every snak of a new or changed statement through the data value
 *   normalizers (value-normalizer.ts; Wikibase's StatementNormalizer);
 * - sitelinks: a new or changed sitelink's title trimmed (StringNormalizer::trimWhitespace),
 *   in NFC, then through the site's title normalization (see normalizeSiteLinkTitle).
 * Anything equal to what is stored stays byte for byte, so old data is never rewritten by
 * an unrelated edit. Shapes are not validated here (validation follows); a part of the
 * wrong shape is passed on unchanged for the validator to refuse.
 */
export interface NormalizationDeps {
  propertyDatatypes: (ids: string[]) => Promise<Map<string, string>>
  siteOf: (siteId: string) => Promise<Site | null>
  /** The client's answer about pages (redirects); absent: titles are normalized locally only. */
  pageInfo?: SitePageInfoLookup
  /** Wikibase's `redirectBadgeItems`: a sitelink with one of them may point at a redirect. */
  redirectBadgeItems: readonly string[]
  /** `action-api`: Wikibase's trimToNfc for terms; `rest` (default): PHP trim and NFC. */
  terms?: 'action-api' | 'rest'
}

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

export async function normalizeEntityEdit (before: WikibaseEntity | null, after: WikibaseEntity, deps: NormalizationDeps): Promise<WikibaseEntity> {
  const entity: Json = { ...after }
  const old = (before ?? {}) as Json
  const term = deps.terms === 'action-api' ? trimToNfc : phpTrimToNfc
  for (const key of ['labels', 'descriptions']) {
    if (isObject(entity[key])) entity[key] = normalizeTerms(entity[key], isObject(old[key]) ? old[key] : {}, term)
  }
  if (isObject(entity.aliases)) entity.aliases = normalizeAliases(entity.aliases, isObject(old.aliases) ? old.aliases : {}, term)
  if (isObject(entity.claims)) entity.claims = await normalizeStatements(entity.claims, isObject(old.claims) ? old.claims : {}, deps)
  if (isObject(entity.sitelinks)) entity.sitelinks = await normalizeSiteLinks(entity.sitelinks, isObject(old.sitelinks) ? old.sitelinks : {}, deps)
  return entity as unknown as WikibaseEntity
}

function normalizeTerms (terms: Json, old: Json, normalize: (text: string) => string): Json {
  return Object.fromEntries(Object.entries(terms).map(([language, term]) => {
    if (!isObject(term) || typeof term.value !== 'string' || same(term, old[language])) return [language, term]
    return [language, { ...term, value: normalize(term.value) } satisfies Partial<Term>]
  }))
}

function normalizeAliases (aliases: Json, old: Json, normalize: (text: string) => string): Json {
  return Object.fromEntries(Object.entries(aliases).map(([language, list]) => {
    if (!Array.isArray(list) || same(list, old[language])) return [language, list]
    const kept = new Set((Array.isArray(old[language]) ? old[language] : []).map(a => isObject(a) ? a.value : undefined))
    const seen = new Set<string>()
    const normalized: unknown[] = []
    for (const alias of list) {
      if (!isObject(alias) || typeof alias.value !== 'string' || kept.has(alias.value)) {
        normalized.push(alias)
        continue
      }
      const value = normalize(alias.value)
      if (value === '' || seen.has(value)) continue
      seen.add(value)
      normalized.push({ ...alias, value })
    }
    return [language, normalized]
  }))
}

async function normalizeStatements (claims: Json, old: Json, deps: NormalizationDeps): Promise<Json> {
  const oldById = new Map<string, unknown>()
  for (const list of Object.values(old)) if (Array.isArray(list)) for (const s of list) if (isObject(s) && typeof s.id === 'string') oldById.set(s.id, s)
  const changed: Statement[] = []
  for (const list of Object.values(claims)) {
    if (!Array.isArray(list)) continue
    for (const s of list) if (isObject(s) && !(typeof s.id === 'string' && same(s, oldById.get(s.id)))) changed.push(s as unknown as Statement)
  }
  if (changed.length === 0) return claims
  const datatypes = await deps.propertyDatatypes([...new Set(changed.flatMap(snaksOf).map(s => s.property).filter(p => typeof p === 'string'))])
  const normalized = new Map(changed.map(s => [s, normalizeStatement(s, datatypes)]))
  return Object.fromEntries(Object.entries(claims).map(([property, list]) =>
    [property, Array.isArray(list) ? list.map(s => normalized.get(s as Statement) ?? s) : list]))
}

function snaksOf (statement: Statement): Snak[] {
  const maps = [statement.qualifiers, ...(Array.isArray(statement.references) ? statement.references.map(r => r?.snaks) : [])]
  const fromMaps = maps.flatMap(map => isObject(map) ? Object.values(map).flatMap(list => Array.isArray(list) ? list : []) : [])
  return [statement.mainsnak, ...fromMaps].filter(isObject) as unknown as Snak[]
}

function normalizeStatement (statement: Statement, datatypes: Map<string, string>): Statement {
  const snak = (s: Snak): Snak => isObject(s) ? normalizeSnak(s, datatypes.get(s.property)) : s
  const snakMap = (map: SnakMap | undefined): SnakMap | undefined => !isObject(map)
    ? map
    : Object.fromEntries(Object.entries(map).map(([p, list]) => [p, Array.isArray(list) ? list.map(snak) : list]))
  const result: Statement = { ...statement, mainsnak: snak(statement.mainsnak) }
  if (statement.qualifiers !== undefined) result.qualifiers = snakMap(statement.qualifiers)
  if (Array.isArray(statement.references)) {
    result.references = statement.references.map(reference => {
      if (!isObject(reference)) return reference
      const snaks = snakMap(reference.snaks)
      if (same(snaks, reference.snaks)) return reference
      // Its hash covers the snaks: a stale one must be recomputed (snak-hash.ts).
      const { hash: _stale, ...rest } = reference
      return { ...rest, snaks: snaks! }
    })
  }
  return same(result, statement) ? statement : result
}

/** Sitelinks asked about at once: an item may link hundreds of sites, a client gets one request at a time. */
const LOOKUP_CONCURRENCY = 8

async function normalizeSiteLinks (sitelinks: Json, old: Json, deps: NormalizationDeps): Promise<Json> {
  const one = async ([siteId, link]: [string, unknown]): Promise<[string, unknown]> => {
    if (!isObject(link) || typeof link.title !== 'string') return [siteId, link]
    const before = old[siteId]
    // An unchanged link (same title, same badges) is not asked about again.
    if (isObject(before) && before.title === link.title && same(before.badges ?? [], link.badges ?? [])) return [siteId, link]
    const site = await deps.siteOf(siteId)
    const badges = Array.isArray(link.badges) ? link.badges : []
    const title = await normalizeSiteLinkTitle(site, link.title, badges, deps)
    return [siteId, title === link.title ? link : { ...link, title } satisfies Partial<SiteLink>]
  }
  const entries = Object.entries(sitelinks)
  const result: Array<[string, unknown]> = []
  for (let i = 0; i < entries.length; i += LOOKUP_CONCURRENCY) result.push(...await Promise.all(entries.slice(i, i + LOOKUP_CONCURRENCY).map(one)))
  return Object.fromEntries(result)
}

/**
 * A sitelink title as Wikibase saves it (SiteLinkPageNormalizer → MediaWikiSite::
 * normalizePageName → MediaWikiPageNameNormalizer; the REST API goes the same way through
 * rest-api/src/Infrastructure/DataAccess/SiteLinkPageNormalizerSitelinkTargetResolver.php):
 * trimmed and in NFC; for a MediaWiki site the local title rules (underscores → spaces,
 * first letter upper case: sites/page-name-normalizer.ts); then the client is asked about
 * the page. A redirect is followed and its target saved, unless the link carries one of the
 * redirect badges (SiteLinkPageNormalizer: NOFOLLOW_REDIRECT; the redirect page itself is
 * linked). A page the client does not confirm is refused with NoExternalPageError:
 * MediaWikiPageNameNormalizer (mediawiki core includes/site/MediaWikiPageNameNormalizer.php)
 * answers `false` alike for a failed request, an unreadable answer, a `missing` and an
 * `invalid` page, and Wikibase refuses every `false` with `no-external-page`. Without a
 * lookup (`sitelinkPageLookup: false`) or for a site with no api.php (no `file_path`: the
 * lookup cannot ask) only the local rules apply.
 */
export async function normalizeSiteLinkTitle (
  site: Site | null, title: string, badges: readonly unknown[], deps: Pick<NormalizationDeps, 'pageInfo' | 'redirectBadgeItems'>
): Promise<string> {
  const trimmed = trimToNfc(trimWhitespace(title))
  if (site === null) return trimmed
  const local = normalizePageName(site, trimmed) ?? trimmed
  if (site.type !== SITE_TYPE_MEDIAWIKI || deps.pageInfo === undefined || getPath(site, PATH_FILE) === null) return local
  const redirectBadge = badges.some(b => typeof b === 'string' && deps.redirectBadgeItems.includes(b))
  const info = (await deps.pageInfo(site, [local])).get(local)
  // With a redirect badge the redirect page itself is linked: that it exists is enough.
  if (redirectBadge && info?.redirectTarget != null) return local
  if (info === undefined || !info.exists) throw new NoExternalPageError(site.globalId, local)
  return redirectBadge ? local : info.redirectTarget ?? local
}
