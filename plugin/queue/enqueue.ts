import type { ClientBase } from 'pg'
import { queueFunction, type WikiDatabase } from '../db/wiki-database.js'
import type { TaskName, TaskPayload } from '../../jobs/task-payloads.js'

export interface JobSpec {
  /** Jobs with the same key collapse while pending (graphile-worker job_key). */
  jobKey?: string
  jobKeyMode?: 'replace' | 'preserve_run_at' | 'unsafe_dedupe'
  runAt?: Date
  maxAttempts?: number
  queueName?: string
}

/**
 * Queue a job with SQL `add_job` on the given client, so it commits or rolls back with the
 * caller's transaction (never a separate connection after commit: that could lose the job).
 */
export async function addJob<N extends TaskName> (
  client: ClientBase, db: Pick<WikiDatabase, 'queueSchema'>, task: N, payload: TaskPayload<N>, spec: JobSpec = {}
): Promise<void> {
  await client.query(
    `SELECT ${queueFunction(db, 'add_job')}(identifier => $1, payload => $2::json, queue_name => $3,
       run_at => $4, max_attempts => $5, job_key => $6, job_key_mode => $7)`,
    [task, JSON.stringify(payload), spec.queueName ?? null, spec.runAt ?? null, spec.maxAttempts ?? null,
      spec.jobKey ?? null, spec.jobKeyMode ?? (spec.jobKey === undefined ? null : 'replace')]
  )
}
