import pg from 'pg'
import type { FastifyBaseLogger } from 'fastify'
import { endPool } from './end-pool.js'

/**
 * One pg pool per database, shared by every wiki (schema) in it and by the job queue.
 * Pools handed in by the host are used, never ended; pools opened here are ended in close().
 */
export class PoolSet {
  private readonly owned = new Map<string, pg.Pool>()

  constructor (private readonly log: FastifyBaseLogger, private readonly max: number) {}

  /** The pool of `connectionString`, opened on first use. */
  open (connectionString: string): pg.Pool {
    let pool = this.owned.get(connectionString)
    if (pool === undefined) {
      // A database that does not answer fails a connect after 10 s instead of hanging the job.
      pool = new pg.Pool({ connectionString, max: this.max, connectionTimeoutMillis: 10_000 })
      watchPoolErrors(pool, this.log)
      this.owned.set(connectionString, pool)
    }
    return pool
  }

  async close (): Promise<void> {
    const pools = [...this.owned.values()]
    this.owned.clear()
    await Promise.all(pools.map(endPool))
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
