import { join } from 'node:path'
import { runner } from 'node-pg-migrate'
import { runMigrations as runQueueMigrations } from 'graphile-worker'
import type { FastifyBaseLogger } from 'fastify'
import type { WikiDatabase } from './wiki-database.js'
import type { Role } from '../options.js'
import { graphileLogger } from '../queue/graphile-logger.js'
import { PACKAGE_ROOT } from '../package-root.js'

// The SQL files ship beside dist/ in the package (package.json `files`), at the package root.
const MIGRATIONS_DIR = join(PACKAGE_ROOT, 'migrations')

/** Migration sets in the order they apply; a role's tables exist only on wikis with that role. */
export function migrationSetsFor (roles: ReadonlySet<Role>): string[] {
  return ['shared', ...(['repo', 'client'] as const).filter(role => roles.has(role))]
}

/**
 * Bring a wiki's schema and job queue up to date. Idempotent; processes starting at the
 * same time wait for each other on an advisory lock held for the whole run, so exactly
 * one applies each migration and the others find nothing to do.
 */
export async function migrateWiki (db: WikiDatabase, roles: ReadonlySet<Role>, log: FastifyBaseLogger): Promise<void> {
  const client = await db.pool.connect()
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`fastify-wikibase:migrate:${db.dataSchema}`])
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${client.escapeIdentifier(db.dataSchema)}`)
      for (const set of migrationSetsFor(roles)) {
        const applied = await runner({
          dbClient: client,
          dir: join(MIGRATIONS_DIR, set),
          migrationsTable: `wb_migrations_${set}`,
          schema: db.dataSchema,
          direction: 'up',
          count: Infinity,
          singleTransaction: true,
          noLock: true,
          checkOrder: true,
          log: message => log.debug({ migrations: set }, message)
        })
        if (applied.length > 0) log.info({ schema: db.dataSchema, migrations: applied.map(m => m.name) }, `fastify-wikibase: applied ${set} migrations`)
      }
      // node-pg-migrate leaves search_path pointing at the schema; reset the pooled client.
      await client.query('RESET search_path')
      await runQueueMigrations({ pgPool: db.pool, schema: db.queueSchema, logger: graphileLogger(log) })
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`fastify-wikibase:migrate:${db.dataSchema}`])
    }
  } finally {
    client.release()
  }
}
