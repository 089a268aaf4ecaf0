import { randomUUID } from 'node:crypto'
import type { Reference, Snak, SnakMap, Statement, StatementGroups, StatementRank } from '../../changes/wikibase-entity.js'
import { InvalidEntityValueError } from '../entities/entity-errors.js'
import { checkDatavalue } from '../validation/datavalue-validator.js'
import { isPropertyId } from '../validation/entity-id-rules.js'
import { isObject, type JsonObject } from '../validation/json-shape.js'
import type { EntityValidationSettings } from '../validation/validation-settings.js'
import { jsonPointer, restErrors, type RestApiError } from './rest-api-error.js'
import { restInputUnchanged, sameInRest } from './rest-statement-shape.js'
import { datavalueOfContent } from './rest-value-content.js'

/**
 * A REST statement read into canonical statement JSON, checked as Wikibase's REST API checks
 * it (repo/domains/crud/src/Application/Serialization/StatementDeserializer.php,
 * PropertyValuePairDeserializer.php, ReferenceDeserializer.php and
 * Infrastructure/DataValuesValueDeserializer.php), field by field in that order, each
 * problem with the JSON Pointer of the field: a missing field is `missing-field` with the
 * pointer of its parent, a wrong one `invalid-value`, a property the repo lacks
 * `referenced-resource-not-found` at `…/property/id`. The value's data type is the
 * property's (`data_type` in the input is read only and ignored, as is a reference `hash`);
 * then the value passes the repo's datavalue validators. In a patch result the same problems
 * are the 422 `patch-result-*` errors.
 */
export interface StatementReader {
  /** Data types of the properties the input names; a property absent here does not exist. */
  datatypes: ReadonlyMap<string, string>
  settings: EntityValidationSettings
  /** Reading the result of a JSON Patch (422 patch-result-*) rather than request input (400). */
  patched: boolean
}

const RANKS: ReadonlySet<string> = new Set(['deprecated', 'normal', 'preferred'])
const VALUE_TYPES: ReadonlySet<string> = new Set(['value', 'somevalue', 'novalue'])

const missing = (r: StatementReader, path: string, field: string): RestApiError =>
  r.patched ? restErrors.patchResultMissingField(path, field) : restErrors.missingField(path, field)
const invalid = (r: StatementReader, path: string, value: unknown): RestApiError =>
  r.patched ? restErrors.patchResultInvalidValue(path, value) : restErrors.invalidValue(path)
export const readOnly = (r: StatementReader, path: string): RestApiError =>
  r.patched ? restErrors.patchResultModifiedReadOnlyValue(path) : restErrors.cannotModifyReadOnlyValue(path)

/** A statement GUID for a new statement of `entityId` (Wikibase's `Q42$UUID` form). */
export function newStatementGuid (entityId: string): string {
  return `${entityId}$${randomUUID().toUpperCase()}`
}

/** The statement with id `id`, its keys in canonical order. */
export function withStatementId (statement: Statement, id: string): Statement {
  const ordered: Record<string, unknown> = {}
  for (const key of ['mainsnak', 'type', 'qualifiers', 'qualifiers-order', 'id', 'rank', 'references'] as const) {
    const value = key === 'id' ? id : statement[key]
    if (value !== undefined) ordered[key] = value
  }
  return ordered as unknown as Statement
}

