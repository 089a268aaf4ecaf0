import { InvalidEntityValueError } from '../entities/entity-errors.js'
import { ENTITY_TYPE_OF_DATATYPE, datavalueTypeOf } from './datatypes.js'
import { checkEntityIdValue } from './entity-id-value.js'
import { checkCommonsMediaFileName, checkGeoShapeTitle, checkTabularDataTitle } from './file-name-rules.js'
import { checkGlobeCoordinateValue } from './globe-coordinate-value.js'
import { objectWithKeys } from './json-shape.js'
import { checkMonolingualTextValue } from './monolingual-text-value.js'
import { checkQuantityValue } from './quantity-value.js'
import { checkStorableString, checkText } from './string-rules.js'
import { checkTimeValue } from './time-value.js'
import { checkUrl } from './url-rules.js'
import type { EntityValidationSettings } from './validation-settings.js'

/**
 * The datavalue of a value snak `{type, value}`: its type must be the one the property's
 * datatype takes, and the value must pass that datatype's validators (Wikibase's
 * DataTypeValidatorFactory over repo/includes/ValidatorBuilders.php). `datatype` undefined
 * (a snak of a property the repo does not have, in imported data) checks the value by its
 * datavalue type alone, with the largest string limit.
 *
 * `stored`: the value was not added by this edit (an unchanged statement, or imported data).
 * Such values may carry white space at either end, which Wikibase did not always trim:
 * Wikidata still holds URLs ending in a line break. Every other rule applies to them too.
 */
const KEYS = new Set(['type', 'value'])
const DATAVALUE_TYPES = new Set(['string', 'time', 'quantity', 'globecoordinate', 'monolingualtext', 'wikibase-entityid'])

export function checkDatavalue (path: string, raw: unknown, datatype: string | undefined, settings: EntityValidationSettings, stored = false): void {
  const datavalue = objectWithKeys(path, raw, KEYS, 'a datavalue {type, value}')
  const type = datavalue.type
  if (typeof type !== 'string' || !DATAVALUE_TYPES.has(type)) {
    throw new InvalidEntityValueError(`${path}/type`, `unknown datavalue type ${JSON.stringify(type)}`, 'bad-type')
  }
  if (!Object.hasOwn(datavalue, 'value')) throw new InvalidEntityValueError(`${path}/value`, 'is missing', 'bad-type')
  const expected = datavalueTypeOf(datatype)
  if (expected !== undefined && expected !== type) {
    throw new InvalidEntityValueError(path, `the property has datatype ${datatype!}, which takes a ${expected} value, not ${type}`, 'bad-type')
  }
  const at = `${path}/value`
  const value = datavalue.value
  const limits = settings.stringLimits
  switch (type) {
    case 'string': checkStringValue(at, stored ? trimmedStorable(at, value) : value, datatype, settings); break
    case 'time': checkTimeValue(at, value); break
    case 'quantity': checkQuantityValue(at, value); break
    case 'globecoordinate': checkGlobeCoordinateValue(at, value); break
    case 'monolingualtext': checkMonolingualTextValue(at, value, limits.monolingualtext, stored); break
    case 'wikibase-entityid': checkEntityIdValue(at, value, datatype === undefined ? undefined : ENTITY_TYPE_OF_DATATYPE.get(datatype)); break
  }
}

/** A stored string without its padding (after the checks padding cannot hide). */
export function trimmedStorable (path: string, value: unknown): unknown {
  if (typeof value !== 'string') return value
  checkStorableString(path, value)
  return value.trim()
}

function checkStringValue (path: string, value: unknown, datatype: string | undefined, settings: EntityValidationSettings): void {
  const limits = settings.stringLimits
  switch (datatype) {
    case 'url': checkUrl(path, value, settings.urlSchemes, limits.url); return
    case 'commonsMedia': checkCommonsMediaFileName(path, value); return
    case 'geo-shape': checkGeoShapeTitle(path, value); return
    case 'tabular-data': checkTabularDataTitle(path, value); return
    case undefined: checkText(path, value, Math.max(limits.string, limits.url)); return
    default: checkText(path, value, limits.string)
  }
}
