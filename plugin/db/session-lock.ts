import type { Pool } from 'pg'

/**
 * Runs `fn` while this process holds PostgreSQL's session advisory lock `key`, on a connection
 * of its own kept for the lock (fn uses the pool as it likes). For work one process at a time
 * must do outside a single transaction, such as a sync that reads one database and writes
 * another in batches. A connection whose unlock failed is destroyed, not pooled still holding
 * the lock.
 */
export async function withSessionLock<T> (pool: Pool, key: string, fn: () => Promise<T>): Promise<T> {
  const holder = await pool.connect()
  let broken: Error | undefined
  try {
    await holder.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key])
    try {
      return await fn()
    } finally {
      await holder.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]).catch((err: Error) => { broken = err })
    }
  } finally {
    holder.release(broken)
  }
}
