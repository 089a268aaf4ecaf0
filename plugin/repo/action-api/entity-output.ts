import {
  entityMap, type Reference, type SiteLink, type Snak, type SnakMap, type Statement, type Term, type WikibaseEntity
} from '../../changes/wikibase-entity.js'
import { languageFallbackChain } from '../../language/language-fallback.js'
import { referenceHash, snakHash } from './snak-hash.js'

/**
 * Entities as the action API (`wbgetentities`, edit results) and Special:EntityData show
 * them: page info first (`pageid`, `ns`, `title`, `lastrevid`, `modified`), then `type`,
 * `datatype`, `id` and the sections; maps as objects (never PHP's `[]`); every snak with its
 * `hash` and `datatype`, every reference with its `hash`.
 */
export const ALL_PROPS = ['info', 'sitelinks', 'aliases', 'labels', 'descriptions', 'claims', 'datatype'] as const
export type EntityProp = typeof ALL_PROPS[number] | 'sitelinks/urls'

export interface EntityNamespaces { item: number, property: number }
/** Wikibase's default entity namespaces (repo `entityNamespaces`): Item 120, Property 122. */
export const DEFAULT_NAMESPACES: EntityNamespaces = { item: 120, property: 122 }

export interface OutputContext {
  /** Datatypes of properties used in snaks (missing: left out, as for deleted properties). */
  datatypes: ReadonlyMap<string, string>
  namespaces: EntityNamespaces
  /** Page URL of a sitelink, for `props=sitelinks/urls`. */
  siteLinkUrl?: (site: string, title: string) => string | null
}

export interface OutputOptions {
  props?: ReadonlySet<EntityProp>
  /** Only these languages for labels, descriptions and aliases. */
  languages?: readonly string[]
  /** With `languages`: fill a missing label/description from the language's fallback chain (`for-language`). */
  languageFallback?: boolean
  /** Only sitelinks of these sites. */
  siteFilter?: readonly string[]
  info?: { pageId: number, revisionId: number, modified: string }
}

export function namespaceOf (type: string, namespaces: EntityNamespaces): number {
  return type === 'property' ? namespaces.property : namespaces.item
}

export function pageTitleOf (id: string, type: string, namespaces: EntityNamespaces): string {
  // The namespace's canonical name is the entity type's (siteinfo.ts names them the same way).
  return namespaceOf(type, namespaces) === 0 ? id : `${type === 'property' ? 'Property' : 'Item'}:${id}`
}

export function snakOutput (snak: Snak, ctx: OutputContext, withHash = true): Snak {
  const out: Snak = { snaktype: snak.snaktype, property: snak.property }
  if (withHash) out.hash = snakHash(snak)
  if (snak.datavalue !== undefined) out.datavalue = snak.datavalue
  const datatype = snak.datatype ?? ctx.datatypes.get(snak.property)
  if (datatype !== undefined) out.datatype = datatype
  return out
}

function snakMapOutput (snaks: SnakMap | [] | undefined, ctx: OutputContext, withHash: boolean): SnakMap {
  return Object.fromEntries(Object.entries(entityMap(snaks)).map(([p, list]) => [p, list.map(s => snakOutput(s, ctx, withHash))]))
}

export function referenceOutput (reference: Reference, ctx: OutputContext): Reference {
  const snaks = snakMapOutput(reference.snaks, ctx, false)
  return { hash: referenceHash(reference), snaks, 'snaks-order': reference['snaks-order'] ?? Object.keys(snaks) }
}

export function statementOutput (statement: Statement, ctx: OutputContext): Statement {
  const out: Statement = { mainsnak: snakOutput(statement.mainsnak, ctx), type: statement.type ?? 'statement', rank: statement.rank ?? 'normal' }
  const qualifiers = snakMapOutput(statement.qualifiers, ctx, true)
  const ordered: Record<string, unknown> = { mainsnak: out.mainsnak, type: out.type }
  if (Object.keys(qualifiers).length > 0) {
    ordered.qualifiers = qualifiers
    ordered['qualifiers-order'] = statement['qualifiers-order'] ?? Object.keys(qualifiers)
  }
  if (statement.id !== undefined) ordered.id = statement.id
  ordered.rank = out.rank
  if (statement.references !== undefined && statement.references.length > 0) ordered.references = statement.references.map(r => referenceOutput(r, ctx))
  return ordered as unknown as Statement
}

