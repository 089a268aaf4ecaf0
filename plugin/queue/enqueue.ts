import type { ClientBase } from 'pg'
import { queueFunction, type WikiDatabase } from '../db/wiki-database.js'
import type { TaskName, TaskPayload } from './task-payloads.js'
import { wikiFlag, wikiJobKey, wikiQueueName } from './job-wiki.js'

/** The queue a job goes to and the wiki it is for (job-wiki.ts: several wikis may share one queue). */
type TargetQueue = Pick<WikiDatabase, 'siteId' | 'queueSchema'>

export interface JobSpec {
  /** Jobs with the same key collapse while pending (graphile-worker job_key; stored prefixed with the wiki). */
  jobKey?: string
  jobKeyMode?: 'replace' | 'preserve_run_at' | 'unsafe_dedupe'
  runAt?: Date
  maxAttempts?: number
  /** A graphile-worker named queue (jobs run one at a time); stored prefixed with the wiki, as the key. */
  queueName?: string
}

/**
 * graphile-worker's add_job first frees the key of a job that is already running, then
 * inserts with ON CONFLICT (key) DO UPDATE … WHERE locked_at IS NULL. A worker that locks the
 * keyed job between those two statements makes the insert do nothing and add_job return
 * NULL (graphile-worker issue #580): the running job started before this transaction
 * commits, so it cannot see the write this job was for, and the work would be lost. Seen
 * here on a quarter of the calls under contention. Calling again in the same transaction
 * frees the now-locked job's key and inserts; the cap only guards against a livelock.
 */
const MAX_ADD_JOB_ATTEMPTS = 20

/**
 * Queue a job with SQL `add_job` on the given client, so it commits or rolls back with the
 * caller's transaction (never a separate connection after commit: that could lose the job).
 */
export async function addJob<N extends TaskName> (
  client: ClientBase, db: TargetQueue, task: N, payload: TaskPayload<N>, spec: JobSpec = {}
): Promise<void> {
  const call = addJobCall(db, task, payload, spec, 1)
  for (let attempt = 1; attempt <= MAX_ADD_JOB_ATTEMPTS; attempt++) {
    const { rows } = await client.query<{ id: string | null }>(`SELECT (${call.sql}).id AS id`, call.params)
    if (rows[0]?.id !== null && rows[0]?.id !== undefined) return
  }
  throw new Error(`add_job for ${task} (job key ${spec.jobKey ?? 'none'}) queued nothing in ${MAX_ADD_JOB_ATTEMPTS} attempts`)
}

/**
 * The SQL `add_job(…)` call of addJob, its parameters numbered from `firstParam`: for a
 * statement that queues its job itself (one round trip fewer). The caller checks the job id
 * and falls back to addJob when it is NULL (graphile-worker #580, above).
 */
export function addJobCall<N extends TaskName> (
  db: TargetQueue, task: N, payload: TaskPayload<N>, spec: JobSpec, firstParam: number
): { sql: string, params: unknown[] } {
  const queueName = spec.queueName === undefined ? null : wikiQueueName(db.siteId, spec.queueName)
  const p = (i: number): string => `$${firstParam + i}`
  return {
    sql: `${queueFunction(db, 'add_job')}(identifier => ${p(0)}, payload => ${p(1)}::json, queue_name => ${p(2)},
         run_at => ${p(3)}, max_attempts => ${p(4)}, job_key => ${p(5)}, job_key_mode => ${p(6)}, flags => ${p(7)}::text[])`,
    params: [task, JSON.stringify(payload), queueName, spec.runAt ?? null, spec.maxAttempts ?? null,
      spec.jobKey === undefined ? null : wikiJobKey(db.siteId, spec.jobKey), spec.jobKeyMode ?? (spec.jobKey === undefined ? null : 'replace'),
      [wikiFlag(db.siteId)]]
  }
}

export interface BatchJob<N extends TaskName> {
  payload: TaskPayload<N>
  /** Jobs with the same key collapse while pending (the new payload wins, run_at is kept). */
  jobKey?: string
}

/**
 * Queue many jobs of one task with one SQL `add_jobs` call, in the caller's transaction. One
 * call per batch, not one per job: per-job calls in a transaction that queues 100,000 jobs
 * slow down with every job it adds. Keys are unique per call (the last payload of a key
 * wins); keyed jobs that add_jobs skipped because their key's job got locked mid-call
 * (graphile-worker #580, see addJob) are queued again.
 */
export async function addJobs<N extends TaskName> (
  client: ClientBase, db: TargetQueue, task: N, jobs: ReadonlyArray<BatchJob<N>>
): Promise<void> {
  const keyed = new Map(jobs.flatMap(job => job.jobKey === undefined ? [] : [[wikiJobKey(db.siteId, job.jobKey), job.payload] as const]))
  let specs = [
    ...jobs.filter(job => job.jobKey === undefined).map(job => ({ key: null, payload: job.payload })),
    ...[...keyed].map(([key, payload]) => ({ key, payload }))
  ]
  for (let attempt = 1; attempt <= MAX_ADD_JOB_ATTEMPTS && specs.length > 0; attempt++) {
    const { rows } = await client.query<{ key: string | null }>(
      `SELECT j.key FROM ${queueFunction(db, 'add_jobs')}(
         array(SELECT ROW($1::text, s.payload, NULL, NULL, NULL, s.key, NULL, $3::text[])::${queueFunction(db, 'job_spec')}
                 FROM json_to_recordset($2::json) AS s(key text, payload json)),
         true) AS j`, [task, JSON.stringify(specs), [wikiFlag(db.siteId)]])
    for (const row of rows) if (row.key !== null) keyed.delete(row.key)
    specs = [...keyed].map(([key, payload]) => ({ key, payload }))
  }
  if (specs.length > 0) throw new Error(`add_jobs for ${task} queued nothing for ${specs.length} keys in ${MAX_ADD_JOB_ATTEMPTS} attempts`)
}
