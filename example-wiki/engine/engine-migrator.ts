import { fileURLToPath } from 'node:url'
import { runner } from 'node-pg-migrate'
import type { WikiDb } from './wiki-db.js'

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url))

/**
 * Brings the engine's own tables (schema `db.schema`) up to date: numbered SQL files run by
 * node-pg-migrate under an advisory lock, as the plugin does for its tables.
 */
export async function migrateEngine (db: WikiDb): Promise<string[]> {
  const client = await db.pool.connect()
  const lock = `example-wiki:migrate:${db.schema}`
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [lock])
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${client.escapeIdentifier(db.schema)}`)
      const applied = await runner({
        dbClient: client,
        dir: MIGRATIONS_DIR,
        migrationsTable: 'wiki_migrations',
        schema: db.schema,
        direction: 'up',
        count: Infinity,
        singleTransaction: true,
        noLock: true,
        checkOrder: true,
        log: () => {}
      })
      await client.query('RESET search_path')
      return applied.map(m => m.name)
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lock])
    }
  } finally {
    client.release()
  }
}
