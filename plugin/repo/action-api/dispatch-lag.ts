import type { WikiDatabase } from '../../db/wiki-database.js'
import { dispatchStats } from '../dispatch/dispatch-stats.js'
import type { Lag } from '../../action-api/max-lag.js'

/**
 * The repo's lag for `maxlag`, with the dispatch backlog counted in, as Wikidata did from 2018
 * with `dispatchLagToMaxLagFactor`: the age of the oldest change not yet delivered to every
 * client, divided by the factor, is reported as lag. This repo has no replicas, so that is the
 * whole lag. A factor of 0 leaves dispatch lag out.
 */
export const DEFAULT_DISPATCH_LAG_FACTOR = 60

export async function currentLag (db: Pick<WikiDatabase, 'pool' | 'dataSchema'>, factor: number): Promise<Lag> {
  if (factor <= 0) return { lag: 0, type: 'db', host: 'all' }
  const stats = await dispatchStats(db.pool, db, [])
  return { lag: stats.oldestAgeSeconds / factor, type: 'wikibase-dispatching', host: 'all' }
}
