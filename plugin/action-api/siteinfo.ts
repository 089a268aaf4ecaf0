import { PACKAGE_VERSION } from '../package-root.js'
import type { ApiCall } from './api-module.js'
import { isFormatVersion2, setFlag } from './api-format.js'
import type { EntityNamespaces } from '../repo/action-api/entity-output.js'

/**
 * `meta=siteinfo` (MediaWiki's ApiQuerySiteinfo, includes/api/ApiQuerySiteinfo.php) with `siprop=general|namespaces|
 * namespacealiases|extensions`. Namespaces are MediaWiki's core ones plus, on a repo, the entity
 * namespaces (the `repoSettings.entityNamespaces` option; Wikibase's defaults Item 120 and
 * Property 122, talk 121 and 123) with their `defaultcontentmodel`, as Wikibase registers
 * them (content namespaces). Format 1 writes names as `*` and flags as `""`; format 2 as
 * `name` (`alias`) and booleans.
 */

interface Namespace { id: number, canonical: string, name?: string, subpages: boolean, content: boolean, model?: string }

/** MediaWiki's core namespaces (NamespaceInfo::CANONICAL_NAMES) and $wgNamespacesWithSubpages' defaults. */
const CORE: ReadonlyArray<[number, string, boolean]> = [
  [-2, 'Media', false], [-1, 'Special', false], [0, '', false], [1, 'Talk', true], [2, 'User', true], [3, 'User talk', true],
  [4, 'Project', true], [5, 'Project talk', true], [6, 'File', false], [7, 'File talk', true], [8, 'MediaWiki', true],
  [9, 'MediaWiki talk', true], [10, 'Template', true], [11, 'Template talk', true], [12, 'Help', true], [13, 'Help talk', true],
  [14, 'Category', false], [15, 'Category talk', true]
]

/** The namespaces of this wiki, by id: the entity namespaces only when `entity` is given (a repo). */
export function repoNamespaces (siteName: string, entity: EntityNamespaces | null): Namespace[] {
  const byId = new Map<number, Namespace>()
  for (const [id, canonical, subpages] of CORE) {
    byId.set(id, { id, canonical, subpages, content: id === 0, ...(id === 4 ? { name: siteName } : {}), ...(id === 5 ? { name: `${siteName} talk` } : {}) })
  }
  const addEntity = (id: number, canonical: string, model: string): void => {
    if (id === 0) { byId.set(0, { ...byId.get(0)!, model }); return }
    byId.set(id, { id, canonical, subpages: false, content: true, model })
    byId.set(id + 1, { id: id + 1, canonical: `${canonical} talk`, subpages: false, content: false })
  }
  if (entity !== null) {
    addEntity(entity.item, 'Item', 'wikibase-item')
    addEntity(entity.property, 'Property', 'wikibase-property')
  }
  return [...byId.values()].sort((a, b) => a.id - b.id)
}

function namespacesOutput (call: ApiCall, v2: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const ns of repoNamespaces(call.deps.siteId, entityNamespacesOf(call))) {
    const name = ns.name ?? ns.canonical
    const entry: Record<string, unknown> = { id: ns.id, case: 'first-letter' }
    if (v2) entry.name = name
    setFlag(entry, 'subpages', ns.subpages, v2)
    if (ns.id !== 0) entry.canonical = ns.canonical
    setFlag(entry, 'content', ns.content, v2)
    setFlag(entry, 'nonincludable', false, v2)
    if (ns.model !== undefined) entry.defaultcontentmodel = ns.model
    if (!v2) entry['*'] = name
    out[String(ns.id)] = entry
  }
  return out
}

/** MediaWiki's default aliases ($wgNamespaceAliases: Image, Image talk). */
function namespaceAliasesOutput (v2: boolean): unknown[] {
  return [[6, 'Image'], [7, 'Image talk']].map(([id, alias]) => v2 ? { id, alias } : { id, '*': alias })
}

/** Wikibase's extensions as they register (extension.json name, type, url, descriptionmsg, license). */
function extensionsOutput (call: ApiCall): unknown[] {
  return (call.deps.extensions ?? []).map(({ name, descriptionmsg, page }) => ({
    type: 'wikibase', name, descriptionmsg, author: 'fastify-wikibase', url: `https://www.mediawiki.org/wiki/Extension:${page}`,
    version: PACKAGE_VERSION, 'license-name': 'GPL-2.0-or-later'
  }))
}

/** The entity namespaces of a repo; a client-only wiki has none. */
export function entityNamespacesOf (call: ApiCall): EntityNamespaces | null {
  return call.deps.roles.has('repo') ? call.namespaces : null
}

function generalOutput (call: ApiCall): Record<string, unknown> {
  const request = call.request
  const server = `${request.protocol}://${request.headers.host ?? request.hostname}`
  const prefix = call.deps.routePrefix
  return {
    mainpage: 'Main Page',
    base: `${server}${prefix}/wiki/Main_Page`,
    sitename: call.deps.siteId,
    generator: `fastify-wikibase ${PACKAGE_VERSION}`,
    case: 'first-letter',
    lang: 'en',
    server,
    servername: request.hostname,
    articlepath: `${prefix}/wiki/$1`,
    scriptpath: `${prefix}/w`,
    script: `${prefix}/w/index.php`,
    wikiid: call.deps.siteId,
    ...(call.deps.roles.has('repo') ? { 'wikibase-conceptbaseuri': `${server}${prefix}/entity/` } : {})
  }
}

/** The `siprop` values answered (MediaWiki has more; they are unrecognized here). */
export const SITEINFO_PROPS = ['general', 'namespaces', 'namespacealiases', 'extensions'] as const

export function siteinfo (call: ApiCall): Record<string, unknown> {
  const props = call.params.has('siprop') ? call.params.list('siprop') : ['general']
  const v2 = isFormatVersion2(call.params)
  const out: Record<string, unknown> = {}
  for (const prop of props) {
    if (prop === 'general') out.general = generalOutput(call)
    else if (prop === 'namespaces') out.namespaces = namespacesOutput(call, v2)
    else if (prop === 'namespacealiases') out.namespacealiases = namespaceAliasesOutput(v2)
    else if (prop === 'extensions') out.extensions = extensionsOutput(call)
  }
  return out
}
