import { ENTITY_TYPE_OF_DATATYPE, datavalueTypeOf } from '../validation/datatypes.js'
import { isIdOfType, numericPart } from '../validation/entity-id-rules.js'
import { isObject } from '../validation/json-shape.js'

/**
 * The `content` of a REST value and the canonical datavalue `{type, value}` it stands for,
 * by datavalue type — as Wikibase's REST API shows and reads them
 * (repo/domains/crud/src/Application/Serialization/PropertyValuePairSerializer.php and
 * repo/domains/crud/src/Infrastructure/DataValuesValueDeserializer.php):
 * - string datatypes (string, external-id, url, commonsMedia, geo-shape, tabular-data, math,
 *   musical-notation): the string itself;
 * - entity ids (wikibase-item, -property, -lexeme, -form, -sense, entity-schema): the id string;
 * - time: `{time, precision, calendarmodel}` — `timezone`, `before` and `after` are not shown,
 *   and a value read from REST gets 0 for each, as Wikibase's `new TimeValue(time, 0, 0, 0, …)`;
 * - globe-coordinate: `{latitude, longitude, precision, globe}` — `altitude` is not shown, and
 *   a value read from REST has none (null);
 * - quantity `{amount, unit, upperBound?, lowerBound?}` and monolingualtext `{text, language}`
 *   as they are.
 */

export type Datavalue = { type: string, value: unknown }

/** Wikibase's Earth, the default globe of a coordinate (DataValues Geo's GlobeCoordinateValue::GLOBE_EARTH). */
const EARTH = 'http://www.wikidata.org/entity/Q2'
const ID_PREFIX: Record<string, string> = { item: 'Q', property: 'P', lexeme: 'L' }

/** The REST `content` of a stored datavalue. */
export function restContentOf (datavalue: Datavalue): unknown {
  const value = datavalue.value
  if (!isObject(value)) return value
  switch (datavalue.type) {
    case 'wikibase-entityid': {
      // Older serializations (still in Wikidata's data) give only entity-type and numeric-id.
      if (typeof value.id === 'string') return value.id
      const prefix = ID_PREFIX[String(value['entity-type'])]
      return prefix === undefined ? value.id : `${prefix}${String(value['numeric-id'])}`
    }
    case 'time': return { time: value.time, precision: value.precision, calendarmodel: value.calendarmodel }
    case 'globecoordinate': return { latitude: value.latitude, longitude: value.longitude, precision: value.precision, globe: value.globe }
    case 'quantity': return pick(value, ['amount', 'unit', 'upperBound', 'lowerBound'])
    case 'monolingualtext': return pick(value, ['text', 'language'])
    default: return value
  }
}

/**
 * Why a REST `content` cannot stand for a value of the datatype: a time's field it misses or
 * that has the wrong type (`field`), or just invalid. Only a time's fields are told apart, as
 * Wikibase's DataValuesValueDeserializer does (it reads times itself; every other value goes
 * through the DataValues deserializers, whose every failure is "invalid content").
 */
export type ContentProblem = { missing: string } | { field: string } | { invalid: true }

/**
 * The canonical datavalue for REST `content` of a property of `datatype`, in the key order
 * of Wikibase's canonical JSON; or the problem with it. Only the shape is checked here: the
 * values themselves go through the repo's datavalue validators after.
 */
export function datavalueOfContent (datatype: string, content: unknown): Datavalue | ContentProblem {
  const type = datavalueTypeOf(datatype)
  switch (type) {
    case 'string': return typeof content === 'string' ? { type, value: content } : { invalid: true }
    case 'wikibase-entityid': return entityIdValue(datatype, content)
    case 'time': {
      if (!isObject(content)) return { invalid: true }
      const missing = ['time', 'precision', 'calendarmodel'].find(key => !Object.hasOwn(content, key))
      if (missing !== undefined) return { missing }
      const { time, precision, calendarmodel } = content
      if (typeof time !== 'string') return { field: 'time' }
      if (!Number.isInteger(precision)) return { field: 'precision' }
      if (typeof calendarmodel !== 'string') return { field: 'calendarmodel' }
      return { type, value: { time, timezone: 0, before: 0, after: 0, precision, calendarmodel } }
    }
    case 'globecoordinate': {
      if (!isObject(content)) return { invalid: true }
      if (!Object.hasOwn(content, 'latitude') || !Object.hasOwn(content, 'longitude')) return { invalid: true }
      return {
        type,
        value: { latitude: content.latitude, longitude: content.longitude, altitude: null, precision: content.precision ?? null, globe: content.globe ?? EARTH }
      }
    }
    case 'quantity': {
      if (!isObject(content)) return { invalid: true }
      if (!Object.hasOwn(content, 'amount') || !Object.hasOwn(content, 'unit')) return { invalid: true }
      return ordered(type, content, ['amount', 'unit', 'upperBound', 'lowerBound'])
    }
    case 'monolingualtext': {
      if (!isObject(content)) return { invalid: true }
      return !Object.hasOwn(content, 'text') || !Object.hasOwn(content, 'language') ? { invalid: true } : ordered(type, content, ['text', 'language'])
    }
    default: return { invalid: true }
  }
}

function entityIdValue (datatype: string, content: unknown): Datavalue | ContentProblem {
  const entityType = ENTITY_TYPE_OF_DATATYPE.get(datatype)
  // Wikibase's entity id parser reads `q42` as Q42.
  const id = typeof content === 'string' ? content.charAt(0).toUpperCase() + content.slice(1) : undefined
  if (entityType === undefined || id === undefined || !isIdOfType(id, entityType)) return { invalid: true }
  // EntityIdValue::getArrayValue: numeric-id only for the ids that are a letter and a number.
  const value = ID_PREFIX[entityType] === undefined
    ? { 'entity-type': entityType, id }
    : { 'entity-type': entityType, 'numeric-id': numericPart(id), id }
  return { type: 'wikibase-entityid', value }
}

function pick (value: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter(key => Object.hasOwn(value, key)).map(key => [key, value[key]]))
}

/** The value with `keys` in that order; a key outside them makes it invalid. */
function ordered (type: string, value: Record<string, unknown>, keys: string[]): Datavalue | ContentProblem {
  if (Object.keys(value).some(key => !keys.includes(key))) return { invalid: true }
  return { type, value: pick(value, keys) }
}
