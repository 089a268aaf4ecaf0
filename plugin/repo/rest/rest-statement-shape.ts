import Type from 'typebox'
import type { Reference, Snak, SnakMap, Statement, StatementGroups, StatementRank } from '../../changes/wikibase-entity.js'
import { referenceHash } from '../action-api/snak-hash.js'
import { isObject } from '../validation/json-shape.js'
import { restContentOf } from './rest-value-content.js'

/**
 * The statement shape of the Wikibase REST API (OpenAPI 1.5 `components/schemas/Statement`),
 * made from canonical statement JSON — the form the repo stores, which stays as it is.
 * Field by field as Wikibase's serializers write it
 * (repo/domains/crud/src/Application/Serialization/StatementSerializer.php,
 * ReferenceSerializer.php, PropertyValuePairSerializer.php):
 * `{id, rank, qualifiers, references, property: {id, data_type}, value: {type, content?}}`.
 * Qualifiers are one list in the statement's `qualifiers-order`; a reference is
 * `{hash, parts}` with its parts in `snaks-order`, and its hash the one the repo shows
 * everywhere else (action-api/snak-hash.ts: the stored hash, or the hash of the content).
 * `data_type` is the property's data type now, or null when the property does not exist.
 */

/** A property's data type, or null when the repo has no such (live) property. */
export type DatatypeOf = (propertyId: string) => string | null

export interface RestValue { type: 'value' | 'somevalue' | 'novalue', content?: unknown }
export interface RestPropertyValuePair { property: { id: string, data_type: string | null }, value: RestValue }
export interface RestReference { hash: string, parts: RestPropertyValuePair[] }
export interface RestStatementData extends RestPropertyValuePair {
  id: string
  rank: StatementRank
  qualifiers: RestPropertyValuePair[]
  references: RestReference[]
}

const PropertySchema = Type.Object({
  id: Type.String({ description: 'the ID of the Property' }),
  data_type: Type.Union([Type.String(), Type.Null()], { description: 'the data type of the Property (read only)' })
})
const ValueSchema = Type.Object({
  type: Type.Union([Type.Literal('value'), Type.Literal('somevalue'), Type.Literal('novalue')]),
  content: Type.Optional(Type.Unknown({ description: 'the value, if type is "value"' }))
})
const PairSchema = Type.Object({ property: PropertySchema, value: ValueSchema })

/** A statement as the API answers it (responses only: requests are read by rest-statement-input.ts). */
export const RestStatement = Type.Object({
  id: Type.String({ description: 'the globally unique identifier of the Statement' }),
  rank: Type.Union([Type.Literal('deprecated'), Type.Literal('normal'), Type.Literal('preferred')]),
  qualifiers: Type.Array(PairSchema),
  references: Type.Array(Type.Object({ hash: Type.String(), parts: Type.Array(PairSchema) })),
  property: PropertySchema,
  value: ValueSchema
})

/** Property id → statements, in the REST shape. */
export const RestStatementGroups = Type.Record(Type.String(), Type.Array(RestStatement), { description: 'property id → statements' })

/** A snak map as one list: in `order` first, then any property the order leaves out. */
function snaksInOrder (snaks: SnakMap | Snak[] | [] | undefined, order: string[] | undefined): Snak[] {
  if (snaks === undefined) return []
  if (Array.isArray(snaks)) return snaks
  const properties = [...(order ?? []).filter(p => Object.hasOwn(snaks, p)), ...Object.keys(snaks).filter(p => !(order ?? []).includes(p))]
  return [...new Set(properties)].flatMap(p => snaks[p] ?? [])
}

export function restPairOf (snak: Snak, datatypeOf: DatatypeOf): RestPropertyValuePair {
  const value: RestValue = { type: snak.snaktype }
  if (snak.snaktype === 'value' && snak.datavalue !== undefined) value.content = restContentOf(snak.datavalue)
  return { property: { id: snak.property, data_type: datatypeOf(snak.property) }, value }
}

