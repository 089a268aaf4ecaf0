import { ApiError, missingParam } from './api-errors.js'
import { checkJsonDepth, checkRequestValue, type RequestInputLimits } from '../http/request-input-guard.js'
import { DEFAULT_MAX_JSON_DEPTH } from '../http/json-depth.js'

/**
 * The request parameters of one action API call, read as MediaWiki reads them: the query
 * string and the (form) body merged, body winning; multi-value parameters separated by `|`,
 * or by U+001F when the value starts with it; a boolean is true when present at all
 * (`bot=false` is true, as in MediaWiki).
 */
export class ApiParams {
  private readonly values: Map<string, string>

  constructor (query: unknown, body: unknown, private readonly limits: RequestInputLimits = { maxJsonDepth: DEFAULT_MAX_JSON_DEPTH }) {
    this.values = new Map()
    for (const source of [query, body]) {
      if (typeof source !== 'object' || source === null) continue
      for (const [key, value] of Object.entries(source)) {
        const text = Array.isArray(value) ? value.at(-1) : value
        if (typeof text === 'string' || typeof text === 'number' || typeof text === 'boolean') this.values.set(key, String(text))
      }
    }
  }

  has (name: string): boolean { return this.values.has(name) }

  /** Every given value by name (for param-validator.ts). */
  all (): ReadonlyMap<string, string> { return this.values }

  /** Replaces values the validator cleaned (unknown enum values dropped). */
  replace (changed: ReadonlyMap<string, string>): void {
    for (const [name, value] of changed) this.values.set(name, value)
  }

  string (name: string): string | undefined { return this.values.get(name) }

  required (name: string): string {
    const value = this.values.get(name)
    if (value === undefined || value === '') throw missingParam(name)
    return value
  }

  bool (name: string): boolean { return this.values.has(name) }

  list (name: string): string[] {
    const value = this.values.get(name)
    if (value === undefined || value === '') return []
    return value.startsWith('\u001f') ? value.slice(1).split('\u001f') : value.split('|')
  }

  integer (name: string): number | undefined {
    const value = this.values.get(name)
    if (value === undefined || value === '') return undefined
    // ASCII digits only, and within what a JS number holds exactly (MediaWiki's IntegerDef
    // refuses what overflows PHP's int the same way): ids and revisions beyond that do not exist.
    const n = /^[+-]?[0-9]+$/.test(value.trim()) ? Number(value) : NaN
    if (!Number.isSafeInteger(n)) throw new ApiError('badinteger', `Invalid value "${value}" for integer parameter "${name}".`)
    return n
  }

  /** One of `allowed`, or undefined when absent. */
  oneOf<T extends string> (name: string, allowed: readonly T[]): T | undefined {
    const value = this.values.get(name)
    if (value === undefined) return undefined
    if (!(allowed as readonly string[]).includes(value)) throw new ApiError('badvalue', `Unrecognized value for parameter "${name}": ${value}.`)
    return value as T
  }

  /**
   * A JSON parameter; malformed JSON is `code` (Wikibase: invalid-json, invalid-snak,
   * invalid-claim …). Its depth is checked before parsing and its strings after, as for
   * JSON bodies (request-input-guard.ts): a `\u0000` escape in `data` is refused here.
   */
  json (name: string, code = 'invalid-json'): unknown {
    const value = this.required(name)
    checkJsonDepth(value, name, this.limits)
    let parsed: unknown
    try {
      parsed = JSON.parse(value)
    } catch {
      throw new ApiError(code, `Could not decode the JSON of parameter "${name}".`, {}, [{ name: `wikibase-api-${code}`, parameters: [] }])
    }
    checkRequestValue(parsed, name, this.limits)
    return parsed
  }
}
