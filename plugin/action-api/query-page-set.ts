import type { EntityId, PageId } from '../../hooks/ids.js'
import { loadEntityState } from '../repo-reader/entity-state.js'
import { entityPagesByPageIds } from '../repo/entities/entity-page-store.js'
import { ApiError } from './api-errors.js'
import type { ApiCall } from './api-module.js'
import { checkInteger } from './param-validator.js'
import { entityOfTitle } from '../repo/action-api/page-modules.js'
import { entityNamespacesOf, repoNamespaces } from './siteinfo.js'
import { namespaceOf, pageTitleOf } from '../repo/action-api/entity-output.js'

/**
 * The pages `action=query` is asked about (`titles` or `pageids`), as MediaWiki's ApiPageSet
 * resolves them (includes/api/ApiPageSet.php): titles are normalized (underscores to spaces,
 * the namespace's name, an upper-case first letter; each change listed in `normalized`),
 * a title MediaWiki could not hold is `invalid`, a page that does not exist is `missing`.
 * Entity pages are the titles of the entity namespaces (`repoSettings.entityNamespaces`),
 * `Item:Q64` / `Property:P31` (a bare id when the namespace is the main one); any other
 * title is a page of the host, asked of it (`pageIdsForTitles`). With `redirects`, a host
 * page that is a redirect (`pageRedirectTargets`) is replaced by its target, one step as
 * MediaWiki resolves it, and listed in `redirects` — what a repo reads when it checks a
 * sitelink's page on this wiki (Wikibase's MediaWikiPageNameNormalizer).
 */
export interface QueryPage {
  /** The key in format 1's `pages` object: the page id, or -1, -2 … for missing and invalid pages. */
  key: number
  ns?: number
  title: string
  pageid?: number
  missing?: boolean
  invalidreason?: string
  entity?: { id: EntityId, type: string, redirect: boolean }
}

export interface PageSet {
  pages: QueryPage[]
  normalized: Array<{ from: string, to: string }>
  /** With `redirects`: each redirect page asked for and the title it led to (ApiPageSet's `redirects`). */
  redirects: Array<{ from: string, to: string }>
}

