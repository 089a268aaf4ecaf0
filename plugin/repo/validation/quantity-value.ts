import { objectWithKeys } from './json-shape.js'
import { checkItemConceptUri } from './url-rules.js'
import { InvalidDataValueError } from './validation-errors.js'

/**
 * A quantity value. Amount and bounds as DataValues' DecimalValue accepts them: a string
 * (never a JSON number, which `1e400` would turn into Infinity and then null) matching
 * `^[-+]([1-9]\d*|\d)(\.\d+)?$` of at most 127 characters; QuantityValue: both bounds or
 * none, lowerBound ≤ amount ≤ upperBound. Unit as repo/includes/ValidatorBuilders.php
 * buildQuantityValidators: `1` (no unit) or the concept URI of an item.
 */
const KEYS = new Set(['amount', 'unit', 'upperBound', 'lowerBound'])
const DECIMAL = /^[-+]([1-9]\d*|\d)(\.\d+)?$/
const MAX_DECIMAL_LENGTH = 127

function checkDecimal (path: string, value: unknown): string {
  if (typeof value !== 'string') throw new InvalidDataValueError(path, 'must be a decimal string such as "+1.5" (not a JSON number)')
  if (value.length > MAX_DECIMAL_LENGTH) throw new InvalidDataValueError(path, `must be at most ${MAX_DECIMAL_LENGTH} characters long`)
  if (!DECIMAL.test(value)) {
    throw new InvalidDataValueError(path, 'must be a decimal string such as "+1.5": a sign, digits without leading zeros, an optional fraction')
  }
  return value
}

/** Compares two strings matching DECIMAL (-1, 0, 1), as DecimalValue::compare does. */
export function compareDecimals (a: string, b: string): number {
  const sign = (s: string): number => (/^[-+]0+(\.0+)?$/.test(s) ? 0 : s[0] === '-' ? -1 : 1)
  if (sign(a) !== sign(b)) return Math.sign(sign(a) - sign(b))
  const [aInt = '', aFrac = ''] = a.slice(1).split('.')
  const [bInt = '', bFrac = ''] = b.slice(1).split('.')
  let magnitude = aInt.length !== bInt.length ? Math.sign(aInt.length - bInt.length) : aInt < bInt ? -1 : aInt > bInt ? 1 : 0
  if (magnitude === 0) {
    const length = Math.max(aFrac.length, bFrac.length)
    const x = aFrac.padEnd(length, '0')
    const y = bFrac.padEnd(length, '0')
    magnitude = x < y ? -1 : x > y ? 1 : 0
  }
  return sign(a) < 0 ? -magnitude : magnitude
}

export function checkQuantityValue (path: string, raw: unknown): void {
  const value = objectWithKeys(path, raw, KEYS, 'a quantity value {amount, unit, upperBound?, lowerBound?}')
  const amount = checkDecimal(`${path}/amount`, value.amount)
  const hasUpper = Object.hasOwn(value, 'upperBound')
  const hasLower = Object.hasOwn(value, 'lowerBound')
  if (hasUpper !== hasLower) throw new InvalidDataValueError(`${path}/${hasUpper ? 'lowerBound' : 'upperBound'}`, 'a quantity has both bounds or none')
  if (hasUpper) {
    const upper = checkDecimal(`${path}/upperBound`, value.upperBound)
    const lower = checkDecimal(`${path}/lowerBound`, value.lowerBound)
    if (compareDecimals(lower, amount) > 0) throw new InvalidDataValueError(`${path}/lowerBound`, 'must not be greater than the amount')
    if (compareDecimals(upper, amount) < 0) throw new InvalidDataValueError(`${path}/upperBound`, 'must not be less than the amount')
  }
  if (value.unit !== '1') checkItemConceptUri(`${path}/unit`, value.unit)
}
