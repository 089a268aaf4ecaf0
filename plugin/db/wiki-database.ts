import type pg from 'pg'
import { escapeIdentifier } from 'pg'
import type { SiteGlobalId } from '../../hooks/ids.js'
import { closeBeforeCommit, openBeforeCommit, runBeforeCommit } from './before-commit.js'

/**
 * A wiki's place in PostgreSQL: its pool, the schema of its tables and the schema of its
 * job queue. Several wikis may share one database with a schema each (tests, small farms).
 */
export interface WikiDatabase {
  siteId: SiteGlobalId
  pool: pg.Pool
  dataSchema: string
  queueSchema: string
}

/**
 * Schema-qualified table name for SQL text. Schema names come from validated options
 * (lower-case identifiers), never from request input; values always go in as parameters.
 */
/** Anything SQL can be sent through: a pool, or a client (inside a transaction or not). */
export type Queryable = Pick<pg.ClientBase, 'query'> | pg.Pool

export function tableName (db: Pick<WikiDatabase, 'dataSchema'>, table: string): string {
  return `${escapeIdentifier(db.dataSchema)}.${escapeIdentifier(table)}`
}

export function queueFunction (db: Pick<WikiDatabase, 'queueSchema'>, fn: string): string {
  return `${escapeIdentifier(db.queueSchema)}.${escapeIdentifier(fn)}`
}

export async function withTransaction<T> (pool: pg.Pool, fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    openBeforeCommit(client)
    const result = await fn(client)
    await runBeforeCommit(client)
    await client.query('COMMIT')
    return result
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    closeBeforeCommit(client)
    client.release()
  }
}
