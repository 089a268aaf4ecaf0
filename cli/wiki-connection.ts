import pg from 'pg'
import type { Command } from 'commander'
import type { WikiDatabase } from '../plugin/db/wiki-database.js'
import type { SiteGlobalId } from '../hooks/ids.js'

export interface ConnectionFlags {
  database?: string
  schema: string
  queueSchema: string
  siteId: string
}

/** The flags every command that talks to a wiki's database takes. */
export function withConnectionFlags (command: Command): Command {
  return command
    .option('--database <url>', 'connection string of the wiki\'s database (default: $DATABASE_URL)')
    .option('--schema <name>', 'schema of the wiki\'s tables', 'public')
    .option('--queue-schema <name>', 'schema of the wiki\'s job queue', 'wikibase_jobs')
    .option('--site-id <id>', 'the wiki\'s global site id', 'wiki')
}

/** Opens the wiki's database for one command; the caller ends the pool. */
export function openWiki (flags: ConnectionFlags): WikiDatabase {
  const connectionString = flags.database ?? process.env.DATABASE_URL
  if (connectionString === undefined || connectionString === '') {
    throw new Error('no database: pass --database <url> or set DATABASE_URL')
  }
  return {
    siteId: flags.siteId as SiteGlobalId,
    pool: openPool(connectionString, 4),
    dataSchema: flags.schema,
    queueSchema: flags.queueSchema
  }
}

/**
 * A pool for one command. A connection the server ends (restart, pg_terminate_backend) is
 * an 'error' on an idle client; unhandled, that would kill the command with a stack trace
 * instead of letting the next query fail with its own message.
 */
export function openPool (connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString, max })
  pool.on('error', error => { process.stderr.write(`fastify-wikibase: a database connection was lost: ${error.message}\n`) })
  return pool
}
