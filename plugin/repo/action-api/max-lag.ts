import type { WikiDatabase } from '../../db/wiki-database.js'
import { dispatchStats } from '../dispatch/dispatch-stats.js'
import { ApiError } from './api-errors.js'

/**
 * `maxlag` (MediaWiki's API etiquette for bots) with the dispatch backlog counted in, as
 * Wikidata did from 2018 with `dispatchLagToMaxLagFactor`: the age of the oldest change not
 * yet delivered to every client, divided by the factor, is reported as lag. This repo has no
 * replicas, so that is the whole lag. A factor of 0 leaves dispatch lag out.
 */
export const DEFAULT_DISPATCH_LAG_FACTOR = 60

export interface Lag { lag: number, type: 'wikibase-dispatching' | 'db', host: string }

export async function currentLag (db: Pick<WikiDatabase, 'pool' | 'dataSchema'>, factor: number): Promise<Lag> {
  if (factor <= 0) return { lag: 0, type: 'db', host: 'all' }
  const stats = await dispatchStats(db.pool, db, [])
  return { lag: stats.oldestAgeSeconds / factor, type: 'wikibase-dispatching', host: 'all' }
}

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
