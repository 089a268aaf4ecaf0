import { InvalidEntityValueError } from '../entities/entity-errors.js'
import { ValueTooLongError } from './validation-errors.js'
import { isStorableString } from '../../http/storable-strings.js'

/**
 * Rules for the strings of an entity. Every string must be storable: PostgreSQL's json
 * functions refuse documents holding `\u0000` or a lone UTF-16 surrogate, so one such string
 * breaks every later SQL read of the row (issue 13.5); import reaches the store without the
 * HTTP layer, so the check lives here too. Texts (terms, string values) follow Wikibase's
 * common string validators (repo/includes/ValidatorBuilders.php getCommonStringValidators,
 * Validators/TermValidatorFactory.php): 1..limit characters (mb_strlen, so code points), no
 * leading or trailing white space, no tab and no vertical white space (`/^\s|[\v\t]|\s$/u`).
 * We also refuse the other C0 and C1 control characters and DEL: they are invisible in a
 * label, XML 1.0 (RDF/XML output) cannot hold them, and MediaWiki's title rules refuse them.
 */

export function checkStorableString (path: string, value: string): void {
  if (isStorableString(value)) return
  if (value.includes('\u0000')) throw new InvalidEntityValueError(path, 'must not contain the NUL character (\\u0000)', 'malformed-value')
  throw new InvalidEntityValueError(path, 'must not contain an unpaired UTF-16 surrogate', 'malformed-value')
}

/** A string of the entity format (ids, hashes, site keys …): a string, storable, at most `maxLength` UTF-16 units. */
export function checkPlainString (path: string, value: unknown, maxLength: number): string {
  if (typeof value !== 'string') throw new InvalidEntityValueError(path, 'must be a string')
  if (value.length > maxLength) throw new ValueTooLongError(path, value.length, maxLength)
  checkStorableString(path, value)
  return value
}

/** Code points, as PHP's mb_strlen counts them; stops counting past `limit` + 1. */
export function codePointLength (value: string): number {
  let count = 0
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i)
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) i++
    }
    count++
  }
  return count
}

export function utf8Length (value: string): number {
  return Buffer.byteLength(value, 'utf8')
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u
const PADDED = /^\s|\s$/u

/** A text value: Wikibase's common string rules plus no control characters; returns it. */
export function checkText (path: string, value: unknown, limit: number): string {
  if (typeof value !== 'string') throw new InvalidEntityValueError(path, 'must be a string', 'bad-type')
  // A cheap bound first, so a megabyte string costs no more than a short one.
  if (value.length > limit * 2) throw new ValueTooLongError(path, codePointLength(value), limit)
  checkStorableString(path, value)
  const length = codePointLength(value)
  if (length === 0) throw new InvalidEntityValueError(path, 'must not be empty', 'too-short')
  if (length > limit) throw new ValueTooLongError(path, length, limit)
  const control = CONTROL.exec(value)
  if (control !== null) {
    const codePoint = control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')
    throw new InvalidEntityValueError(path, `must not contain control characters or line breaks (U+${codePoint} at ${control.index})`, 'malformed-value')
  }
  if (PADDED.test(value)) throw new InvalidEntityValueError(path, 'must not start or end with white space', 'malformed-value')
  return value
}
