import type { FastifyBaseLogger } from 'fastify'
import { defineTask, type TaskDefinition } from '../plugin/queue/task-definition.js'
import { ReindexTermsPayload } from '../plugin/queue/task-payloads.js'
import type { WikiDatabase } from '../plugin/db/wiki-database.js'
import { runTermIndexBackfill } from '../plugin/repo/entities/term-index-backfill.js'

/** What wikibase:reindexTerms works with. */
export interface ReindexTermsDeps {
  /** The repo's own database: its entities and their term index. */
  repo: WikiDatabase
  log: FastifyBaseLogger
}

/** wikibase:reindexTerms: fills the term index for entities saved before it existed (queued at start). */
export function makeReindexTermsTask (deps: ReindexTermsDeps): TaskDefinition<typeof ReindexTermsPayload> {
  return defineTask({
    name: 'wikibase:reindexTerms',
    payload: ReindexTermsPayload,
    run: async () => {
      const indexed = await runTermIndexBackfill(deps.repo)
      deps.log.info({ entities: indexed }, 'reindexTerms: the term index holds the terms of every entity')
    }
  })
}
