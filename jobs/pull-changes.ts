import type { ClientBase } from 'pg'
import type { FastifyBaseLogger } from 'fastify'
import { defineTask, type TaskDefinition } from '../plugin/queue/task-definition.js'
import { PullChangesPayload } from '../plugin/queue/task-payloads.js'
import { withTransaction, type WikiDatabase } from '../plugin/db/wiki-database.js'
import { addJob } from '../plugin/queue/enqueue.js'
import { advancePullCursor, readPullCursor } from '../plugin/client/remote/pull-cursor-store.js'
import { pullFeedPage } from '../plugin/client/remote/feed-pull.js'
import { acceptRemoteChanges } from '../plugin/client/remote/remote-inbox.js'
import type { CronItem } from './crontab.js'

/** What wikibase:pullChanges works with: a client in remote mode. */
export interface PullChangesDeps {
  /** The client's own database: its inbox, its cursor, its queue. */
  db: WikiDatabase
  /** The repo's site id (`repo.siteId`). */
  repoSiteId: string
  /** This client's site id: the feed's `subscriber`. */
  siteId: string
  /** The repo's base URL, its routePrefix included (`repo.url`). */
  repoUrl: string
  /** This client's token (`repo.token`). */
  token: string
  log: FastifyBaseLogger
}

/** Feed pages one run reads at most; more left: the run queues the next one. */
const MAX_PAGES_PER_RUN = 20
/** How long one page may take to come. */
const PAGE_TIMEOUT_MS = 15_000

/** The job key of a repo's pull: runs queued while one waits collapse into it. */
function pullJobKey (repoSiteId: string): string {
  return `pull-changes:${repoSiteId}`
}

/** Queues a pull of `repoSiteId`'s feed (at the worker's start, by hand), in the caller's transaction. */
export async function queuePullChanges (tx: ClientBase, db: Pick<WikiDatabase, 'siteId' | 'queueSchema'>, repoSiteId: string): Promise<void> {
  await addJob(tx, db, 'wikibase:pullChanges', { repoSiteId }, { jobKey: pullJobKey(repoSiteId), jobKeyMode: 'preserve_run_at' })
}

/**
 * The crontab line of a client in remote mode: a pull every minute, so a change whose push
 * failed, and whose delivery job the repo has not yet retried (or whose client was away),
 * arrives within a minute or so of the client being reachable.
 */
export function pullChangesCronItem (repoSiteId: string): CronItem {
  return { schedule: '* * * * *', task: 'wikibase:pullChanges', options: { max: 1, jobKey: pullJobKey(repoSiteId) }, payload: { repoSiteId } }
}

/**
 * wikibase:pullChanges (beyond Wikibase, issue 19): a client in remote mode catches up from
 * its repo's change feed — the changes to the entities it subscribes to, in feed (commit)
 * order, after its cursor (wbc_pull_cursor). Each page's changes not handled yet go into the
 * inbox exactly as a push puts them (pushToInbox: a change already there is left; one handled
 * meanwhile is dropped by the drain), and the cursor advances to the page's `continue` in the same
 * transaction — over entries filtered out for this client too. So after an outage nothing is
 * lost (the cursor only moves past what the inbox holds) and nothing is handled twice.
 * Without a cursor (the first run) the pull starts after the feed's newest entry: what came before was pushed.
 * Two runs at once only read the same pages twice. A failure (repo unreachable, refusal)
 * fails the job; graphile-worker retries it with backoff and the cron line runs it anyway.
 */
export function makePullChangesTask (deps: PullChangesDeps): TaskDefinition<typeof PullChangesPayload> {
  const { db, log } = deps
  return defineTask({
    name: 'wikibase:pullChanges',
    payload: PullChangesPayload,
    run: async ({ repoSiteId }) => {
      if (repoSiteId !== deps.repoSiteId) {
        log.warn({ repoSiteId }, 'pullChanges: not this wiki\'s repo; nothing pulled')
        return
      }
      let after = await readPullCursor(db.pool, db, repoSiteId)
      let pulled = 0
      for (let page = 1; page <= MAX_PAGES_PER_RUN; page++) {
        const read = await pullFeedPage({ repoUrl: deps.repoUrl, token: deps.token, siteId: deps.siteId, after, timeoutMs: PAGE_TIMEOUT_MS })
        const last = page === MAX_PAGES_PER_RUN
        const fresh = await withTransaction(db.pool, async tx => {
          const unhandled = await acceptRemoteChanges(tx, db, repoSiteId, read.changes)
          await advancePullCursor(tx, db, repoSiteId, read.next)
          if (read.more && last) await queuePullChanges(tx, db, repoSiteId)
          return unhandled.length
        })
        pulled += fresh
        after = read.next
        if (!read.more) break
      }
      log.debug({ repoSiteId, unhandled: pulled, cursor: after }, 'pullChanges: read the change feed')
    }
  })
}
