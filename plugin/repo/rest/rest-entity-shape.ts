import { randomUUID } from 'node:crypto'
import Type, { type Static } from 'typebox'
import { entityMap, type Statement, type WikibaseEntity } from '../../changes/wikibase-entity.js'
import { InvalidEntityValueError } from '../entities/entity-errors.js'
import { isPropertyId } from '../validation/entity-id-rules.js'

/**
 * The Wikibase REST API v1 shape of items and properties, and its conversion to and from
 * canonical entity JSON. Terms are plain strings by language, aliases string lists, sitelinks
 * `{title, badges}` by site, as in REST v1. Statements keep the canonical statement JSON
 * (mainsnak / qualifiers / references), grouped by property under `statements`.
 */
export const Labels = Type.Record(Type.String(), Type.String(), { description: 'language code → text' })
export const Aliases = Type.Record(Type.String(), Type.Array(Type.String()), { description: 'language code → aliases' })
export const RestSitelink = Type.Object({
  title: Type.String(),
  badges: Type.Optional(Type.Array(Type.String())),
  url: Type.Optional(Type.String({ readOnly: true, description: 'the page on its site; ignored in requests' }))
}, { additionalProperties: false })
export const Sitelinks = Type.Record(Type.String(), RestSitelink, { description: 'site global id → sitelink' })
export const RestStatement = Type.Object({
  id: Type.Optional(Type.String({ description: 'statement GUID; given by the repo for new statements' })),
  type: Type.Optional(Type.String()),
  mainsnak: Type.Object({ snaktype: Type.String(), property: Type.String() }, { additionalProperties: true }),
  rank: Type.Optional(Type.String()),
  qualifiers: Type.Optional(Type.Unknown()),
  'qualifiers-order': Type.Optional(Type.Array(Type.String())),
  references: Type.Optional(Type.Array(Type.Unknown()))
}, { additionalProperties: true, description: 'a statement in canonical Wikibase JSON' })
export const Statements = Type.Record(Type.String(), Type.Array(RestStatement), { description: 'property id → statements' })

export const RestItem = Type.Object({
  id: Type.Optional(Type.String()),
  type: Type.Optional(Type.Literal('item')),
  labels: Type.Optional(Labels),
  descriptions: Type.Optional(Labels),
  aliases: Type.Optional(Aliases),
  statements: Type.Optional(Statements),
  sitelinks: Type.Optional(Sitelinks)
}, { additionalProperties: false })

export const RestProperty = Type.Object({
  id: Type.Optional(Type.String()),
  type: Type.Optional(Type.Literal('property')),
  data_type: Type.Optional(Type.String()),
  labels: Type.Optional(Labels),
  descriptions: Type.Optional(Labels),
  aliases: Type.Optional(Aliases),
  statements: Type.Optional(Statements)
}, { additionalProperties: false })

export type RestEntity = Omit<Static<typeof RestItem>, 'type'> & Omit<Static<typeof RestProperty>, 'type'> & { type?: string }

export function toRest (entity: WikibaseEntity): RestEntity {
  const terms = (field: 'labels' | 'descriptions'): Record<string, string> =>
    Object.fromEntries(Object.entries(entityMap(entity[field])).map(([lang, term]) => [lang, term.value]))
  const rest: RestEntity = { id: entity.id, type: entity.type }
  if (entity.type === 'property') rest.data_type = entity.datatype
  rest.labels = terms('labels')
  rest.descriptions = terms('descriptions')
  rest.aliases = Object.fromEntries(Object.entries(entityMap(entity.aliases)).map(([lang, list]) => [lang, list.map(term => term.value)]))
  rest.statements = entityMap(entity.claims) as RestEntity['statements']
  if (entity.type === 'item') {
    rest.sitelinks = Object.fromEntries(
      Object.entries(entityMap(entity.sitelinks)).map(([site, link]) => [site, { title: link.title, badges: link.badges ?? [] }]))
  }
  return rest
}

/** A statement GUID for a new statement of `entityId` (Wikibase's `Q42$UUID` form). */
export function newStatementGuid (entityId: string): string {
  return `${entityId}$${randomUUID().toUpperCase()}`
}

