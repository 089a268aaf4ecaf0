import { createHash } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { startLocalPostgres } from './postgres/local-postgres.js'

export const POSTGRES_PORT = { role: "the farm's embedded PostgreSQL", variable: 'EXAMPLE_PG_PORT' } as const
export const ANOTHER_FARM = 'Is another `npm run example` running?'
const DEFAULT_DATA_DIR = fileURLToPath(new URL('.data/', import.meta.url))

export interface FarmDatabaseSettings {
  /** DATABASE_URL: a PostgreSQL server to use instead of the embedded one. */
  server?: string
  /** EXAMPLE_DATA_DIR: where the embedded cluster keeps its data between runs. */
  dataDir?: string
  /** EXAMPLE_PG_PORT: the embedded cluster's port. */
  port: number
  onNotice: (message: string) => void
}

export interface FarmDatabases {
  urls: Map<string, string>
  /** Where the data is, for the start-up message. */
  description: string
  stop: () => Promise<void>
}

/**
 * The farm's PostgreSQL: DATABASE_URL when given, else an embedded cluster whose data is
 * kept in example-wiki/.data (EXAMPLE_DATA_DIR) between runs. Returns a connection string
 * per wiki database.
 */
export async function farmDatabases (names: string[], settings: FarmDatabaseSettings): Promise<FarmDatabases> {
  const server = settings.server ?? ''
  const embedded = server === '' ? await startEmbedded(settings) : null
  const base = embedded?.url ?? server
  const stop = async (): Promise<void> => { await embedded?.stop() }
  try {
    const admin = new pg.Client({ connectionString: base })
    admin.on('error', () => {}) // a failed query rejects; the connection's own failure is reported there too
    await admin.connect()
    const urls = new Map<string, string>()
    try {
      for (const name of names) {
        const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
        if (rowCount === 0) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`)
        const url = new URL(base)
        url.pathname = `/${name}`
        urls.set(name, url.toString())
      }
    } finally {
      await admin.end()
    }
    const description = embedded === null ? 'DATABASE_URL' : `embedded PostgreSQL on port ${settings.port}, data in ${embedded.root} (log: ${embedded.logFile})`
    return { urls, description, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

async function startEmbedded (settings: FarmDatabaseSettings): ReturnType<typeof startLocalPostgres> {
  const root = resolve(settings.dataDir ?? DEFAULT_DATA_DIR)
  return await startLocalPostgres({
    root,
    // As root, PostgreSQL runs as `postgres`: a checkout under a 0700 directory is out of its reach.
    fallbackRoot: join(tmpdir(), `fastify-wikibase-example-${createHash('sha256').update(root).digest('hex').slice(0, 12)}`),
    port: settings.port,
    portRole: POSTGRES_PORT.role,
    portVariable: POSTGRES_PORT.variable,
    portQuestion: ANOTHER_FARM,
    rootVariable: 'EXAMPLE_DATA_DIR',
    persistent: true,
    onNotice: settings.onNotice
  })
}
