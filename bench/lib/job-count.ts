/**
 * Jobs queued and jobs run, counted in the graphile-worker tables themselves, so the count
 * does not depend on where or by which runner the jobs ran: statement triggers with transition
 * tables on `<queue>._private_jobs` append one row per statement and task to
 * `bench_counts.jobs` in the queue's database — inserted rows are jobs queued (a keyed job
 * replaced in place is not a new one), deleted rows are jobs completed (graphile-worker deletes
 * a job when it succeeds; a permanently failed one stays). Append-only: concurrent completions
 * never wait on a counter row.
 */
import pg from 'pg'
import { distinctQueues, type Wiki } from './farm.js'

export interface JobCounts {
  queued: number
  run: number
  /** Per task identifier. */
  queuedByTask: Record<string, number>
  runByTask: Record<string, number>
}

/** Installs the counting triggers on every distinct queue of `wikis` (idempotent). */
export async function countJobs (wikis: Wiki[]): Promise<void> {
  for (const wiki of distinctQueues(wikis)) {
    const q = pg.escapeIdentifier(wiki.queueSchema)
    const fn = pg.escapeIdentifier(`count_${wiki.queueSchema}`)
    await wiki.pool.query(`
      CREATE SCHEMA IF NOT EXISTS bench_counts;
      CREATE TABLE IF NOT EXISTS bench_counts.jobs (queue text NOT NULL, task_id int NOT NULL, queued int NOT NULL, run int NOT NULL);
      CREATE OR REPLACE FUNCTION bench_counts.${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO bench_counts.jobs SELECT TG_TABLE_SCHEMA, task_id, count(*), 0 FROM added GROUP BY task_id;
        ELSE
          INSERT INTO bench_counts.jobs SELECT TG_TABLE_SCHEMA, task_id, 0, count(*) FROM gone GROUP BY task_id;
        END IF;
        RETURN NULL;
      END $$;
      DROP TRIGGER IF EXISTS bench_count_added ON ${q}._private_jobs;
      DROP TRIGGER IF EXISTS bench_count_gone ON ${q}._private_jobs;
      CREATE TRIGGER bench_count_added AFTER INSERT ON ${q}._private_jobs REFERENCING NEW TABLE AS added
        FOR EACH STATEMENT EXECUTE FUNCTION bench_counts.${fn}();
      CREATE TRIGGER bench_count_gone AFTER DELETE ON ${q}._private_jobs REFERENCING OLD TABLE AS gone
        FOR EACH STATEMENT EXECUTE FUNCTION bench_counts.${fn}();`)
  }
}

/** The counts so far, summed over the distinct queues of `wikis`. */
export async function jobCounts (wikis: Wiki[]): Promise<JobCounts> {
  const counts: JobCounts = { queued: 0, run: 0, queuedByTask: {}, runByTask: {} }
  for (const wiki of distinctQueues(wikis)) {
    const { rows } = await wiki.pool.query<{ task: string, queued: number, run: number }>(`
      SELECT t.identifier AS task, sum(c.queued)::int AS queued, sum(c.run)::int AS run
        FROM bench_counts.jobs c JOIN ${pg.escapeIdentifier(wiki.queueSchema)}._private_tasks t ON t.id = c.task_id
       WHERE c.queue = $1 GROUP BY 1`, [wiki.queueSchema])
    for (const r of rows) {
      counts.queued += r.queued
      counts.run += r.run
      counts.queuedByTask[r.task] = (counts.queuedByTask[r.task] ?? 0) + r.queued
      counts.runByTask[r.task] = (counts.runByTask[r.task] ?? 0) + r.run
    }
  }
  return counts
}

/** `after - before`, per task too. */
export function jobCountsSince (before: JobCounts, after: JobCounts): JobCounts {
  const minus = (a: Record<string, number>, b: Record<string, number>): Record<string, number> =>
    Object.fromEntries(Object.entries(a).map(([task, n]) => [task, n - (b[task] ?? 0)]).filter(([, n]) => n !== 0))
  return { queued: after.queued - before.queued, run: after.run - before.run, queuedByTask: minus(after.queuedByTask, before.queuedByTask), runByTask: minus(after.runByTask, before.runByTask) }
}
