import type { Pool } from 'pg'
import type { Tx, WikiHost } from '../hooks/contract.js'
import { InvalidOptionError } from './errors.js'

/** Where a connection is: database, cluster (system identifier) and server port. */
export interface DatabaseIdentity {
  database: string
  systemIdentifier: string | null
  /** null over a Unix socket. */
  address: string | null
  port: number | null
}

const IDENTITY_SQL = `SELECT current_database() AS database, (SELECT system_identifier::text FROM pg_control_system()) AS system_identifier,
  host(inet_server_addr()) AS address, inet_server_port() AS port`

async function identityOf (client: Pick<Tx, 'query'>): Promise<DatabaseIdentity> {
  const { rows } = await client.query<{ database: string, system_identifier: string | null, address: string | null, port: number | null }>(IDENTITY_SQL)
  const row = rows[0]!
  return { database: row.database, systemIdentifier: row.system_identifier, address: row.address, port: row.port }
}

/**
 * Whether two connections reach the same database: the same name on the same cluster (its
 * system identifier, unique per initdb) and port. The server address is compared only when
 * the cluster cannot be told (one server reached as 127.0.0.1 and over a socket is one).
 */
export function sameDatabase (a: DatabaseIdentity, b: DatabaseIdentity): boolean {
  if (a.database !== b.database) return false
  if (a.systemIdentifier !== null && b.systemIdentifier !== null) {
    return a.systemIdentifier === b.systemIdentifier && (a.port === null || b.port === null || a.port === b.port)
  }
  return a.address === b.address && a.port === b.port
}

const describe = (id: DatabaseIdentity): string =>
  `database "${id.database}" on ${id.address ?? 'a local socket'}${id.port === null ? '' : `:${id.port}`}`

/**
 * Fail fast: the host's `transaction` must run on the plugin's database, because the plugin
 * writes its rows (changes, jobs, usages) with the `tx` the host hands it, and hands the host
 * its own transactions (`recordEntityEdit`, `insertRecentChanges`). One host transaction at
 * registration, compared with the plugin's pool.
 */
export async function assertHostUsesPluginDatabase (host: WikiHost, pool: Pool): Promise<void> {
  let hostIdentity: DatabaseIdentity
  try {
    hostIdentity = await host.services.transaction(async tx => {
      if (typeof (tx as Partial<Tx> | undefined)?.query !== 'function') {
        throw new InvalidOptionError('host.services.transaction', 'must call fn with a pg client in an open transaction (a PoolClient after BEGIN)')
      }
      return await identityOf(tx)
    })
  } catch (err) {
    if (err instanceof InvalidOptionError) throw err
    const reason = err instanceof Error ? err.message : String(err)
    throw new InvalidOptionError('host.services.transaction', `failed when the plugin opened a transaction to check the host's database: ${reason}`)
  }
  const plugin = await identityOf(pool)
  if (!sameDatabase(hostIdentity, plugin)) {
    throw new InvalidOptionError('host.services.transaction',
      `runs on ${describe(hostIdentity)}, the plugin on ${describe(plugin)}: the host's tables and the plugin's must be in one database. ` +
      'Pass the host\'s pg pool as the plugin\'s `pool` option (or register @fastify/postgres with it and give neither `pool` nor `database`), ' +
      'or give `database` the connection string of the host\'s database')
  }
}
