import { InvalidEntityValueError } from '../entities/entity-errors.js'
import { objectWithKeys } from './json-shape.js'
import { checkUrl } from './url-rules.js'
import { InvalidDataValueError } from './validation-errors.js'

/**
 * A globe coordinate value. DataValues/Geo: latitude and longitude are numbers within
 * [-360, 360] (LatLongValue), precision is null or a number within [-360, 360], altitude is
 * unused (null), the globe a non-empty IRI (GlobeCoordinateValue). Wikibase's repo
 * (ValidatorBuilders::buildCoordinateValidators): the globe is an http(s) Wikidata concept
 * URI of at most 255 bytes. JSON numbers too large for a double (`1e400`) parse as Infinity
 * and are refused.
 */
const KEYS = new Set(['latitude', 'longitude', 'altitude', 'precision', 'globe'])
const GLOBE = /^http:\/\/www\.wikidata\.org\/entity\/Q[1-9]\d{0,9}$/

function inRange (value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= -360 && value <= 360
}

export function checkGlobeCoordinateValue (path: string, raw: unknown): void {
  const value = objectWithKeys(path, raw, KEYS, 'a globe coordinate value {latitude, longitude, precision, globe}')
  if (!inRange(value.latitude)) throw new InvalidDataValueError(`${path}/latitude`, 'must be a number of degrees between -360 and 360')
  if (!inRange(value.longitude)) throw new InvalidDataValueError(`${path}/longitude`, 'must be a number of degrees between -360 and 360')
  if (value.precision !== undefined && value.precision !== null && !inRange(value.precision)) {
    throw new InvalidDataValueError(`${path}/precision`, 'must be null or a number of degrees between -360 and 360')
  }
  if (value.altitude !== undefined && value.altitude !== null && !(typeof value.altitude === 'number' && Number.isFinite(value.altitude))) {
    throw new InvalidDataValueError(`${path}/altitude`, 'must be null (unused)')
  }
  if (value.globe === undefined || value.globe === null) return // GlobeCoordinateValue defaults to Earth
  const globe = checkUrl(`${path}/globe`, value.globe, ['http', 'https'], 255)
  if (!GLOBE.test(globe)) throw new InvalidEntityValueError(`${path}/globe`, 'must be a Wikidata concept URI http://www.wikidata.org/entity/Q…', 'bad-prefix')
}
