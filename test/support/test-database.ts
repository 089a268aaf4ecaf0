import pg from 'pg'
import tap from 'tap'
import { randomBytes } from 'node:crypto'
import { startCluster, type Cluster } from './postgres-cluster.js'
import { endPool } from '../../plugin/db/end-pool.js'

interface Teardown { teardown: (fn: () => unknown) => void }

let clusterPromise: Promise<Cluster> | undefined

/** The run's cluster (npm test sets DATABASE_URL); a file run on its own starts one for itself. */
async function cluster (): Promise<Cluster> {
  if (clusterPromise === undefined) {
    clusterPromise = startCluster()
    const c = await clusterPromise
    // Registered first, so it runs after the teardowns that drop this file's databases.
    if (c.source !== 'DATABASE_URL') tap.teardown(async () => { await c.stop() })
  }
  return await clusterPromise
}

function withDatabase (url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

/**
 * A new empty database for one test, dropped when the test file ends — after every subtest's
 * own teardown (closing apps and pools), so nothing is cut off while it still runs.
 */
export async function freshDatabase (_t: Teardown, label = 'test'): Promise<string> {
  const { url } = await cluster()
  const name = `wbt_${label.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 20)}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`)
  } finally {
    await admin.end()
  }
  tap.teardown(async () => { await dropDatabase(url, name) })
  return withDatabase(url, name)
}

/** How long the drop waits for the file's connections to close (pools end asynchronously). */
const DISCONNECT_WAIT_MS = 30_000

/**
 * Drops `name` once nothing is connected to it. Pools and apps are closed by then, but a
 * connection can still be on its way out (pg-pool's end() does not wait for the sockets,
 * and a loaded machine is slow to close them); FORCE would send it 57P01, which pg emits as
 * an 'error' that kills the file if its pool has no listener. Connections still there at the
 * deadline are a leak: named on stderr, then terminated.
 */
async function dropDatabase (url: string, name: string): Promise<void> {
  const dropper = new pg.Client({ connectionString: url, application_name: 'wikibase-test-drop' })
  dropper.on('error', () => {})
  await dropper.connect()
  try {
    const deadline = Date.now() + DISCONNECT_WAIT_MS
    for (;;) {
      const { rows } = await dropper.query<{ application_name: string, state: string | null }>(
        'SELECT application_name, state FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name])
      if (rows.length === 0) break
      if (Date.now() > deadline) {
        process.stderr.write(`# ${rows.length} connection(s) to ${name} left open by the test file (terminated now): ${rows.map(r => `${r.application_name === '' ? '(no application_name)' : r.application_name} ${r.state ?? ''}`).join(', ')}\n`)
        break
      }
      await new Promise(resolve => setTimeout(resolve, 50))
    }
    await dropper.query(`DROP DATABASE IF EXISTS ${dropper.escapeIdentifier(name)} WITH (FORCE)`)
  } finally {
    await dropper.end()
  }
}

/**
 * A pool for a test, ended (its connections closed) in teardown. Its 'error' listener keeps a
 * connection the server ends (a fault test, a forced drop) from killing the file.
 */
export function testPool (t: Teardown, connectionString: string, max = 4): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, application_name: 'wikibase-test' })
  pool.on('error', () => {})
  t.teardown(async () => { await endPool(pool) })
  return pool
}

/** Polls `check` until it returns a value other than undefined (or times out). */
export async function eventually<T> (check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise(resolve => setTimeout(resolve, 25))
  }
}

/** Jobs of one task in a graphile-worker queue schema (its private tables: the view hides payloads). */
export async function queuedJobs (pool: pg.Pool, queueSchema: string, task: string): Promise<Array<{ payload: any, attempts: number, key: string | null, last_error: string | null }>> {
  const q = pg.escapeIdentifier(queueSchema)
  const { rows } = await pool.query(
    `SELECT j.payload, j.attempts, j.key, j.last_error FROM ${q}._private_jobs j JOIN ${q}._private_tasks t ON t.id = j.task_id
      WHERE t.identifier = $1 ORDER BY j.id`, [task])
  return rows
}

/**
 * The client's set of pending page refreshes (migrations/client/040_pending_refresh.sql) in the
 * drain's order: priority first, then oldest first.
 */
export async function pendingRefreshes (pool: pg.Pool, dataSchema = 'public'): Promise<Array<{ id: number, namespace: number, title: string, priority: number, cause: any }>> {
  const { rows } = await pool.query(
    `SELECT pr_page_id AS id, pr_namespace AS namespace, pr_title AS title, pr_priority AS priority, pr_cause AS cause
       FROM ${pg.escapeIdentifier(dataSchema)}.wbc_pending_refresh ORDER BY pr_priority DESC, pr_queued_at, pr_page_id`)
  return rows
}

/** The page ids of the pending refreshes, ascending (where the order of the drain does not matter). */
export async function pendingRefreshPageIds (pool: pg.Pool, dataSchema = 'public'): Promise<number[]> {
  return (await pendingRefreshes(pool, dataSchema)).map(p => p.id).sort((a, b) => a - b)
}