/** Canonical statements from REST ones: GUIDs for new ones, `type: statement`, rank default normal. */
export function statementsFromRest (entityId: string | undefined, statements: Record<string, unknown[]>): Record<string, Statement[]> {
  return Object.fromEntries(Object.entries(statements).map(([property, list]) => {
    if (!Array.isArray(list)) throw new InvalidEntityValueError(`statements/${property}`, 'must be a list of statements')
    return [property, list.map(s => statementFromRest(entityId, s))]
  }))
}

/** Key order of a statement in Special:EntityData's JSON; other keys follow in their own order. */
const STATEMENT_KEY_ORDER = ['mainsnak', 'type', 'qualifiers', 'qualifiers-order', 'id', 'rank', 'references']

/**
 * With `entityId` undefined (a new entity) GUIDs are left to the store, which knows the id.
 * Keys come in canonical order, so an untouched statement stays byte-identical.
 */
export function statementFromRest (entityId: string | undefined, statement: unknown): Statement {
  if (typeof statement !== 'object' || statement === null || Array.isArray(statement)) {
    throw new InvalidEntityValueError('statement', 'must be a statement object')
  }
  const s = statement as Statement
  // The property becomes a key of the entity's statement map: `constructor` or `__proto__`
  // must be refused here, before any code indexes a map with it.
  if (!isPropertyId(s.mainsnak?.property)) {
    throw new InvalidEntityValueError('statement/mainsnak/property', `${JSON.stringify(s.mainsnak?.property)} is not a property id`)
  }
  const id = s.id ?? (entityId === undefined ? undefined : newStatementGuid(entityId))
  const filled: Record<string, unknown> = { ...s, type: s.type ?? 'statement', rank: s.rank ?? 'normal', ...(id === undefined ? {} : { id }) }
  const ordered: Record<string, unknown> = {}
  for (const key of STATEMENT_KEY_ORDER) if (Object.hasOwn(filled, key)) ordered[key] = filled[key]
  for (const [key, value] of Object.entries(filled)) if (!Object.hasOwn(ordered, key)) ordered[key] = value
  return ordered as unknown as Statement
}

/**
 * Canonical JSON for a REST entity. `base` (the current content, or null for a new entity)
 * keeps its key order and the keys REST does not show (`pageid`, `title` …); the sections
 * REST shows are replaced — a missing section means empty.
 */
export function fromRest (rest: RestEntity, base: WikibaseEntity | null, type: 'item' | 'property'): WikibaseEntity {
  if (rest.type !== undefined && rest.type !== type) throw new InvalidEntityValueError('type', `must be ${type}`)
  const id = base?.id
  // The routes refuse read-only fields in the spec's terms first (rest-entity-input.ts).
  if (rest.id !== undefined && rest.id !== id) {
    throw new InvalidEntityValueError('id', id === undefined ? 'a new entity gets its id from the repo; leave it out' : `must be ${id}`)
  }
  const terms = (field: 'labels' | 'descriptions'): Record<string, { language: string, value: string }> =>
    Object.fromEntries(Object.entries(rest[field] ?? {}).map(([language, value]) => [language, { language, value }]))
  const sections: Record<string, unknown> = {
    labels: terms('labels'),
    descriptions: terms('descriptions'),
    // A repeated alias is dropped, as Wikibase's REST AliasesDeserializer does.
    aliases: Object.fromEntries(Object.entries(rest.aliases ?? {})
      .map(([language, list]) => [language, [...new Set(list)].map(value => ({ language, value }))])),
    claims: statementsFromRest(id, rest.statements ?? {})
  }
  if (type === 'property') sections.datatype = rest.data_type ?? base?.datatype
  if (type === 'item') {
    sections.sitelinks = Object.fromEntries(
      Object.entries(rest.sitelinks ?? {}).map(([site, link]) => [site, { site, title: link.title, badges: link.badges ?? [] }]))
  }
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(base ?? { type })) out[key] = Object.hasOwn(sections, key) ? sections[key] : value
  for (const [key, value] of Object.entries(sections)) if (!Object.hasOwn(out, key) && value !== undefined) out[key] = value
  return out as WikibaseEntity
}
