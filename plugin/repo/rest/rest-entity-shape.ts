import Type, { type Static } from 'typebox'
import { entityMap, type Statement, type WikibaseEntity } from '../../changes/wikibase-entity.js'
import { InvalidEntityValueError } from '../entities/entity-errors.js'
import { restStatementGroupsOf, type DatatypeOf } from './rest-statement-shape.js'
import { statementGroupsFromRest, type StatementReader } from './rest-statement-input.js'

/**
 * The Wikibase REST API v1 shape of items and properties, and its conversion to and from
 * canonical entity JSON. Terms are plain strings by language, aliases string lists, sitelinks
 * `{title, badges}` by site, as in REST v1. Statements, grouped by property under
 * `statements`, are in the REST statement shape (rest-statement-shape.ts,
 * rest-statement-input.ts); the stored form stays canonical JSON.
 */
export const Labels = Type.Record(Type.String(), Type.String(), { description: 'language code → text' })
export const Aliases = Type.Record(Type.String(), Type.Array(Type.String()), { description: 'language code → aliases' })
export const RestSitelink = Type.Object({
  title: Type.String(),
  badges: Type.Optional(Type.Array(Type.String())),
  url: Type.Optional(Type.String({ readOnly: true, description: 'the page on its site; ignored in requests' }))
}, { additionalProperties: false })
export const Sitelinks = Type.Record(Type.String(), RestSitelink, { description: 'site global id → sitelink' })
/**
 * Statements by property id in the REST statement shape (rest-statement-shape.ts). Any JSON
 * here: a request's statements are read and checked by rest-statement-input.ts, which answers
 * each problem with Wikibase's error and JSON Pointer (a schema would answer first, and less
 * precisely).
 */
export const Statements = Type.Unknown({ description: 'property id → statements (REST statement shape)' })

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

/** The REST form of an entity; `datatypeOf` gives the data types its statements show. */
export function toRest (entity: WikibaseEntity, datatypeOf: DatatypeOf): RestEntity {
  const terms = (field: 'labels' | 'descriptions'): Record<string, string> =>
    Object.fromEntries(Object.entries(entityMap(entity[field])).map(([lang, term]) => [lang, term.value]))
  const rest: RestEntity = { id: entity.id, type: entity.type }
  if (entity.type === 'property') rest.data_type = entity.datatype
  rest.labels = terms('labels')
  rest.descriptions = terms('descriptions')
  rest.aliases = Object.fromEntries(Object.entries(entityMap(entity.aliases)).map(([lang, list]) => [lang, list.map(term => term.value)]))
  rest.statements = restStatementGroupsOf(entity.claims, datatypeOf)
  if (entity.type === 'item') {
    rest.sitelinks = Object.fromEntries(
      Object.entries(entityMap(entity.sitelinks)).map(([site, link]) => [site, { title: link.title, badges: link.badges ?? [] }]))
  }
  return rest
}

/**
 * Canonical JSON for a REST entity. `base` (the current content, or null for a new entity)
 * keeps its key order and the keys REST does not show (`pageid`, `title` …); the sections
 * REST shows are replaced — a missing section means empty. Statements are read with
 * `statements` (the data types of the properties the input names, and where errors point);
 * without it they stay as `base` has them (the routes of labels, descriptions, aliases and
 * sitelinks change no statement).
 */
export function fromRest (rest: RestEntity, base: WikibaseEntity | null, type: 'item' | 'property', statements?: RestStatementsInput): WikibaseEntity {
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
    claims: statements === undefined
      ? base?.claims ?? {}
      : statementGroupsFromRest(rest.statements, statements.path, statements.reader, id, storedStatements(base))
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

/** How `fromRest` reads statements: with what, and the JSON Pointer of the `statements` map. */
export interface RestStatementsInput { reader: StatementReader, path: string }

/** The stored statements of an entity by id: those a REST edit may name. */
function storedStatements (base: WikibaseEntity | null): Map<string, Statement> {
  const byId = new Map<string, Statement>()
  for (const list of Object.values(entityMap(base?.claims))) for (const s of list) if (s.id !== undefined) byId.set(s.id, s)
  return byId
}
