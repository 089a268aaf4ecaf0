import { isDeepStrictEqual } from 'node:util'
import type { WikibaseEntity } from '../../changes/wikibase-entity.js'
import { InvalidEntityValueError, UnknownPropertyError, UnknownSiteError } from '../entities/entity-errors.js'
import { isKnownDatatype } from './datatypes.js'
import { checkEntitySize } from './entity-size.js'
import { isIdOfType, isPropertyId } from './entity-id-rules.js'
import { isNonNegativeInteger, isObject, listAt, mapAt, objectWithKeys, own, type JsonObject } from './json-shape.js'
import { checkSitelinks } from './sitelink-validator.js'
import { checkStatement, type StatementContext } from './statement-validator.js'
import { checkPlainString } from './string-rules.js'
import { checkAliasGroups, checkLabelsDifferFromDescriptions, checkTermList } from './term-validator.js'
import { WIKIBASE_VALIDATION_DEFAULTS, type EntityValidationSettings } from './validation-settings.js'

/**
 * The one validator every write goes through (REST, JSON Patch results, the action API,
 * import): the entity that would be stored is checked whole, so nothing unknown, unbounded
 * or malformed is ever stored — keys outside the format, strings PostgreSQL's json
 * functions cannot hold, terms and values that break Wikibase's rules, an entity larger
 * than `maxSerializedEntitySize`. What needs the database is asked of `lookups`: the
 * datatypes of the properties used, and for edits whether the properties of changed
 * statements and the sites of changed sitelinks exist. Statements left as they were are not
 * asked about (as Wikibase's change ops), so an entity imported with statements on
 * properties this repo lacks can still get a new label.
 */
export interface ValidationLookups {
  /** Datatypes of the given properties that exist (missing ones are absent). */
  propertyDatatypes: (ids: string[]) => Promise<Map<string, string>>
  /** The site ids among the given ones that the sites table does not know. */
  unknownSites: (sites: string[]) => Promise<string[]>
}

export interface ValidationOptions {
  /**
   * Import of entity JSON from elsewhere: every statement counts as stored (its values may be
   * padded with white space, as Wikidata's are), its properties need not exist here, and the
   * importer checks sites itself.
   */
  importing?: boolean
}

const ENTITY_KEYS = new Set([
  'type', 'id', 'datatype', 'labels', 'descriptions', 'aliases', 'claims', 'sitelinks', 'pageid', 'ns', 'title', 'lastrevid', 'modified', 'redirects'
])
const REDIRECT_KEYS = new Set(['from', 'to'])

/** Property ids the entity's statements use, read defensively (the shape is checked after). */
export function propertyIdsOf (entity: WikibaseEntity): string[] {
  const ids = new Set<string>()
  const addMap = (map: unknown): void => { if (isObject(map)) for (const key of Object.keys(map)) if (isPropertyId(key)) ids.add(key) }
  const claims = entity.claims
  if (!isObject(claims)) return []
  addMap(claims)
  for (const list of Object.values(claims)) {
    if (!Array.isArray(list)) continue
    for (const statement of list) {
      if (!isObject(statement)) continue
      addMap(statement.qualifiers)
      if (Array.isArray(statement.references)) for (const reference of statement.references) if (isObject(reference)) addMap(reference.snaks)
    }
  }
  return [...ids]
}

interface EntityCheck { changedSnaks: StatementContext['snaks'], changedSites: string[] }

/** Pure: checks `after` whole and says which snaks and sitelinks differ from `before`. */
export function checkEntity (
  before: WikibaseEntity | null, after: WikibaseEntity, datatypes: ReadonlyMap<string, string>, settings: EntityValidationSettings, importing = false
): EntityCheck {
  const entity = objectWithKeys('', after, ENTITY_KEYS, 'an entity object')
  const type = entity.type
  if (type !== 'item' && type !== 'property') throw new InvalidEntityValueError('type', `must be item or property, not ${JSON.stringify(type)}`)
  if (entity.id !== undefined && !isIdOfType(entity.id, type)) {
    throw new InvalidEntityValueError('id', `${JSON.stringify(entity.id)} is not the id of a ${type}`)
  }
  checkRevisionData(entity)
  if (type === 'property') {
    if (!isKnownDatatype(entity.datatype)) {
      throw new InvalidEntityValueError('datatype', `a property needs a known datatype, not ${JSON.stringify(entity.datatype)}`, 'bad-type')
    }
    if (Object.keys(mapAt('sitelinks', entity.sitelinks)).length > 0) throw new InvalidEntityValueError('sitelinks', 'only items have sitelinks')
  } else if (entity.datatype !== undefined) {
    throw new InvalidEntityValueError('datatype', 'only properties have a datatype')
  }
  if (before !== null && before.datatype !== entity.datatype) throw new InvalidEntityValueError('datatype', 'the datatype of a property cannot be changed')

  const limit = settings.stringLimits.multilang
  checkTermList('labels', entity.labels, limit, before?.labels)
  checkTermList('descriptions', entity.descriptions, limit, before?.descriptions)
  checkAliasGroups(entity.aliases, limit, before?.aliases)
  // Real entities break it (Wikidata holds some with label = description): an import keeps them.
  if (!importing) checkLabelsDifferFromDescriptions(entity.labels, entity.descriptions, before ?? undefined)
  checkSitelinks(entity.sitelinks)
  return { changedSnaks: checkClaims(before, entity, datatypes, settings, importing), changedSites: changedKeys(before?.sitelinks, entity.sitelinks) }
}

