/**
 * PHP's `unserialize` for the data a MediaWiki `sites` row holds (`site_data`, `site_config`):
 * null, booleans, integers, floats, strings and arrays. Objects and references are refused.
 * The result is JSON-shaped as PHP's json_encode would give it: an array whose keys are
 * exactly 0…n-1 (n > 0) becomes a list, any other array (the empty one too) an object.
 *
 * String lengths are UTF-8 byte counts, as in PHP. A string whose declared length is wrong
 * (a dump edited by hand, or converted between charsets) is read up to its closing `";`
 * and reported in `warnings`; PHP itself would refuse the whole value.
 */
export type PhpJson = null | boolean | number | string | PhpJson[] | { [key: string]: PhpJson }

export interface PhpUnserialized {
  value: PhpJson
  warnings: string[]
}

/** What is wrong, and at which byte offset of the serialized text. */
export class PhpUnserializeError extends Error {
  constructor (readonly offset: number, readonly reason: string) {
    super(`${reason} at byte ${offset}`)
    this.name = 'PhpUnserializeError'
  }
}

const QUOTE = 0x22
const SEMICOLON = 0x3b
const utf8 = new TextDecoder('utf-8', { fatal: true })

export function phpUnserialize (text: string): PhpUnserialized {
  const reader = new Reader(Buffer.from(text, 'utf8'))
  const value = reader.value()
  if (reader.pos !== reader.bytes.length) throw new PhpUnserializeError(reader.pos, 'trailing data after the value')
  return { value, warnings: reader.warnings }
}

class Reader {
  pos = 0
  readonly warnings: string[] = []
  constructor (readonly bytes: Buffer) {}

  value (): PhpJson {
    const start = this.pos
    const tag = this.char()
    if (tag === 'N') {
      this.expect(';')
      return null
    }
    this.expect(':')
    switch (tag) {
      case 'b': {
        const digits = this.until(';')
        if (digits !== '0' && digits !== '1') throw new PhpUnserializeError(start, `boolean b:${digits} is neither 0 nor 1`)
        return digits === '1'
      }
      case 'i': {
        const digits = this.until(';')
        if (!/^[+-]?\d+$/.test(digits)) throw new PhpUnserializeError(start, `integer i:${digits} is not a number`)
        const n = Number(digits)
        if (!Number.isSafeInteger(n)) throw new PhpUnserializeError(start, `integer ${digits} is beyond ±2^53`)
        return n
      }
      case 'd': {
        const digits = this.until(';')
        const n = Number(digits)
        if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(digits) || !Number.isFinite(n)) {
          throw new PhpUnserializeError(start, `float d:${digits} is not a finite number`)
        }
        return n
      }
      case 's':
        return this.string(start)
      case 'a':
        return this.array(start)
      case 'O': case 'C': case 'E':
        throw new PhpUnserializeError(start, 'PHP objects are not supported')
      case 'r': case 'R':
        throw new PhpUnserializeError(start, 'PHP references are not supported')
      default:
        throw new PhpUnserializeError(start, `unknown type ${JSON.stringify(tag)}`)
    }
  }

  string (start: number): string {
    const declared = this.length(':')
    this.expect('"')
    const open = this.pos
    let end = open + declared
    if (!(this.bytes[end] === QUOTE && this.bytes[end + 1] === SEMICOLON)) {
      end = this.bytes.indexOf('";', open, 'latin1')
      if (end === -1) throw new PhpUnserializeError(start, `string of ${declared} bytes is not closed by ";`)
      this.warnings.push(`string at byte ${start} declares ${declared} bytes but holds ${end - open} up to its closing quote; ` +
        `read as ${JSON.stringify(this.decode(open, end, start))}`)
    }
    const text = this.decode(open, end, start)
    this.pos = end + 2
    return text
  }

  array (start: number): PhpJson {
    const count = this.length(':')
    this.expect('{')
    const entries: Array<[string | number, PhpJson]> = []
    for (let i = 0; i < count; i++) {
      if (this.bytes[this.pos] === 0x7d) throw new PhpUnserializeError(this.pos, `array declared with ${count} elements has ${i}`)
      const keyAt = this.pos
      const key = this.value()
      if (typeof key !== 'string' && typeof key !== 'number') throw new PhpUnserializeError(keyAt, 'array key is neither an integer nor a string')
      entries.push([key, this.value()])
    }
    if (this.char() !== '}') throw new PhpUnserializeError(this.pos - 1, `array declared with ${count} elements has more`)
    const isList = entries.length > 0 && entries.every(([key], index) => key === index)
    if (isList) return entries.map(([, value]) => value)
    const object: Record<string, PhpJson> = {}
    for (const [key, value] of entries) {
      if (Object.hasOwn(object, String(key))) throw new PhpUnserializeError(start, `array has the key ${JSON.stringify(String(key))} twice`)
      object[String(key)] = value
    }
    return object
  }

  length (terminator: string): number {
    const at = this.pos
    const digits = this.until(terminator)
    if (!/^\d+$/.test(digits)) throw new PhpUnserializeError(at, `length ${JSON.stringify(digits)} is not a non-negative integer`)
    return Number(digits)
  }

  decode (from: number, to: number, start: number): string {
    try {
      return utf8.decode(this.bytes.subarray(from, to))
    } catch {
      throw new PhpUnserializeError(start, 'string is not valid UTF-8 (its length cuts a character)')
    }
  }

  char (): string {
    if (this.pos >= this.bytes.length) throw new PhpUnserializeError(this.pos, 'unexpected end of data')
    return String.fromCharCode(this.bytes[this.pos++]!)
  }

  expect (c: string): void {
    const at = this.pos
    if (this.char() !== c) throw new PhpUnserializeError(at, `expected ${JSON.stringify(c)}`)
  }

  until (terminator: string): string {
    const end = this.bytes.indexOf(terminator, this.pos, 'latin1')
    if (end === -1) throw new PhpUnserializeError(this.pos, `expected ${JSON.stringify(terminator)}`)
    const text = this.bytes.toString('latin1', this.pos, end)
    this.pos = end + 1
    return text
  }
}
