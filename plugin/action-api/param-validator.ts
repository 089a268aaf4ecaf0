import { ApiError, missingParam } from './api-errors.js'

/**
 * The parameter declarations of action API modules and the one validator that checks a call
 * against them, as MediaWiki's ApiBase::getAllowedParams + ParamValidator do
 * (includes/api/ApiBase.php, includes/api/Validator/ApiParamValidator.php,
 * includes/libs/ParamValidator/ParamValidator.php):
 * - an unknown value of a single-value enum is the error `badvalue`
 *   (`Unrecognized value for parameter "x": v.`), of a multi-value enum a warning
 *   `unrecognizedvalues` and the value is dropped;
 * - an integer that is not one is `badinteger`, a limit is an integer or `max`;
 * - a required parameter that is absent is `missingparam`;
 * - parameters no module declared are a warning of `main` (ApiMain::reportUnusedParams,
 *   `Unrecognized parameter: x.` / `Unrecognized parameters: x, y.`).
 * Pure: it takes the values and returns the cleaned values and the warnings.
 */
export type ParamType = 'string' | 'text' | 'integer' | 'boolean' | 'limit' | 'timestamp' | 'namespace' | readonly string[]

export interface ParamSpec {
  /** Default `string`; an array is an enum of those values. */
  type?: ParamType
  /** Values separated by `|` (or U+001F when the value starts with it). */
  multi?: boolean
  required?: boolean
  /** For `limit`: the highest value (`max` means it). */
  max?: number
}

export type ParamSpecs = Readonly<Record<string, ParamSpec>>

export interface ApiWarning {
  /** The module path (`main`, `query`, `query+revisions`, `wbgetentities`). */
  module: string
  code: string
  text: string
}

export interface Validated {
  /** Values the validator changed (unknown enum values dropped), to replace the given ones. */
  changed: Map<string, string>
  warnings: ApiWarning[]
}

/** Splits a multi-value parameter as MediaWiki does. */
export function splitMulti (value: string): string[] {
  if (value === '') return []
  return value.startsWith('\u001f') ? value.slice(1).split('\u001f') : value.split('|')
}

const joinMulti = (values: string[], original: string): string =>
  original.startsWith('\u001f') ? `\u001f${values.join('\u001f')}` : values.join('|')

const INTEGER = /^[+-]?[0-9]+$/

/** `badinteger` unless the text is an integer a JS number holds exactly. */
export function checkInteger (name: string, value: string): number {
  const n = INTEGER.test(value.trim()) ? Number(value) : NaN
  if (!Number.isSafeInteger(n)) throw new ApiError('badinteger', `Invalid value "${value}" for integer parameter "${name}".`)
  return n
}

function checkEnum (module: string, name: string, spec: ParamSpec, allowed: readonly string[], value: string, out: Validated): void {
  if (spec.multi !== true) {
    if (!allowed.includes(value)) throw new ApiError('badvalue', `Unrecognized value for parameter "${name}": ${value}.`)
    return
  }
  const values = splitMulti(value)
  const unknown = values.filter(v => !allowed.includes(v))
  if (unknown.length === 0) return
  out.warnings.push({
    module,
    code: 'unrecognizedvalues',
    text: `Unrecognized value${unknown.length === 1 ? '' : 's'} for parameter "${name}": ${unknown.join(', ')}`
  })
  out.changed.set(name, joinMulti(values.filter(v => allowed.includes(v)), value))
}

/** Checks the values of one module's parameters; throws the first error, returns warnings. */
export function validateParams (module: string, specs: ParamSpecs, values: ReadonlyMap<string, string>): Validated {
  const out: Validated = { changed: new Map(), warnings: [] }
  for (const [name, spec] of Object.entries(specs)) {
    const value = values.get(name)
    // Only an absent required parameter is missing: the API builds StringDef with
    // allowEmptyWhenRequired (ApiParamValidator), so `tag=` reaches the module, which names
    // what is wrong with it (`tags-create-no-name`), and `protections=` is an empty list.
    if (value === undefined || (value === '' && spec.type !== 'boolean')) {
      if (spec.required === true && value === undefined) throw missingParam(name)
      continue
    }
    const type = spec.type ?? 'string'
    if (Array.isArray(type)) checkEnum(module, name, spec, type, value, out)
    else if (type === 'integer') for (const v of spec.multi === true ? splitMulti(value) : [value]) checkInteger(name, v)
    else if (type === 'limit' && value !== 'max') checkInteger(name, value)
    else if (type === 'namespace') {
      const values = splitMulti(value)
      const bad = values.filter(v => !/^-?\d{1,9}$/.test(v))
      if (bad.length > 0) checkEnum(module, name, spec, values.filter(v => !bad.includes(v)), value, out)
    }
  }
  return out
}

/** The warning for parameters none of the called modules declared (ApiMain::reportUnusedParams). */
export function unrecognizedParams (given: Iterable<string>, known: ReadonlySet<string>): ApiWarning | null {
  const unknown = [...given].filter(name => !known.has(name))
  if (unknown.length === 0) return null
  return {
    module: 'main',
    code: 'unrecognizedparams',
    text: `Unrecognized parameter${unknown.length === 1 ? '' : 's'}: ${unknown.join(', ')}.`
  }
}
