/**
 * The PostgreSQL cluster the benchmarks and fault tests run on (DATABASE_URL, else an
 * embedded one) and the admin statements that create and drop their databases.
 */
import pg from 'pg'
import { startCluster, type Cluster } from '../../test/support/postgres-cluster.js'

let clusterPromise: Promise<Cluster> | undefined

/** The cluster: DATABASE_URL, else an embedded PostgreSQL (stopped on exit). */
export async function cluster (): Promise<Cluster> {
  clusterPromise ??= startCluster()
  return await clusterPromise
}

export function withDatabase (url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

export async function adminQuery (sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const { url } = await cluster()
  const admin = new pg.Client({ connectionString: url, application_name: 'wikibase-bench-admin' })
  await admin.connect()
  try {
    return await admin.query(sql, params)
  } finally {
    await admin.end()
  }
}

export async function createDatabase (name: string): Promise<string> {
  await adminQuery(`CREATE DATABASE ${pg.escapeIdentifier(name)}`)
  return withDatabase((await cluster()).url, name)
}

export async function dropDatabase (name: string): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`)
}
