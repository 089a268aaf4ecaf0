import type { WikiDatabase } from '../../db/wiki-database.js'
import { InvalidOptionError } from '../../errors.js'
import { activeRemoteClientIds } from './active-remote-clients.js'
import { collidingClients } from './remote-client-rules.js'

/**
 * At start of the repo role: a configured farm client that is also a registered, unrevoked
 * remote client is a configuration error (its changes would be delivered twice, and two
 * writers would keep its subscriptions). `clients add` refuses configured sites it can see;
 * this catches a site added to the `clients` option after its registration.
 */
export async function refuseFarmRemoteCollisions (db: WikiDatabase, farmClients: Iterable<string>): Promise<void> {
  const colliding = collidingClients(farmClients, new Set(await activeRemoteClientIds(db.pool, db)))
  if (colliding.length === 0) return
  throw new InvalidOptionError('clients', `names ${colliding.join(', ')}, also registered as remote client(s) of this repo: ` +
    'remove the site from `clients` or revoke it with `fastify-wikibase clients remove`')
}