export function claimsOutput (entity: WikibaseEntity, ctx: OutputContext): Record<string, Statement[]> {
  return Object.fromEntries(Object.entries(entityMap(entity.claims)).map(([p, list]) => [p, list.map(s => statementOutput(s, ctx))]))
}

function termsFor (terms: Record<string, Term> | [] | undefined, options: OutputOptions): Record<string, Term> {
  const all = entityMap(terms)
  if (options.languages === undefined) return { ...all }
  const out: Record<string, Term> = {}
  for (const language of options.languages) {
    const own = all[language]
    if (own !== undefined) { out[language] = own; continue }
    if (options.languageFallback !== true) continue
    for (const fallback of [...languageFallbackChain(language).slice(1), 'en']) {
      const found = all[fallback]
      if (found !== undefined) { out[language] = { language: fallback, value: found.value, 'for-language': language }; break }
    }
  }
  return out
}

export function sitelinksOutput (entity: WikibaseEntity, ctx: OutputContext, options: OutputOptions = {}): Record<string, SiteLink> {
  const out: Record<string, SiteLink> = {}
  for (const [site, link] of Object.entries(entityMap(entity.sitelinks))) {
    if (options.siteFilter !== undefined && !options.siteFilter.includes(site)) continue
    const shown: SiteLink = { site, title: link.title, badges: link.badges ?? [] }
    if (options.props?.has('sitelinks/urls') === true) {
      const url = ctx.siteLinkUrl?.(site, link.title)
      if (url !== null && url !== undefined) shown.url = url
    }
    out[site] = shown
  }
  return out
}

/** The entity as `wbgetentities` and Special:EntityData show it. */
export function entityOutput (entity: WikibaseEntity, ctx: OutputContext, options: OutputOptions = {}): Record<string, unknown> {
  const props = options.props ?? new Set<EntityProp>(ALL_PROPS)
  const id = entity.id ?? ''
  const out: Record<string, unknown> = {}
  if (props.has('info') && options.info !== undefined) {
    out.pageid = options.info.pageId
    out.ns = namespaceOf(entity.type, ctx.namespaces)
    out.title = pageTitleOf(id, entity.type, ctx.namespaces)
    out.lastrevid = options.info.revisionId
    out.modified = options.info.modified
  }
  out.type = entity.type
  if (entity.type === 'property' && (props.has('datatype') || props.has('info')) && entity.datatype !== undefined) out.datatype = entity.datatype
  out.id = id
  if (props.has('labels')) out.labels = termsFor(entity.labels, options)
  if (props.has('descriptions')) out.descriptions = termsFor(entity.descriptions, options)
  if (props.has('aliases')) {
    const all = entityMap(entity.aliases)
    out.aliases = options.languages === undefined ? { ...all } : Object.fromEntries(options.languages.filter(l => all[l] !== undefined).map(l => [l, all[l]]))
  }
  if (props.has('claims')) out.claims = claimsOutput(entity, ctx)
  if (entity.type === 'item' && (props.has('sitelinks') || props.has('sitelinks/urls'))) out.sitelinks = sitelinksOutput(entity, ctx, { ...options, props })
  return out
}

/** Property ids used in the entity's snaks (for the datatype lookup). */
export function propertiesUsed (entity: WikibaseEntity): string[] {
  const ids = new Set<string>()
  const addMap = (snaks: SnakMap | [] | undefined): void => {
    for (const [p, list] of Object.entries(entityMap(snaks))) {
      ids.add(p)
      for (const s of list) ids.add(s.property)
    }
  }
  for (const list of Object.values(entityMap(entity.claims))) {
    for (const statement of list) {
      ids.add(statement.mainsnak.property)
      addMap(statement.qualifiers)
      for (const reference of statement.references ?? []) addMap(reference.snaks)
    }
  }
  return [...ids]
}
