import { InvalidEntityValueError } from '../entities/entity-errors.js'
import { isNonNegativeInteger, objectWithKeys } from './json-shape.js'
import { InvalidDataValueError } from './validation-errors.js'

/**
 * A time value. What DataValues' TimeValue constructor accepts: `time` like
 * `+2013-01-01T00:00:00Z` (`^[-+]\d{1,16}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`, month ≤ 12, day ≤ 31,
 * no day without a month, no time of day without a day), integer `timezone` within
 * [-12·3600, 14·3600], unsigned integer `before`/`after`, `precision` 0..14, a non-empty
 * `calendarmodel`. Then what Wikibase's repo adds (repo/includes/ValidatorBuilders.php
 * buildTimeValidators): precision at most PRECISION_DAY (11), so the time of day must be
 * `T00:00:00Z`, and the calendar model a Wikidata concept URI — the two calendars Wikibase
 * knows (TimeFormatter::CALENDAR_GREGORIAN / CALENDAR_JULIAN).
 */
const KEYS = new Set(['time', 'timezone', 'before', 'after', 'precision', 'calendarmodel'])
const TIMESTAMP = /^[-+](\d{1,16})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)Z$/
export const CALENDAR_MODELS: ReadonlySet<string> = new Set([
  'http://www.wikidata.org/entity/Q1985727', // proleptic Gregorian calendar
  'http://www.wikidata.org/entity/Q1985786' // proleptic Julian calendar
])
const PRECISION_DAY = 11
const PRECISION_SECOND = 14

export function checkTimeValue (path: string, raw: unknown): void {
  const value = objectWithKeys(path, raw, KEYS, 'a time value {time, timezone, before, after, precision, calendarmodel}')
  for (const key of KEYS) if (!Object.hasOwn(value, key)) throw new InvalidDataValueError(`${path}/${key}`, 'is missing')
  checkTimestamp(`${path}/time`, value.time)
  const { timezone, before, after, precision, calendarmodel: calendar } = value
  if (typeof timezone !== 'number' || !Number.isSafeInteger(timezone) || timezone < -12 * 3600 || timezone > 14 * 3600) {
    throw new InvalidDataValueError(`${path}/timezone`, 'must be an integer offset within the allowed bounds')
  }
  if (!isNonNegativeInteger(before)) throw new InvalidDataValueError(`${path}/before`, 'must be an unsigned integer')
  if (!isNonNegativeInteger(after)) throw new InvalidDataValueError(`${path}/after`, 'must be an unsigned integer')
  if (typeof precision !== 'number' || !Number.isInteger(precision) || precision < 0 || precision > PRECISION_SECOND) {
    throw new InvalidDataValueError(`${path}/precision`, 'must be an integer from 0 (billion years) to 14 (second)')
  }
  if (precision > PRECISION_DAY) {
    throw new InvalidEntityValueError(`${path}/precision`, 'must be at most 11 (day): this repo stores dates, not times of day', 'out-of-range')
  }
  if (!(value.time as string).endsWith('T00:00:00Z')) {
    throw new InvalidEntityValueError(`${path}/time`, 'must end with T00:00:00Z (a date, no time of day)', 'malformed-value')
  }
  if (typeof calendar !== 'string' || !CALENDAR_MODELS.has(calendar)) {
    throw new InvalidEntityValueError(`${path}/calendarmodel`, `must be one of ${[...CALENDAR_MODELS].join(', ')}`, 'bad-prefix')
  }
}

function checkTimestamp (path: string, time: unknown): void {
  // The length check first: an 80,000-digit time is refused without looking at its digits.
  if (typeof time !== 'string' || time.length > 33) {
    throw new InvalidDataValueError(path, 'must be a time string like +2013-01-31T00:00:00Z (a year of at most 16 digits)')
  }
  const match = TIMESTAMP.exec(time)
  if (match === null) throw new InvalidDataValueError(path, 'must be a time string like +2013-01-31T00:00:00Z (a year of at most 16 digits)')
  const [month, day, hour, minute, second] = match.slice(2).map(Number) as [number, number, number, number, number]
  if (month > 12) throw new InvalidDataValueError(path, 'month out of allowed bounds')
  if (day > 31) throw new InvalidDataValueError(path, 'day out of allowed bounds')
  if (hour > 23) throw new InvalidDataValueError(path, 'hour out of allowed bounds')
  if (minute > 59) throw new InvalidDataValueError(path, 'minute out of allowed bounds')
  if (second > 61) throw new InvalidDataValueError(path, 'second out of allowed bounds')
  if (month < 1 && day > 0) throw new InvalidDataValueError(path, 'cannot have a day with no month')
  if (day < 1 && (hour > 0 || minute > 0 || second > 0)) throw new InvalidDataValueError(path, 'cannot have hour, minute or second with no day')
}