function restReferenceOf (reference: Reference, datatypeOf: DatatypeOf): RestReference {
  return {
    hash: referenceHash(reference),
    parts: snaksInOrder(reference.snaks, reference['snaks-order']).map(snak => restPairOf(snak, datatypeOf))
  }
}

/** The REST form of one canonical statement. */
export function restStatementOf (statement: Statement, datatypeOf: DatatypeOf): RestStatementData {
  return {
    id: statement.id ?? '',
    rank: statement.rank ?? 'normal',
    qualifiers: snaksInOrder(statement.qualifiers, statement['qualifiers-order']).map(snak => restPairOf(snak, datatypeOf)),
    references: (statement.references ?? []).map(reference => restReferenceOf(reference, datatypeOf)),
    ...restPairOf(statement.mainsnak, datatypeOf)
  }
}

/** An entity's statements, grouped by property as stored (PHP's `[]` for none reads as no groups). */
export function restStatementGroupsOf (claims: StatementGroups | [] | undefined, datatypeOf: DatatypeOf): Record<string, RestStatementData[]> {
  if (!isObject(claims)) return {}
  return Object.fromEntries(Object.entries(claims).map(([property, list]) => [property, list.map(s => restStatementOf(s, datatypeOf))]))
}

/** Every property a list of canonical statements names: main snaks, qualifiers and references. */
export function propertyIdsOfStatements (statements: Iterable<Statement>): string[] {
  const ids = new Set<string>()
  const add = (snaks: SnakMap | Snak[] | [] | undefined): void => {
    if (Array.isArray(snaks)) for (const snak of snaks) ids.add(snak.property)
    else if (snaks !== undefined) for (const [property, list] of Object.entries(snaks)) { ids.add(property); for (const snak of list) ids.add(snak.property) }
  }
  for (const statement of statements) {
    ids.add(statement.mainsnak.property)
    add(statement.qualifiers)
    for (const reference of statement.references ?? []) add(reference.snaks)
  }
  return [...ids]
}

const NO_DATATYPE: DatatypeOf = () => null

/** JSON with object keys sorted, so two values compare by content alone. */
function stableJson (value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`
  if (isObject(value)) return `{${Object.keys(value).sort().map(key => `${JSON.stringify(key)}:${stableJson(value[key])}`).join(',')}}`
  return JSON.stringify(value) ?? 'null'
}

/** A REST pair without its read-only `data_type`, read defensively (the input may be any JSON). */
function comparablePair (pair: unknown): unknown {
  if (!isObject(pair) || !isObject(pair.property)) return pair
  const { data_type: _readOnly, ...property } = pair.property
  return { ...pair, property }
}

/** A REST statement (or any JSON) as compared: without read-only data types and reference hashes. */
function comparable (statement: unknown): string {
  if (!isObject(statement)) return stableJson(statement)
  const { qualifiers, references } = statement
  return stableJson({
    ...(comparablePair(statement) as Record<string, unknown>),
    qualifiers: Array.isArray(qualifiers) ? qualifiers.map(comparablePair) : qualifiers,
    references: Array.isArray(references)
      ? references.map(r => isObject(r) && Array.isArray(r.parts) ? r.parts.map(comparablePair) : r)
      : references
  })
}

/**
 * Whether two canonical statements say the same in REST: what REST cannot show (a time's
 * timezone, a coordinate's altitude, stored snak hashes, key order) is not compared, nor are
 * reference hashes (stored, or computed from the content). An edit through REST keeps a
 * stored statement it did not change exactly as it was, so a PUT of what GET gave changes no
 * byte of it.
 */
export function sameInRest (a: Statement, b: Statement): boolean {
  return comparable(restStatementOf(a, NO_DATATYPE)) === comparable(restStatementOf(b, NO_DATATYPE))
}

/**
 * Whether REST input is exactly what REST shows of the stored statement (read-only fields
 * aside). Such a statement is kept unread, as the repo's validation leaves unchanged
 * statements alone: an edit of an imported item's label does not fail on a statement whose
 * property this repo lacks.
 */
export function restInputUnchanged (input: unknown, stored: Statement): boolean {
  return comparable(input) === comparable(restStatementOf(stored, NO_DATATYPE))
}
