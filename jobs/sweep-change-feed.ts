import type { FastifyBaseLogger } from 'fastify'
import { defineTask, type TaskDefinition } from '../plugin/queue/task-definition.js'
import { SweepChangeFeedPayload } from '../plugin/queue/task-payloads.js'
import type { WikiDatabase } from '../plugin/db/wiki-database.js'
import { sweepFeed } from '../plugin/repo/change-feed/feed-store.js'

/** What wikibase:sweepChangeFeed works with. */
export interface SweepChangeFeedDeps {
  /** The repo's own database. */
  repo: WikiDatabase
  /** Seconds: repoSettings.changeFeedRetention. */
  changeFeedRetention: number
  log: FastifyBaseLogger
}

/** wikibase:sweepChangeFeed: deletes the feed entries older than the retention (repo crontab, hourly). */
export function makeSweepChangeFeedTask (deps: SweepChangeFeedDeps): TaskDefinition<typeof SweepChangeFeedPayload> {
  return defineTask({
    name: 'wikibase:sweepChangeFeed',
    payload: SweepChangeFeedPayload,
    run: async () => {
      const deleted = await sweepFeed(deps.repo.pool, deps.repo, new Date(Date.now() - deps.changeFeedRetention * 1000))
      if (deleted > 0) deps.log.info({ deleted }, 'sweepChangeFeed: deleted change feed entries past their retention')
    }
  })
}
