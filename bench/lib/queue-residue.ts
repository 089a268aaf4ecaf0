/**
 * What is left in the queues when a bench's deadline passes, per task: waiting (due now),
 * delayed (run_at in the future: a deferred job, or a retry's backoff), retried (attempts > 0,
 * with the last error), running (locked). Tells a slow drain from a stuck or failing job.
 */
import pg from 'pg'
import { distinctQueues, type Wiki } from './farm.js'

// A type, not an interface: printTable takes rows as records.
export type ResidueRow = {
  task: string
  jobs: number
  due: number
  delayed: number
  /** Seconds until the latest delayed job is due (0 without delayed jobs). */
  delayedUpToSeconds: number
  retried: number
  running: number
  lastError: string | null
}

export async function queueResidue (wikis: Wiki[]): Promise<ResidueRow[]> {
  const rows: ResidueRow[] = []
  for (const wiki of distinctQueues(wikis)) {
    const q = pg.escapeIdentifier(wiki.queueSchema)
    const result = await wiki.pool.query<ResidueRow>(`
      SELECT t.identifier AS task, count(*)::int AS jobs,
             count(*) FILTER (WHERE j.run_at <= now() AND j.locked_at IS NULL)::int AS due,
             count(*) FILTER (WHERE j.run_at > now())::int AS delayed,
             coalesce(round(extract(epoch FROM max(j.run_at) - now())::numeric, 1), 0)::float AS "delayedUpToSeconds",
             count(*) FILTER (WHERE j.attempts > 0)::int AS retried,
             count(*) FILTER (WHERE j.locked_at IS NOT NULL)::int AS running,
             left(max(j.last_error), 200) AS "lastError"
        FROM ${q}._private_jobs j JOIN ${q}._private_tasks t ON t.id = j.task_id
       WHERE j.attempts < j.max_attempts
       GROUP BY t.identifier ORDER BY t.identifier`)
    rows.push(...result.rows.map(r => ({ ...r, delayedUpToSeconds: Math.max(0, r.delayedUpToSeconds) })))
  }
  return rows
}
