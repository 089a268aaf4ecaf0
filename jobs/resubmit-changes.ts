import type { FastifyBaseLogger } from 'fastify'
import { defineTask, type TaskDefinition } from '../plugin/queue/task-definition.js'
import { ResubmitChangesPayload } from '../plugin/queue/task-payloads.js'
import type { WikiDatabase } from '../plugin/db/wiki-database.js'
import { resubmitChanges } from '../plugin/repo/dispatch/change-resubmitter.js'

/** What wikibase:resubmitChanges works with. */
export interface ResubmitChangesDeps {
  /** The repo's own database: its stuck changes and its queue. */
  repo: WikiDatabase
  /** Seconds: the repo setting resubmitMinimumAge, used when the payload gives none. */
  resubmitMinimumAge: number
  log: FastifyBaseLogger
}

/** wikibase:resubmitChanges: the periodic sweep for stuck changes (repo crontab). */
export function makeResubmitChangesTask (deps: ResubmitChangesDeps): TaskDefinition<typeof ResubmitChangesPayload> {
  return defineTask({
    name: 'wikibase:resubmitChanges',
    payload: ResubmitChangesPayload,
    run: async ({ minimumAge }) => {
      const result = await resubmitChanges(deps.repo, minimumAge ?? deps.resubmitMinimumAge)
      if (result.shards.length + result.clients.length > 0) {
        deps.log.warn({ shards: result.shards, clients: result.clients }, 'resubmitChanges: re-queued stuck changes')
      }
    }
  })
}
