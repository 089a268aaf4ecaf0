import pg from 'pg'
import type { FastifyBaseLogger } from 'fastify'
import { endPool } from './end-pool.js'

/**
 * Pools this process opened, per connection string, shared by every plugin instance that
 * asks for it (refcounted): a farm of 100 client wikis in one process, all reading one repo
 * database, holds one pool to it, not 100 (each of `max` connections, more than
 * PostgreSQL's max_connections has room for). The first instance's `max` sizes the pool.
 */
const shared = new Map<string, { pool: pg.Pool, users: number }>()

/**
 * One pg pool per database, shared by every wiki (schema) in it and by the job queue, and by
 * the other plugin instances of this process. Pools handed in by the host are used, never
 * ended; pools opened here are ended when the last instance using them closes.
 */
export class PoolSet {
  private readonly owned = new Map<string, pg.Pool>()

  constructor (private readonly log: FastifyBaseLogger, private readonly max: number) {}

  /** The pool of `connectionString`, opened on first use. */
  open (connectionString: string): pg.Pool {
    let pool = this.owned.get(connectionString)
    if (pool === undefined) {
      let entry = shared.get(connectionString)
      if (entry === undefined || entry.pool.ending || entry.pool.ended) {
        // A database that does not answer fails a connect after 10 s instead of hanging the job.
        entry = { pool: new pg.Pool({ connectionString, max: this.max, connectionTimeoutMillis: 10_000 }), users: 0 }
        watchPoolErrors(entry.pool, this.log)
        shared.set(connectionString, entry)
      }
      entry.users += 1
      pool = entry.pool
      this.owned.set(connectionString, pool)
    }
    return pool
  }

  async close (): Promise<void> {
    const strings = [...this.owned.keys()]
    this.owned.clear()
    const ending: pg.Pool[] = []
    for (const connectionString of strings) {
      const entry = shared.get(connectionString)
      if (entry === undefined) continue
      entry.users -= 1
      if (entry.users > 0) continue
      shared.delete(connectionString)
      ending.push(entry.pool)
    }
    await Promise.all(ending.map(endPool))
  }
}

const watched = new WeakSet<pg.Pool>()

/**
 * An idle client that loses its connection emits 'error' on the pool; without a listener
 * that is an uncaught exception that kills the process (graphile-worker warns about it).
 * The pool replaces such a client, and a query on a database that is really gone fails on
 * its own, so a warning is enough. The client's own listener logs (it also hears a client
 * that is checked out but idle, which the pool does not); the pool's only keeps the process
 * alive. Code and message only: pg-pool attaches the whole client (its cached SQL) to the error.
 */
export function watchPoolErrors (pool: pg.Pool, log: FastifyBaseLogger): void {
  if (watched.has(pool)) return
  watched.add(pool)
  pool.on('error', () => {})
  pool.on('connect', client => {
    let lost = false // the server's FATAL message, then often "Connection terminated unexpectedly": one line
    client.on('error', (err: Error & { code?: string }) => {
      if (lost) return
      lost = true
      log.warn({ code: err.code }, `fastify-wikibase: a database connection was lost: ${err.message}`)
    })
  })
}
