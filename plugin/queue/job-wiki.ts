import type { SiteGlobalId } from '../../hooks/ids.js'

/**
 * Which wiki a queued job is for. Wikis that share a database and a queue schema share one
 * queue (and one runner per process, shared-runner.ts), so every job says whose it is, in a
 * way that any producer — this process or another, e.g. a repo pushing into a client
 * farm's queue — writes and any runner reads from the job alone:
 *  - a graphile-worker flag `wiki:<siteId>` (add_job's `flags`; the payload stays the task's own);
 *  - the job key, prefixed `<siteId>/`, which also keeps the keys of two wikis on one queue
 *    apart (`refreshLinks:7` of enwiki and of dewiki are two jobs). graphile-worker's crontab
 *    cannot set flags, so its jobs are known by their key alone.
 * A job with neither was queued before wikis were marked: it belongs to the queue's only wiki.
 */
const FLAG_PREFIX = 'wiki:'
// Site ids never hold '/' (options.ts SiteId), so the first '/' ends the prefix.
const SITE_ID = /^[A-Za-z0-9_-]{1,32}$/

export function wikiFlag (siteId: string): string {
  return FLAG_PREFIX + siteId
}

export function wikiJobKey (siteId: string, key: string): string {
  return `${siteId}/${key}`
}

/**
 * A graphile-worker named queue, scoped to the wiki like a job key: jobs of one named queue
 * run one at a time, so two wikis sharing a queue schema must not share `dispatch:3`.
 * addJob applies it to every `queueName`; call sites name the queue within their wiki only.
 */
export function wikiQueueName (siteId: string, queueName: string): string {
  return `${siteId}/${queueName}`
}

/** The parts of a graphile-worker job the mark is read from. */
export interface MarkedJob {
  flags: Readonly<Record<string, true>> | null
  key: string | null
}

/** The wiki a job is marked for, or null for an unmarked (older) job. */
export function jobWiki (job: MarkedJob): SiteGlobalId | null {
  for (const flag of Object.keys(job.flags ?? {})) {
    if (flag.startsWith(FLAG_PREFIX) && SITE_ID.test(flag.slice(FLAG_PREFIX.length))) return flag.slice(FLAG_PREFIX.length) as SiteGlobalId
  }
  const slash = job.key?.indexOf('/') ?? -1
  if (slash > 0) {
    const prefix = job.key!.slice(0, slash)
    if (SITE_ID.test(prefix)) return prefix as SiteGlobalId
  }
  return null
}
