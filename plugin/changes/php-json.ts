/**
 * JSON text exactly as PHP's `json_encode($value)` (no flags) writes it.
 *
 * Wikibase hashes and stores such text (`change_info`, root job signatures in
 * ChangeHandler), so equal data must give equal bytes:
 *
 * - no whitespace between tokens;
 * - `/` is escaped as `\/`;
 * - every code unit outside ASCII is written as `\uXXXX` (lower-case hex), so characters
 *   beyond the BMP become a surrogate pair of two escapes;
 * - control characters use `\b \f \n \r \t` where PHP has them, else `\u00XX`;
 * - floats are written as PHP 7.1+ does (`serialize_precision = -1`): shortest round-trip
 *   digits, with `.0` added to exponent forms (`1.0e+25`).
 *
 * PHP has one container type, the array. Plain JS objects and `Map`s are encoded as PHP
 * associative arrays would be: an empty one becomes `[]`, and one whose keys are exactly
 * `"0"…"n-1"` in that order becomes a list. JS arrays become lists. This is what makes an empty
 * `siteLinkChanges` come out as `[]` while a filled one is an object.
 *
 * A JS object enumerates integer-like keys first, in ascending order (PHP keeps insertion
 * order); pass a `Map` when that difference matters.
 */

export class PhpJsonEncodeError extends Error {
  constructor (readonly path: string, readonly reason: string) {
    super(`cannot encode value at ${path} as PHP JSON: ${reason}`)
    this.name = 'PhpJsonEncodeError'
  }
}

export function phpJsonEncode (value: unknown): string {
  return encodeValue(value, '$')
}

function encodeValue (value: unknown, path: string): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'boolean': return value ? 'true' : 'false'
    case 'number': return encodeNumber(value, path)
    case 'bigint': return value.toString()
    case 'string': return encodePhpJsonString(value, path)
    case 'object': break
    default: throw new PhpJsonEncodeError(path, `${typeof value} has no JSON form`)
  }
  if (Array.isArray(value)) {
    return '[' + value.map((item, i) => encodeValue(item === undefined ? null : item, `${path}[${i}]`)).join(',') + ']'
  }
  const entries: Array<[string, unknown]> = []
  if (value instanceof Map) {
    for (const [key, item] of value) {
      if (typeof key !== 'string' && typeof key !== 'number') throw new PhpJsonEncodeError(path, `map key ${String(key)} is neither string nor number`)
      if (item !== undefined) entries.push([String(key), item])
    }
  } else {
    const toJSON = (value as { toJSON?: unknown }).toJSON
    if (typeof toJSON === 'function') return encodeValue(toJSON.call(value), path)
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) entries.push([key, item])
    }
  }
  if (entries.every(([key], i) => key === String(i))) {
    return '[' + entries.map(([key, item]) => encodeValue(item, `${path}[${key}]`)).join(',') + ']'
  }
  return '{' + entries.map(([key, item]) => encodePhpJsonString(key, path) + ':' + encodeValue(item, `${path}.${key}`)).join(',') + '}'
}

function encodeNumber (value: number, path: string): string {
  if (!Number.isFinite(value)) throw new PhpJsonEncodeError(path, `${value} is not a finite number (PHP: "Inf and NaN cannot be JSON encoded")`)
  if (Object.is(value, -0)) return '-0.0'
  const text = String(value)
  const exponent = text.indexOf('e')
  if (exponent === -1) return text
  const mantissa = text.slice(0, exponent)
  return (mantissa.includes('.') ? mantissa : mantissa + '.0') + text.slice(exponent)
}

const SHORT_ESCAPES: Record<number, string> = {
  0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0c: '\\f', 0x0d: '\\r', 0x22: '\\"', 0x2f: '\\/', 0x5c: '\\\\'
}

/** One PHP JSON string literal, quotes included. Lone surrogates are invalid UTF-8 to PHP. */
export function encodePhpJsonString (text: string, path = '$'): string {
  let out = '"'
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    const short = SHORT_ESCAPES[unit]
    if (short !== undefined) {
      out += short
    } else if (unit >= 0x20 && unit < 0x80) {
      out += text[i]
    } else {
      if (unit >= 0xd800 && unit <= 0xdbff) {
        const next = text.charCodeAt(i + 1)
        if (!(next >= 0xdc00 && next <= 0xdfff)) throw new PhpJsonEncodeError(path, `lone high surrogate at offset ${i} (malformed UTF-8 for PHP)`)
        out += hex4(unit) + hex4(next)
        i++
        continue
      }
      if (unit >= 0xdc00 && unit <= 0xdfff) throw new PhpJsonEncodeError(path, `lone low surrogate at offset ${i} (malformed UTF-8 for PHP)`)
      out += hex4(unit)
    }
  }
  return out + '"'
}

function hex4 (unit: number): string {
  return '\\u' + unit.toString(16).padStart(4, '0')
}