/** `{property, value}` (a statement's main pair, a qualifier, a reference part) as a snak. */
function snakOf (raw: JsonObject, path: string, r: StatementReader): Snak {
  if (!Object.hasOwn(raw, 'property')) throw missing(r, path, 'property')
  const property = raw.property
  if (!isObject(property)) throw invalid(r, `${path}/property`, property)
  if (!Object.hasOwn(property, 'id')) throw missing(r, `${path}/property`, 'id')
  if (typeof property.id !== 'string') throw invalid(r, `${path}/property/id`, property.id)
  if (!Object.hasOwn(raw, 'value')) throw missing(r, path, 'value')
  const value = raw.value
  if (!isObject(value)) throw invalid(r, `${path}/value`, value)
  if (!Object.hasOwn(value, 'type')) throw missing(r, `${path}/value`, 'type')
  if (typeof value.type !== 'string') throw invalid(r, `${path}/value/type`, value.type)
  const id = property.id
  if (!isPropertyId(id)) throw invalid(r, `${path}/property/id`, id)
  const datatype = r.datatypes.get(id)
  if (datatype === undefined) {
    throw r.patched ? restErrors.patchResultReferencedResourceNotFound(`${path}/property/id`, id) : restErrors.referencedResourceNotFound(`${path}/property/id`)
  }
  if (!VALUE_TYPES.has(value.type)) throw invalid(r, `${path}/value/type`, value.type)
  if (value.type !== 'value') return { snaktype: value.type as Snak['snaktype'], property: id }
  if (!Object.hasOwn(value, 'content')) throw missing(r, `${path}/value`, 'content')
  const datavalue = datavalueOfContent(datatype, value.content)
  // A time's missing field is reported at the value, a wrong one beside it
  // (repo/domains/crud/src/Infrastructure/DataValuesValueDeserializer.php deserializeTimeValue).
  if ('missing' in datavalue) throw missing(r, `${path}/value`, datavalue.missing)
  if ('field' in datavalue) throw invalid(r, `${path}/value/${datavalue.field}`, (value.content as JsonObject)[datavalue.field])
  if ('invalid' in datavalue) throw invalid(r, `${path}/value/content`, value.content)
  try {
    checkDatavalue(`${path}/value`, datavalue, datatype, r.settings)
  } catch (error) {
    if (error instanceof InvalidEntityValueError) throw invalid(r, `${path}/value/content`, value.content)
    throw error
  }
  return { snaktype: 'value', property: id, datavalue }
}

/** Snaks as a canonical map grouped by property in order of first appearance, and that order. */
function snakMapOf (snaks: Snak[]): { map: SnakMap, order: string[] } {
  const map: SnakMap = {}
  for (const snak of snaks) {
    // Only property ids (checked above) become keys: `__proto__` never reaches here.
    if (!Object.hasOwn(map, snak.property)) map[snak.property] = []
    map[snak.property]!.push(snak)
  }
  return { map, order: Object.keys(map) }
}

function listAt (raw: JsonObject, field: string, path: string, r: StatementReader): unknown[] {
  const list = raw[field] ?? []
  if (!Array.isArray(list)) throw invalid(r, `${path}/${field}`, list)
  return list
}

function itemAt (list: unknown[], index: number, path: string, r: StatementReader): JsonObject {
  const item = list[index]
  if (!isObject(item)) throw invalid(r, `${path}/${index}`, item)
  return item
}

function referenceOf (raw: JsonObject, path: string, r: StatementReader): Reference {
  if (!Object.hasOwn(raw, 'parts')) throw missing(r, path, 'parts')
  const parts = raw.parts
  if (!Array.isArray(parts)) throw invalid(r, `${path}/parts`, parts)
  const { map, order } = snakMapOf(parts.map((_, i) => snakOf(itemAt(parts, i, `${path}/parts`, r), `${path}/parts/${i}`, r)))
  return { snaks: map, 'snaks-order': order }
}

/**
 * The canonical statement for REST input at `path` (`/statement` in a request body, `` in a
 * patched statement). Its `id` is kept when given (a string; the caller decides whether it
 * may be), else it is `idIfNone`. Keys come in the order of Wikibase's canonical JSON; empty qualifiers and
 * references are left out, as Wikibase's statement serializer leaves them out.
 */
export function statementFromRestInput (input: unknown, path: string, r: StatementReader, idIfNone?: string): Statement {
  if (!isObject(input)) throw invalid(r, path, input)
  const id = input.id ?? idIfNone ?? null
  if (id !== null && typeof id !== 'string') throw invalid(r, `${path}/id`, id)
  const rank = input.rank ?? 'normal'
  if (typeof rank !== 'string' || !RANKS.has(rank)) throw invalid(r, `${path}/rank`, rank)
  const qualifiers = listAt(input, 'qualifiers', path, r)
  const references = listAt(input, 'references', path, r)
  const mainsnak = snakOf(input, path, r)
  const qualifierSnaks = qualifiers.map((_, i) => snakOf(itemAt(qualifiers, i, `${path}/qualifiers`, r), `${path}/qualifiers/${i}`, r))
  const referenceList = references.map((_, i) => referenceOf(itemAt(references, i, `${path}/references`, r), `${path}/references/${i}`, r))
  const statement: Record<string, unknown> = { mainsnak, type: 'statement' }
  if (qualifierSnaks.length > 0) {
    const { map, order } = snakMapOf(qualifierSnaks)
    statement.qualifiers = map
    statement['qualifiers-order'] = order
  }
  if (id !== null) statement.id = id
  statement.rank = rank as StatementRank
  if (referenceList.length > 0) statement.references = referenceList
  return statement as unknown as Statement
}

