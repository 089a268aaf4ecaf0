import { ApiError } from './api-errors.js'

/**
 * `maxlag` (MediaWiki's API etiquette for bots): the wiki's lag, as its roles measure it
 * (the repo's: dispatch lag, repo/action-api/dispatch-lag.ts), against the caller's limit.
 */
export interface Lag { lag: number, type: 'wikibase-dispatching' | 'db', host: string }

/** The `maxlag` error when `lag` is over `maxLag` (MediaWiki's wording; Retry-After at least 5 s). */
export function maxLagError (lag: Lag, maxLag: number): ApiError | null {
  if (lag.lag <= maxLag) return null
  const seconds = Math.round(lag.lag * 100) / 100
  return new ApiError(
    'maxlag', `Waiting for ${lag.type === 'db' ? lag.host : 'change dispatching'}: ${seconds} seconds lagged.`,
    { host: lag.host, lag: seconds, type: lag.type })
}

export function retryAfterSeconds (maxLag: number): number {
  return Math.max(Math.trunc(maxLag), 5)
}
