import type pg from 'pg'

/**
 * Which queue a pool and queue schema reach, the same whatever connection string got there
 * (`localhost` or `127.0.0.1`, a host's pool or one opened here): the cluster's system
 * identifier, the database and the schema. Wikis with one identity share one queue, so one
 * runner per process serves them (shared-runner.ts).
 */
export async function queueIdentity (pool: pg.Pool, queueSchema: string): Promise<string> {
  const { rows } = await pool.query<{ cluster: string, database: string }>(
    'SELECT (SELECT system_identifier FROM pg_control_system())::text AS cluster, current_database() AS database')
  return JSON.stringify([rows[0]!.cluster, rows[0]!.database, queueSchema])
}
