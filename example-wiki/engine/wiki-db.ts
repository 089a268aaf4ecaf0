import pg from 'pg'

/** A wiki's database as the engine sees it: a pool and the schema of the engine's own tables. */
export interface WikiDb {
  pool: pg.Pool
  schema: string
}

/** A client that can run queries: the pool, or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient

/** `"schema"."table"` for the engine's tables. */
export function table (db: WikiDb, name: string): string {
  return `${pg.escapeIdentifier(db.schema)}.${pg.escapeIdentifier(name)}`
}

export async function inTransaction<T> (db: WikiDb, fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await db.pool.connect()
  try {
    await client.query('BEGIN')
    const result = await fn(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    client.release()
  }
}
