import type { FastifyBaseLogger } from 'fastify'
import { defineTask, type TaskDefinition } from '../plugin/queue/task-definition.js'
import { PushUpdateRepoPayload } from '../plugin/queue/task-payloads.js'
import type { HostServices } from '../hooks/contract.js'
import type { WikiDatabase } from '../plugin/db/wiki-database.js'
import { withTransaction } from '../plugin/db/wiki-database.js'
import { addJob } from '../plugin/queue/enqueue.js'

/** What wikibase:pushUpdateRepo works with: the repo's queue, and the host's page lookup. */
export interface PushUpdateRepoDeps {
  /** The repo's database, whose queue the repo's UpdateRepo jobs go on; null for a remote repo (remote mode). */
  repoDb: WikiDatabase | null
  host: { services: Pick<HostServices, 'pageIdsForTitles'> } | undefined
  log: FastifyBaseLogger
}

/**
 * wikibase:pushUpdateRepo (client): puts the UpdateRepoOnMove / OnDelete job that a page move or
 * deletion queued here onto the repo's queue (Wikibase's UpdateRepo::injectJob into the repo's
 * JobQueueGroup). A retry after the repo job was queued queues it again: the repo job is a
 * no-op once the sitelink no longer points at the old title.
 */
export function makePushUpdateRepoTask (deps: PushUpdateRepoDeps): TaskDefinition<typeof PushUpdateRepoPayload> {
  return defineTask({
    name: 'wikibase:pushUpdateRepo',
    payload: PushUpdateRepoPayload,
    run: async job => {
      const repoDb = deps.repoDb
      if (repoDb === null) {
        // Remote mode: the repo's queue is out of reach, and the repo has no HTTP route for
        // UpdateRepo yet (issue 19 leaves it); the repo's sitelink stays as it is.
        deps.log.debug({ site: job.params.siteId, task: job.task }, 'fastify-wikibase: UpdateRepo skipped: the repo is remote')
        return
      }
      if (job.task === 'wikibase:updateRepoOnDelete' && await pageExists(deps, job.params.title)) {
        // UpdateRepoOnDeleteJob::verifyValid: a page undeleted or re-created since keeps its sitelink.
        deps.log.debug({ site: job.params.siteId, title: job.params.title }, 'fastify-wikibase: deleted page exists again; sitelink kept')
        return
      }
      await withTransaction(repoDb.pool, async tx => {
        if (job.task === 'wikibase:updateRepoOnMove') await addJob(tx, repoDb, job.task, job.params)
        else await addJob(tx, repoDb, job.task, job.params)
      })
    }
  })
}

async function pageExists (deps: PushUpdateRepoDeps, title: string): Promise<boolean> {
  const found = await deps.host?.services.pageIdsForTitles?.([title])
  return found !== undefined && found.size > 0
}