function checkRevisionData (entity: JsonObject): void {
  for (const key of ['pageid', 'ns', 'lastrevid']) {
    if (entity[key] !== undefined && !isNonNegativeInteger(entity[key])) throw new InvalidEntityValueError(key, 'must be a non-negative integer')
  }
  for (const key of ['title', 'modified']) if (entity[key] !== undefined) checkPlainString(key, entity[key], 512)
  if (entity.redirects !== undefined) {
    const redirects = objectWithKeys('redirects', entity.redirects, REDIRECT_KEYS, 'an object {from, to}')
    for (const key of REDIRECT_KEYS) {
      if (!isIdOfType(redirects[key], entity.type as string)) {
        throw new InvalidEntityValueError(`redirects/${key}`, `must be the id of a ${String(entity.type)}`)
      }
    }
  }
}

/**
 * Each statement is checked as stored data first (which bounds its shape), then, when this
 * write adds or changes it, again with every rule for new values.
 */
function checkClaims (
  before: WikibaseEntity | null, entity: JsonObject, datatypes: ReadonlyMap<string, string>, settings: EntityValidationSettings, importing: boolean
): StatementContext['snaks'] {
  const old = new Map<string, unknown>()
  for (const list of Object.values(mapAt('claims', before?.claims))) {
    if (Array.isArray(list)) for (const s of list) if (isObject(s) && typeof s.id === 'string') old.set(s.id, s)
  }
  const changed: StatementContext['snaks'] = []
  for (const [property, list] of Object.entries(mapAt('claims', entity.claims))) {
    const path = `statements/${property}`
    if (!isPropertyId(property)) throw new InvalidEntityValueError(path, `${JSON.stringify(property)} is not a property id`)
    listAt(path, list).forEach((statement, i) => {
      const ctx: StatementContext = { settings, datatypes, snaks: [], stored: true }
      checkStatement(`${path}/${i}`, statement, property, ctx)
      const id = (statement as JsonObject).id
      if (importing || (typeof id === 'string' && isDeepStrictEqual(old.get(id), statement))) return
      const strict: StatementContext = { settings, datatypes, snaks: [], stored: false }
      checkStatement(`${path}/${i}`, statement, property, strict)
      changed.push(...strict.snaks)
    })
  }
  return changed
}

/** Keys of map `after` that are new or differ from `before`'s. */
function changedKeys (before: unknown, after: unknown): string[] {
  const old = isObject(before) ? before : {}
  return Object.entries(mapAt('', after)).filter(([key, value]) => !isDeepStrictEqual(own(old, key), value)).map(([key]) => key)
}

/**
 * Checks the entity an edit would store (`before`: the current content, null for a new
 * entity). Throws InvalidEntityValueError and its kinds (400), UnknownPropertyError,
 * UnknownSiteError or EntityTooBigError.
 */
export async function validateEntityEdit (
  before: WikibaseEntity | null, after: WikibaseEntity, lookups: ValidationLookups,
  settings: EntityValidationSettings = WIKIBASE_VALIDATION_DEFAULTS, options: ValidationOptions = {}
): Promise<void> {
  if (!isObject(after)) throw new InvalidEntityValueError('', 'an entity must be an object')
  const properties = propertyIdsOf(after)
  const datatypes = properties.length === 0 ? new Map<string, string>() : await lookups.propertyDatatypes(properties)
  const { changedSnaks, changedSites } = checkEntity(before, after, datatypes, settings, options.importing === true)
  const missing = changedSnaks.find(s => !datatypes.has(s.property))
  if (missing !== undefined) throw new UnknownPropertyError(`${missing.path}/property`, missing.property)
  if (options.importing !== true && changedSites.length > 0) {
    const unknown = await lookups.unknownSites(changedSites)
    if (unknown[0] !== undefined) throw new UnknownSiteError(unknown[0])
  }
  checkEntitySize(after, settings.maxSerializedEntitySize)
}
