import { InvalidEntityValueError } from '../entities/entity-errors.js'
import { MAX_NUMERIC_ID, isEntityType, isIdOfType, numericPart } from './entity-id-rules.js'
import { objectWithKeys } from './json-shape.js'
import { InvalidDataValueError } from './validation-errors.js'

/**
 * An entity id value `{entity-type, numeric-id, id}` as Wikibase's EntityIdValue deserializer
 * reads it: `id` (a well-formed id of `entity-type`), or for items, properties and lexemes a
 * positive `numeric-id` alone; when both are given they must agree. `Q0` is no id. The
 * datatype fixes the entity type (a wikibase-item value names an item).
 */
const KEYS = new Set(['entity-type', 'numeric-id', 'id'])
const NUMERIC_TYPES = new Map([['item', 'Q'], ['property', 'P'], ['lexeme', 'L']])

export function checkEntityIdValue (path: string, raw: unknown, expectedType: string | undefined): void {
  const value = objectWithKeys(path, raw, KEYS, 'an entity id value {entity-type, numeric-id, id}')
  const type = value['entity-type']
  if (!isEntityType(type)) throw new InvalidDataValueError(`${path}/entity-type`, 'must be item, property, lexeme, form, sense or entity-schema')
  const numeric = value['numeric-id']
  if (numeric !== undefined && !(typeof numeric === 'number' && Number.isInteger(numeric) && numeric >= 1 && numeric <= MAX_NUMERIC_ID)) {
    throw new InvalidDataValueError(`${path}/numeric-id`, `must be an integer from 1 to ${MAX_NUMERIC_ID}`)
  }
  if (value.id === undefined) {
    if (numeric === undefined || !NUMERIC_TYPES.has(type)) throw new InvalidDataValueError(`${path}/id`, 'is missing')
  } else {
    if (!isIdOfType(value.id, type)) throw new InvalidDataValueError(`${path}/id`, `${JSON.stringify(value.id)} is not the id of an entity of type ${type}`)
    if (numeric !== undefined && (!NUMERIC_TYPES.has(type) || numericPart(value.id) !== numeric)) {
      throw new InvalidDataValueError(`${path}/numeric-id`, `does not match the id ${value.id}`)
    }
  }
  if (expectedType !== undefined && type !== expectedType) {
    throw new InvalidEntityValueError(`${path}/entity-type`, `the property takes ${expectedType} values, not ${type}`, 'bad-entity-type')
  }
}
