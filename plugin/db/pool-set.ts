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
 * its own, so a warning is enough. Only code and message are logged: pg-pool attaches the
 * whole client (with its cached SQL) to the error.
 */
export function watchPoolErrors (pool: pg.Pool, log: FastifyBaseLogger): void {
  if (watched.has(pool)) return
  watched.add(pool)
  const warn = (what: string) => (err: Error & { code?: string }): void => {
    log.warn({ err: { message: err.message, code: err.code } }, `fastify-wikibase: ${what} lost its connection`)
  }
  pool.on('error', warn('idle database client'))
  pool.on('connect', client => client.on('error', warn('database client')))
}
