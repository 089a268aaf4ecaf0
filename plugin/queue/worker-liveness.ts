import { escapeIdentifier, type Pool } from 'pg'
import type { FastifyBaseLogger } from 'fastify'
import { queueFunction, tableName, type WikiDatabase } from '../db/wiki-database.js'

/**
 * A queue and where its workers' heartbeats are kept: the `wb_job_workers` of a wiki's data
 * schema, or of every wiki a shared runner serves (`dataSchemas`). A worker that beats in any
 * of them is alive, so two processes whose runners share at least one wiki see each other.
 */
type Db = Pick<WikiDatabase, 'dataSchema' | 'queueSchema'> & { dataSchemas?: readonly string[] }

const heartbeatTables = (db: Db): string[] => [...new Set(db.dataSchemas ?? [db.dataSchema])].map(dataSchema => tableName({ dataSchema }, 'wb_job_workers'))

export interface LivenessSettings {
  /** How often this process says its workers are alive. */
  heartbeatInterval: number
  /** A worker silent this long is dead: its locked jobs are freed for others to run again. */
  deadAfter: number
}

/** Records that these workers are alive now. */
export async function beat (pool: Pool, db: Db, workerIds: readonly string[]): Promise<void> {
  if (workerIds.length === 0) return
  for (const table of heartbeatTables(db)) {
    await pool.query(
      `INSERT INTO ${table} (jw_worker_id, jw_heartbeat_at) SELECT unnest($1::text[]), now()
       ON CONFLICT (jw_worker_id) DO UPDATE SET jw_heartbeat_at = now()`, [workerIds])
  }
}

export async function forget (pool: Pool, db: Db, workerIds: readonly string[]): Promise<void> {
  if (workerIds.length === 0) return
  for (const table of heartbeatTables(db)) await pool.query(`DELETE FROM ${table} WHERE jw_worker_id = ANY($1::text[])`, [workerIds])
}

/**
 * Workers holding locks on this queue that have not beaten for `deadAfterMs`. A worker
 * with no heartbeat row at all (killed before its first beat) counts as dead once its lock
 * is that old, so a worker that just started and locked a job is never taken for dead.
 */
export async function deadLockHolders (pool: Pool, db: Db, deadAfterMs: number): Promise<string[]> {
  const q = (name: string): string => `${escapeIdentifier(db.queueSchema)}.${escapeIdentifier(name)}`
  const beats = heartbeatTables(db).map(table => `SELECT jw_worker_id, jw_heartbeat_at FROM ${table}`).join(' UNION ALL ')
  const { rows } = await pool.query<{ worker: string }>(
    `WITH beats AS (SELECT jw_worker_id, max(jw_heartbeat_at) AS jw_heartbeat_at FROM (${beats}) b GROUP BY jw_worker_id),
     holders AS (
       SELECT locked_by, min(locked_at) AS since FROM ${q('_private_jobs')} WHERE locked_by IS NOT NULL GROUP BY locked_by
       UNION ALL
       SELECT locked_by, min(locked_at) FROM ${q('_private_job_queues')} WHERE locked_by IS NOT NULL GROUP BY locked_by)
     SELECT DISTINCT h.locked_by AS worker FROM holders h
       LEFT JOIN beats w ON w.jw_worker_id = h.locked_by
      WHERE coalesce(w.jw_heartbeat_at, h.since) < now() - make_interval(secs => $1::double precision / 1000)
      ORDER BY 1`, [deadAfterMs])
  return rows.map(r => r.worker)
}

/** Frees the jobs and job queues the dead workers locked (graphile-worker's force_unlock_workers). */
export async function unlockDeadWorkers (pool: Pool, db: Db, deadAfterMs: number): Promise<string[]> {
  const dead = await deadLockHolders(pool, db, deadAfterMs)
  if (dead.length === 0) return dead
  await pool.query(`SELECT ${queueFunction(db, 'force_unlock_workers')}($1::text[])`, [dead])
  await forget(pool, db, dead)
  return dead
}

export interface LivenessMonitor {
  stop: () => Promise<void>
}

/**
 * Beats for this process's workers and frees the locks of dead ones, once at start and
 * then every heartbeat. Every process does both, so a farm recovers from a crashed worker
 * process as soon as any other worker of the same queue is running.
 */
export function startLivenessMonitor (
  pool: Pool, wiki: Db, workerIds: () => readonly string[], settings: LivenessSettings, log: FastifyBaseLogger,
  dataSchemas?: () => readonly string[]
): LivenessMonitor {
  let running: Promise<void> = Promise.resolve()
  let db: Db = wiki
  const tick = (): void => {
    running = running.then(async () => {
      db = dataSchemas === undefined ? wiki : { ...wiki, dataSchemas: dataSchemas() }
      await beat(pool, db, workerIds())
      const freed = await unlockDeadWorkers(pool, db, settings.deadAfter)
      if (freed.length > 0) log.warn({ queue: db.queueSchema, workers: freed }, 'fastify-wikibase: freed the jobs of workers that stopped beating')
    }).catch(error => { log.error({ err: error, queue: db.queueSchema }, 'fastify-wikibase: worker heartbeat failed') })
  }
  tick()
  const timer = setInterval(tick, settings.heartbeatInterval)
  timer.unref()
  return {
    stop: async () => {
      clearInterval(timer)
      await running
      await forget(pool, db, workerIds()).catch(() => {})
    }
  }
}
