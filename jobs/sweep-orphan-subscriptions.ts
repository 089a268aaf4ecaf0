import type { FastifyBaseLogger } from 'fastify'
import type { SiteGlobalId } from '../hooks/ids.js'
import { defineTask, type TaskDefinition } from '../plugin/queue/task-definition.js'
import { SweepOrphanSubscriptionsPayload } from '../plugin/queue/task-payloads.js'
import type { WikiDatabase } from '../plugin/db/wiki-database.js'
import { sweepOrphanSubscriptions } from '../plugin/repo/dispatch/orphan-sweep.js'

/** What wikibase:sweepOrphanSubscriptions works with. */
export interface SweepOrphanSubscriptionsDeps {
  /** The repo's own database. */
  repo: WikiDatabase
  /** The configured clients: every other subscriber is an orphan. */
  clients: ReadonlyMap<SiteGlobalId, WikiDatabase>
  log: FastifyBaseLogger
}

/** wikibase:sweepOrphanSubscriptions: drops what removed or closed clients hold (queued at start). */
export function makeSweepOrphanSubscriptionsTask (deps: SweepOrphanSubscriptionsDeps): TaskDefinition<typeof SweepOrphanSubscriptionsPayload> {
  return defineTask({
    name: 'wikibase:sweepOrphanSubscriptions',
    payload: SweepOrphanSubscriptionsPayload,
    run: async () => {
      await sweepOrphanSubscriptions(deps.repo, new Set<string>(deps.clients.keys()), deps.log)
    }
  })
}
