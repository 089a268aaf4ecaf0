import { entityMap, type Snak, type Statement, type WikibaseEntity } from '../../changes/wikibase-entity.js'
import { datavalueTypeOf } from '../validation/datatypes.js'
import { isPropertyId } from '../validation/entity-id-rules.js'
import { isObject } from '../validation/json-shape.js'
import { ApiError, invalidGuid, noSuchClaim, wikibaseApiError } from '../../action-api/api-errors.js'
import { sameStatement, statementContent } from './snak-hash.js'
import { entityIdOfGuid, newGuid } from './statement-guid.js'

/**
 * The change ops of statements (ChangeOpStatement, ChangeOpRemoveStatement) and the snaks and
 * statements they are built from client JSON, as pure functions like every change op here.
 */

/** A snak for `property` from the module's snaktype and JSON value (the datavalue's `value`). */
export function buildSnak (property: string, snaktype: string, value: unknown, datatype: string | undefined): Snak {
  if (snaktype !== 'value') return { snaktype: snaktype as Snak['snaktype'], property }
  const type = datavalueTypeOf(datatype)
  if (type === undefined) {
    throw new ApiError('modification-failed', `Property ${property} not found.`, {}, [{ name: 'wikibase-validator-no-such-property', parameters: [property] }])
  }
  return { snaktype: 'value', property, datavalue: { value, type } }
}

/** A statement from client JSON: hashes and datatypes dropped, defaults filled in. */
export function normalizeStatement (raw: unknown, entityId: string, options: { requireId?: boolean } = {}): Statement {
  if (!isObject(raw) || !isObject(raw.mainsnak)) throw wikibaseApiError('invalid-claim', 'A statement needs a mainsnak object.')
  checkStatementContainers(raw)
  const statement = raw as unknown as Statement
  let id = statement.id
  if (id === undefined || id === '') {
    if (options.requireId === true) throw invalidGuid('', 'The statement has no GUID')
    id = newGuid(entityId)
  }
  if (entityIdOfGuid(id) !== entityId.toUpperCase()) throw invalidGuid(id, `The statement belongs to ${entityIdOfGuid(id)}, not ${entityId}`)
  const content = statementContent({ ...statement, id })
  const out: Statement = { mainsnak: content.mainsnak, type: 'statement', id, rank: content.rank ?? 'normal' }
  const qualifiers = content.qualifiers === undefined ? {} : content.qualifiers
  if (Object.keys(qualifiers).length > 0) {
    out.qualifiers = qualifiers
    out['qualifiers-order'] = content['qualifiers-order'] ?? Object.keys(qualifiers)
  }
  if (content.references !== undefined && content.references.length > 0) {
    out.references = content.references.map(r => ({ snaks: r.snaks, 'snaks-order': r['snaks-order'] ?? Object.keys(r.snaks) }))
  }
  return out
}

const invalidClaim = (what: string): ApiError =>
  wikibaseApiError('invalid-claim', `${what}.`)

/** Snaks by property id (or, as Wikibase's deserializer also takes, a flat list of snak objects). */
function checkSnakContainer (snaks: unknown, what: string): void {
  if (snaks === undefined || (Array.isArray(snaks) && snaks.every(s => isObject(s) && isPropertyId(s.property)))) return
  if (!isObject(snaks)) throw invalidClaim(`${what} must be an object of snak lists by property`)
  for (const [property, list] of Object.entries(snaks)) {
    if (!isPropertyId(property)) throw invalidClaim(`${what} are listed by property id, not ${JSON.stringify(property)}`)
    if (!Array.isArray(list) || !list.every(isObject)) throw invalidClaim(`${what} of ${property} must be a list of snak objects`)
  }
}

/**
 * The containers of a statement from client JSON, before anything reads them (hashing maps
 * over qualifier lists): malformed ones are Wikibase's `invalid-claim`, never a TypeError.
 * Values and keys are the entity validator's, after the change is applied.
 */
function checkStatementContainers (raw: Record<string, unknown>): void {
  if (!isPropertyId((raw.mainsnak as Record<string, unknown>).property)) throw invalidClaim('The mainsnak needs a property id')
  checkSnakContainer(raw.qualifiers, 'Qualifiers')
  if (raw.references === undefined) return
  if (!Array.isArray(raw.references)) throw invalidClaim('References must be a list')
  for (const reference of raw.references) {
    if (!isObject(reference)) throw invalidClaim('A reference must be an object')
    checkSnakContainer(reference.snaks ?? {}, 'Reference snaks')
  }
}

interface Located { property: string, index: number, statement: Statement }

function locate (entity: WikibaseEntity, guid: string): Located | null {
  for (const [property, list] of Object.entries(entityMap(entity.claims))) {
    const index = list.findIndex(s => s.id === guid || (s.id !== undefined && s.id.toUpperCase() === guid.toUpperCase()))
    if (index !== -1) return { property, index, statement: list[index]! }
  }
  return null
}

export function findStatement (entity: WikibaseEntity, guid: string): Statement {
  const found = locate(entity, guid)
  if (found === null) throw noSuchClaim(guid)
  return found.statement
}

/**
 * Adds the statement, or replaces the one with its GUID (kept as it is when only hashes or
 * datatypes differ). `index`: its position in the property's group.
 */
export function setStatement (entity: WikibaseEntity, statement: Statement, index?: number): WikibaseEntity {
  const claims: Record<string, Statement[]> = { ...entityMap(entity.claims) }
  const property = statement.mainsnak.property
  if (!isPropertyId(property)) throw wikibaseApiError('invalid-snak', `${JSON.stringify(property)} is not a property id.`)
  const found = statement.id === undefined ? null : locate(entity, statement.id)
  if (found !== null && found.property !== property) {
    throw new ApiError('modification-failed', `The property of statement ${statement.id ?? ''} cannot change from ${found.property} to ${property}.`, {},
      [{ name: 'wikibase-validator-statement-property-change', parameters: [] }])
  }
  const list = [...(claims[property] ?? [])]
  const next = found !== null && sameStatement(found.statement, statement) ? found.statement : statement
  if (found !== null) list.splice(found.index, 1)
  const at = index ?? found?.index ?? list.length
  list.splice(Math.max(0, Math.min(at, list.length)), 0, next)
  claims[property] = list
  return { ...entity, claims }
}

/** Removes statements by GUID; every one must exist. */
export function removeStatements (entity: WikibaseEntity, guids: string[]): WikibaseEntity {
  for (const guid of guids) findStatement(entity, guid)
  const gone = new Set(guids.map(g => g.toUpperCase()))
  const claims = Object.fromEntries(Object.entries(entityMap(entity.claims))
    .map(([p, list]) => [p, list.filter(s => s.id === undefined || !gone.has(s.id.toUpperCase()))] as const)
    .filter(([, list]) => list.length > 0))
  return { ...entity, claims }
}

/** The entity with statement `guid` replaced by `change` of a copy of it. */
export function withStatement (entity: WikibaseEntity, guid: string, change: (statement: Statement) => Statement): WikibaseEntity {
  const found = locate(entity, guid)
  if (found === null) throw noSuchClaim(guid)
  const claims: Record<string, Statement[]> = { ...entityMap(entity.claims) }
  const list = [...claims[found.property]!]
  list[found.index] = change(structuredClone(found.statement))
  claims[found.property] = list
  return { ...entity, claims }
}