/** The property ids a REST statement (or statement group map, `groups`) names, for looking up their data types. */
export function propertyIdsInRestInput (input: unknown, groups: boolean): string[] {
  const ids = new Set<string>()
  const addPair = (pair: unknown): void => {
    if (isObject(pair) && isObject(pair.property) && isPropertyId(pair.property.id)) ids.add(pair.property.id)
  }
  const addStatement = (statement: unknown): void => {
    if (!isObject(statement)) return
    addPair(statement)
    if (Array.isArray(statement.qualifiers)) statement.qualifiers.forEach(addPair)
    if (Array.isArray(statement.references)) {
      for (const reference of statement.references) if (isObject(reference) && Array.isArray(reference.parts)) reference.parts.forEach(addPair)
    }
  }
  if (!groups) addStatement(input)
  else if (isObject(input)) for (const list of Object.values(input)) if (Array.isArray(list)) list.forEach(addStatement)
  return [...ids]
}

/**
 * An entity's statements from the REST `statements` map at `path` (`/item/statements` in a
 * request, `/statements` in a patched entity). `base` is the entity as stored (null for a new
 * entity): a statement with an id must be one of its statements, on the same property; one
 * without gets a new GUID (a new entity's are left to the store, which knows its id). A
 * statement REST shows as it was stays as stored (rest-statement-shape.ts `sameInRest`).
 * Wikibase: StatementsDeserializer.php (and the group key mismatch, whose path is relative
 * to the map, as the spec's example shows it).
 */
export function statementGroupsFromRest (
  input: unknown, path: string, r: StatementReader, entityId: string | undefined, stored: ReadonlyMap<string, Statement>
): StatementGroups {
  if (input === undefined) return {}
  if (!isObject(input)) throw invalid(r, path, input)
  const groups: StatementGroups = {}
  for (const [key, list] of Object.entries(input)) {
    // The key is the client's: escaped in pointers (RFC 6901), so `a/b` cannot point elsewhere.
    if (!Array.isArray(list)) throw invalid(r, `${path}${jsonPointer(key)}`, list)
    list.forEach((raw, index) => {
      const at = `${path}${jsonPointer(key, index)}`
      if (!isObject(raw)) throw invalid(r, at, raw)
      const property = isObject(raw.property) ? raw.property.id : undefined
      if (typeof property === 'string' && property !== key) {
        throw r.patched
          ? restErrors.patchedStatementGroupPropertyIdMismatch(jsonPointer(key, index, 'property', 'id').slice(1), key, property)
          : restErrors.statementGroupPropertyIdMismatch(jsonPointer(key, index, 'property', 'id').slice(1), key, property)
      }
      const kept = typeof raw.id === 'string' ? stored.get(raw.id) : undefined
      if (kept !== undefined && restInputUnchanged(raw, kept)) {
        if (!Object.hasOwn(groups, key)) groups[key] = []
        groups[key]!.push(kept)
        return
      }
      const isNew = raw.id === undefined || raw.id === null
      let statement = statementFromRestInput(raw, at, r, isNew && entityId !== undefined ? newStatementGuid(entityId) : undefined)
      if (!isNew) {
        const old = stored.get(statement.id!)
        if (old === undefined) throw readOnly(r, `${at}/id`)
        if (old.mainsnak.property !== statement.mainsnak.property) throw readOnly(r, `${at}/property/id`)
        if (sameInRest(old, statement)) statement = old
      }
      // The key equals a checked property id here (a mismatch was refused above).
      if (!Object.hasOwn(groups, key)) groups[key] = []
      groups[key]!.push(statement)
    })
  }
  return groups
}
