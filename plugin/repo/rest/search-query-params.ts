import { restErrors } from './rest-api-error.js'
import { isTermLanguage } from '../entities/term-languages.js'

/**
 * The query of GET …/v1/search/{items,properties} and …/v1/suggest/{items,properties}, read
 * as the spec's parameters say (q and language required; limit 1…max, default 10; offset ≥ 0,
 * default 0); anything else is 400 `invalid-query-parameter` naming the parameter, in
 * Wikibase's order (language, then limit, then offset: SimpleItemSearchValidator,
 * ItemPrefixSearchValidator). The language must be a term language other than `mul`
 * (Wikibase's route handlers add a NotMulValidator: `mul` is no language to search in).
 * A parameter given twice is refused, not guessed at. Unknown parameters are ignored.
 */
export interface SearchQuery { q: string, language: string, limit: number, offset: number }

/** The spec's limits: search up to 500, suggest up to 50 (the spec's apihighlimits 500 is not offered). */
export const SEARCH_MAX_LIMIT = 500
export const SUGGEST_MAX_LIMIT = 50
const DEFAULT_LIMIT = 10
const LANGUAGE_PATTERN = /^[a-z]{2}[a-z0-9-]*$/
const INTEGER = /^\d{1,9}$/

function single (query: Record<string, unknown>, name: string): string | undefined {
  const value = Object.hasOwn(query, name) ? query[name] : undefined
  if (value === undefined) return undefined
  if (typeof value !== 'string') throw restErrors.invalidQueryParameter(name)
  return value
}

function integer (query: Record<string, unknown>, name: string, fallback: number, min: number, max: number): number {
  const raw = single(query, name)
  if (raw === undefined) return fallback
  if (!INTEGER.test(raw)) throw restErrors.invalidQueryParameter(name)
  const value = Number(raw)
  if (value < min || value > max) throw restErrors.invalidQueryParameter(name)
  return value
}

export function parseSearchQuery (query: unknown, maxLimit: number): SearchQuery {
  const params = (typeof query === 'object' && query !== null ? query : {}) as Record<string, unknown>
  const q = single(params, 'q')
  if (q === undefined) throw restErrors.invalidQueryParameter('q')
  const language = single(params, 'language')
  if (language === undefined || !LANGUAGE_PATTERN.test(language) || language === 'mul' || !isTermLanguage(language)) {
    throw restErrors.invalidQueryParameter('language')
  }
  const limit = integer(params, 'limit', DEFAULT_LIMIT, 1, maxLimit)
  const offset = integer(params, 'offset', 0, 0, Number.MAX_SAFE_INTEGER)
  return { q, language, limit, offset }
}
