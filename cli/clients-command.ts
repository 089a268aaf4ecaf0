import type { Command } from 'commander'
import { openWiki, withConnectionFlags, type ConnectionFlags } from './wiki-connection.js'
import {
  listRemoteClients, purgeRemoteClient, registerRemoteClient, renewRemoteClient, revokeRemoteClient, type RemoteClientListing
} from '../plugin/repo/remote-clients/remote-client-store.js'
import type { SubscriberFootprint } from '../plugin/repo/dispatch/orphan-subscribers.js'

/**
 * `clients add|list|remove`, run against the repo's database: the remote clients of the repo
 * (issue 19), client wikis outside its farm that subscribe and receive changes over HTTP.
 * `add` prints the client's token once; the repo keeps only its hash and the push key derived
 * from it (plugin/remote/credentials.ts), so a lost or leaked token is replaced by `renew`.
 */

export interface ClientsFlags extends ConnectionFlags {
  url?: string
  purge?: boolean
}

export interface Output { log: (line: string) => void }
const stdout: Output = { log: line => { process.stdout.write(`${line}\n`) } }

/** `clients add <siteId> --url <url>`: registers the client and prints its token, once. Returns the token. */
export async function runClientsAdd (siteId: string, flags: ClientsFlags, out: Output = stdout): Promise<string> {
  if (flags.url === undefined) throw new Error('--url <client base url> is required (the client wiki\'s base URL with its route prefix)')
  const db = openWiki(flags)
  try {
    const { client, token } = await registerRemoteClient(db, { siteId, pushUrl: flags.url })
    out.log(`registered remote client ${client.siteId}: changes are pushed to ${client.pushUrl}`)
    printToken(out, token)
    return token
  } finally {
    await db.pool.end()
  }
}

/** `clients renew <siteId> [--url <url>]`: a new token (the old one refused at once), printed once. Returns it. */
export async function runClientsRenew (siteId: string, flags: ClientsFlags, out: Output = stdout): Promise<string> {
  const db = openWiki(flags)
  try {
    const { client, token } = await renewRemoteClient(db, siteId, flags.url)
    out.log(`renewed remote client ${client.siteId}: the old token is refused from now on; changes are pushed to ${client.pushUrl}`)
    printToken(out, token)
    return token
  } finally {
    await db.pool.end()
  }
}

function printToken (out: Output, token: string): void {
  out.log(`token: ${token}`)
  out.log('This token cannot be shown again: configure the client wiki with it now (its `repo.token` option).')
}

const dash = (date: Date | null): string => date === null ? '-' : date.toISOString()

/** The rows as a table: site, url, created, revoked (no secret: the table holds none). */
export function clientsTable (clients: readonly RemoteClientListing[]): string[] {
  const rows = [['site', 'url', 'created', 'revoked'], ...clients.map(c => [c.siteId, c.pushUrl, dash(c.created), dash(c.revoked)])]
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map(row => row[column]!.length)))
  return rows.map(row => row.map((cell, column) => column === row.length - 1 ? cell : cell.padEnd(widths[column]!)).join('  '))
}

/** `clients list`: every registered remote client, revoked ones too. */
export async function runClientsList (flags: ClientsFlags, out: Output = stdout): Promise<RemoteClientListing[]> {
  const db = openWiki(flags)
  try {
    const clients = await listRemoteClients(db.pool, db)
    if (clients.length === 0) out.log('no remote clients')
    else for (const line of clientsTable(clients)) out.log(line)
    return clients
  } finally {
    await db.pool.end()
  }
}

/**
 * `clients remove <siteId>`: revokes the client (its token is refused from now on; the row
 * stays). With --purge: also drops its subscriptions, pending deliveries and usage counts,
 * and the row.
 */
export async function runClientsRemove (
  siteId: string, flags: ClientsFlags, out: Output = stdout
): Promise<SubscriberFootprint | null> {
  const db = openWiki(flags)
  try {
    if (flags.purge === true) {
      const removed = await purgeRemoteClient(db, siteId)
      out.log(`purged remote client ${siteId}: ${removed.subscriptions} subscriptions, ${removed.deliveries} pending deliveries, ` +
        `${removed.usageCounts} usage counts`)
      return removed
    }
    const revoked = await revokeRemoteClient(db.pool, db, siteId)
    out.log(`revoked remote client ${siteId} (since ${revoked.toISOString()}): its token is refused from now on; ` +
      'the next orphan sweep drops its subscriptions, --purge drops them and the registration now')
    return null
  } finally {
    await db.pool.end()
  }
}

export function addClientsCommands (program: Command): void {
  const clients = program.command('clients')
    .description('Remote client wikis of the repo: client wikis outside its database farm, connected over HTTP')
  withConnectionFlags(clients.command('add <siteId>'))
    .description('Register a remote client and print its token (shown this once)')
    .requiredOption('--url <url>', 'the client wiki\'s base URL incl. its route prefix (http:// or https://, no credentials, query or fragment)')
    .action(async (siteId: string, flags: ClientsFlags) => { await runClientsAdd(siteId, flags) })
  withConnectionFlags(clients.command('list'))
    .description('List the remote clients: site, URL, created, revoked (never a token)')
    .action(async (flags: ClientsFlags) => { await runClientsList(flags) })
  withConnectionFlags(clients.command('renew <siteId>'))
    .description('Give a remote client a new token (printed this once; the old one is refused at once), keeping its subscriptions')
    .option('--url <url>', 'also move its push URL')
    .action(async (siteId: string, flags: ClientsFlags) => { await runClientsRenew(siteId, flags) })
  withConnectionFlags(clients.command('remove <siteId>'))
    .description('Revoke a remote client: its token is refused from now on')
    .option('--purge', 'also drop its subscriptions, pending deliveries, usage counts and registration')
    .action(async (siteId: string, flags: ClientsFlags) => { await runClientsRemove(siteId, flags) })
}