/** Titles per call (ApiBase::LIMIT_SML1; LIMIT_SML2 for bots). */
const MAX_TITLES = 50
const MAX_TITLES_BOT = 500
const INVALID_CHARS = /[#<>[\]|{}\u0000-\u001f\u007f]/u
const EMPTY_REASON = 'The requested page title is empty or contains only the name of a namespace.'

interface ParsedTitle { ns: number, title: string, text: string }

/** A title as MediaWiki's Title parses it, or the reason it is invalid. */
export function parseTitle (raw: string, names: ReadonlyMap<string, { id: number, name: string }>): ParsedTitle | { invalidreason: string } {
  let text = raw.replaceAll('_', ' ').replace(/\s+/gu, ' ').trim().replace(/^:/, '').trim()
  const bad = INVALID_CHARS.exec(text)
  if (bad !== null) return { invalidreason: `The requested page title contains invalid characters: "${bad[0]}".` }
  let ns = 0
  let prefix = ''
  const colon = text.indexOf(':')
  if (colon > 0) {
    const known = names.get(text.slice(0, colon).trim().toLowerCase())
    if (known !== undefined) { ns = known.id; prefix = known.name; text = text.slice(colon + 1).trim() }
  }
  if (text === '') return { invalidreason: EMPTY_REASON }
  text = text.charAt(0).toUpperCase() + text.slice(1)
  return { ns, text, title: prefix === '' ? text : `${prefix}:${text}` }
}

/** Namespace names and aliases, lower case, to id and the name titles show. */
export function namespaceNames (call: ApiCall): Map<string, { id: number, name: string }> {
  const names = new Map<string, { id: number, name: string }>()
  for (const ns of repoNamespaces(call.deps.siteId, entityNamespacesOf(call))) {
    if (ns.id === 0) continue
    const shown = ns.name ?? ns.canonical
    for (const name of [ns.canonical, shown]) names.set(name.toLowerCase(), { id: ns.id, name: shown })
  }
  names.set('image', { id: 6, name: 'File' })
  names.set('image talk', { id: 7, name: 'File talk' })
  return names
}

/** The entity whose page the title is, if the title is in an entity namespace and names an id of its type. */
function entityOfPage (call: ApiCall, parsed: ParsedTitle): { id: EntityId, type: string } | null {
  if (!call.deps.roles.has('repo')) return null
  const type = parsed.ns === call.namespaces.item ? 'item' : parsed.ns === call.namespaces.property ? 'property' : null
  if (type === null) return null
  try {
    const id = entityOfTitle(parsed.ns === 0 ? parsed.text : `${type === 'item' ? 'Item' : 'Property'}:${parsed.text}`)
    return id.startsWith(type === 'item' ? 'Q' : 'P') ? { id, type } : null
  } catch {
    return null
  }
}

function checkCount (call: ApiCall, name: string, count: number): void {
  const limit = call.user.bot ? MAX_TITLES_BOT : MAX_TITLES
  if (count > limit) throw new ApiError('toomanyvalues', `Too many values supplied for parameter "${name}". The limit is ${limit}.`, { limit })
}

export async function resolvePageSet (call: ApiCall): Promise<PageSet> {
  const { params, deps: { db } } = call
  const titles = params.list('titles')
  const pageIds = params.list('pageids')
  if (titles.length > 0 && pageIds.length > 0) {
    throw new ApiError('invalidparammix', 'The parameters "titles" and "pageids" can not be used together.')
  }
  checkCount(call, 'titles', titles.length)
  checkCount(call, 'pageids', pageIds.length)
  const set: PageSet = { pages: [], normalized: [], redirects: [] }
  let nextMissing = -1
  const names = namespaceNames(call)
  for (const raw of titles) {
    const parsed = parseTitle(raw, names)
    if ('invalidreason' in parsed) { set.pages.push({ key: nextMissing--, title: raw, invalidreason: parsed.invalidreason }); continue }
    if (parsed.title !== raw && !set.normalized.some(n => n.from === raw)) set.normalized.push({ from: raw, to: parsed.title })
    if (set.pages.some(p => p.title === parsed.title && p.ns === parsed.ns)) continue
    const entity = entityOfPage(call, parsed)
    if (entity === null && call.deps.host !== undefined) {
      const page = await hostPage(call, parsed, set)
      if (!set.pages.some(p => p.title === page.title && p.ns === page.ns)) set.pages.push(page.missing === true ? { ...page, key: nextMissing-- } : page)
      continue
    }
    const state = entity === null ? null : await loadEntityState(db.pool, db, entity.id)
    const exists = state !== null && !state.deleted && (state.latestRevisionId > 0 || state.redirectTarget !== null)
    if (entity === null || !exists) { set.pages.push({ key: nextMissing--, ns: parsed.ns, title: parsed.title, missing: true }); continue }
    set.pages.push({
      key: state.pageId > 0 ? state.pageId : nextMissing--, ns: parsed.ns, title: parsed.title, pageid: state.pageId,
      entity: { id: entity.id, type: entity.type, redirect: state.redirectTarget !== null }
    })
  }
  const ids = pageIds.map(v => checkInteger('pageids', v))
  // A client-only wiki has no entity pages (nor their table).
  const found = new Map((call.deps.roles.has('repo') ? await entityPagesByPageIds(db.pool, db, ids) : []).map(p => [p.pageId, p]))
  const hostPages = await hostPagesByIds(call, [...new Set(ids)].filter(id => !found.has(id)))
  for (const id of new Set(ids)) {
    const page = found.get(id)
    const hosted = hostPages.get(id)
    if (page === undefined && hosted !== undefined) { set.pages.push(hosted); continue }
    if (page === undefined) { set.pages.push({ key: id, title: '', pageid: id, missing: true }); continue }
    const title = pageTitleOf(page.entityId, page.type, call.namespaces)
    const entity = { id: page.entityId, type: page.type, redirect: page.redirect }
    set.pages.push({ key: id, ns: namespaceOf(page.type, call.namespaces), title, pageid: id, entity })
  }
  return set
}

/** The host's page of a title (not an entity page); with `redirects`, a redirect's target instead. */
async function hostPage (call: ApiCall, parsed: ParsedTitle, set: PageSet): Promise<QueryPage> {
  const services = call.deps.host!.services
  // A repo-only host need not look pages up (its client services are optional): no page of it is known.
  const lookup = services.pageIdsForTitles
  if (lookup === undefined) return { key: 0, ns: parsed.ns, title: parsed.title, missing: true }
  const id = (await lookup([parsed.title])).get(parsed.title)
  if (id === undefined) return { key: 0, ns: parsed.ns, title: parsed.title, missing: true }
  const page: QueryPage = { key: id, ns: parsed.ns, title: parsed.title, pageid: id }
  if (!call.params.bool('redirects') || services.pageRedirectTargets === undefined) return page
  const target = (await services.pageRedirectTargets([id])).get(id)
  if (target === undefined) return page
  const to = parseTitle(target, namespaceNames(call))
  // A redirect into an entity namespace is left unresolved: entity pages are the repo's, not the host's.
  if ('invalidreason' in to || entityOfPage(call, to) !== null) return page
  if (!set.redirects.some(r => r.from === parsed.title)) set.redirects.push({ from: parsed.title, to: to.title })
  const targetId = (await lookup([to.title])).get(to.title)
  return targetId === undefined ? { key: 0, ns: to.ns, title: to.title, missing: true } : { key: targetId, ns: to.ns, title: to.title, pageid: targetId }
}

/**
 * The host's pages of these ids (ApiPageSet::initFromPageIds over the page table): a client's
 * pages are the host's. Titles as the wiki shows them (the record's prefixedText, else the
 * namespace's name, a colon, the title with spaces).
 */
async function hostPagesByIds (call: ApiCall, ids: readonly number[]): Promise<Map<number, QueryPage>> {
  const lookup = call.deps.host?.services.pagesByIds
  if (ids.length === 0 || lookup === undefined) return new Map()
  const names = new Map(repoNamespaces(call.deps.siteId, entityNamespacesOf(call)).map(ns => [ns.id, ns.name ?? ns.canonical]))
  const out = new Map<number, QueryPage>()
  for (const page of await lookup(ids.map(id => id as PageId))) {
    const text = page.title.replaceAll('_', ' ')
    const prefix = names.get(page.namespace) ?? ''
    const title = page.prefixedText ?? (prefix === '' ? text : `${prefix}:${text}`)
    out.set(page.id, { key: page.id, ns: page.namespace, title, pageid: page.id })
  }
  return out
}
