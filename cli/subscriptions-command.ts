import { Command } from 'commander'
import cliProgress from 'cli-progress'
import { openWiki, withConnectionFlags, type ConnectionFlags } from './wiki-connection.js'
import { orphanSubscribers, purgeSize, type SubscriberFootprint } from '../plugin/repo/dispatch/orphan-subscribers.js'
import { footprintOf, subscriberSites } from '../plugin/repo/dispatch/orphan-subscription-store.js'
import { purgeSubscriber } from '../plugin/repo/dispatch/orphan-sweep.js'
import { activeRemoteClientIds } from '../plugin/repo/remote-clients/active-remote-clients.js'
import { repairSubscriptions, type RepairResult } from '../plugin/client/usage/subscription-repair.js'
import { repairRemoteSubscriptions } from '../plugin/remote/subscription-sync.js'
import { repoHttp } from '../plugin/remote/repo-http.js'
import { resolveOptions } from '../plugin/options.js'

/**
 * `subscriptions list|purge`: what client wikis hold on the repo (wb_changes_subscription,
 * pending deliveries, usage counts), and purging what removed or closed wikis left (T292512).
 * The CLI has no plugin configuration: `--client` names the configured clients (every other
 * subscriber but the registered remote clients is an orphan), `--site` names sites to purge outright. The plugin sweeps orphans
 * itself at every start of the repo role (wikibase:sweepOrphanSubscriptions).
 */

export interface SubscriptionFlags extends ConnectionFlags {
  /** The configured clients: the others are orphans. */
  client?: string[]
  /** Sites to purge, whatever the configuration. */
  site?: string[]
  dryRun?: boolean
  progress?: boolean
  /** repair: the repo's database (default: the client's) and schema (default: the client's). */
  repoDatabase?: string
  repoSchema?: string
  /** repair of a remote-mode client: the repo's base URL, the client's token and the repo's site id. */
  repoUrl?: string
  repoToken?: string
  repoSiteId?: string
}

export interface Output { log: (line: string) => void }
const stdout: Output = { log: line => { process.stdout.write(`${line}\n`) } }

const SITE_ID = /^[A-Za-z0-9_-]{1,32}$/

function checkedSites (ids: readonly string[] | undefined, flag: string): string[] | undefined {
  if (ids === undefined) return undefined
  for (const id of ids) if (!SITE_ID.test(id)) throw new Error(`${flag} ${JSON.stringify(id)} is not a site id (letters, digits, _ and -, at most 32)`)
  return [...new Set(ids)].sort()
}

function describe (f: SubscriberFootprint): string {
  return `${f.subscriptions} subscriptions, ${f.deliveries} pending deliveries, ${f.usageCounts} usage counts`
}

/** `subscriptions list`: every subscriber site and what it holds; with --client, orphans marked. */
export async function runSubscriptionsList (flags: SubscriptionFlags, out: Output = stdout): Promise<Array<SubscriberFootprint & { orphan: boolean | null }>> {
  const clients = checkedSites(flags.client, '--client')
  const db = openWiki(flags)
  try {
    const listed: Array<SubscriberFootprint & { orphan: boolean | null }> = []
    // Registered remote clients are clients too (issue 19).
    const remote = new Set<string>(await activeRemoteClientIds(db.pool, db))
    for (const site of await subscriberSites(db.pool, db)) {
      const orphan = clients === undefined ? null : !clients.includes(site) && !remote.has(site)
      const footprint = await footprintOf(db.pool, db, site)
      listed.push({ ...footprint, orphan })
      out.log(`${site}: ${describe(footprint)}${orphan === true ? ' (orphan: not a configured client)' : ''}`)
    }
    if (listed.length === 0) out.log('no subscribers')
    return listed
  } finally {
    await db.pool.end()
  }
}

/**
 * `subscriptions purge`: with --client, every subscriber not named; with --site, the sites
 * named. One of them is required (nothing is purged by default). --dry-run only reports.
 */
export async function runSubscriptionsPurge (flags: SubscriptionFlags, out: Output = stdout): Promise<SubscriberFootprint[]> {
  const clients = checkedSites(flags.client, '--client')
  const sites = checkedSites(flags.site, '--site')
  if ((clients === undefined) === (sites === undefined)) {
    throw new Error('name the configured clients with --client <ids...> (the others are purged) or the sites to purge with --site <ids...>, not both')
  }
  const db = openWiki(flags)
  try {
    const found = await subscriberSites(db.pool, db)
    const targets = sites ?? orphanSubscribers(found, new Set([...clients ?? [], ...await activeRemoteClientIds(db.pool, db)]))
    const footprints: SubscriberFootprint[] = []
    for (const site of targets) footprints.push(await footprintOf(db.pool, db, site))
    if (flags.dryRun === true) {
      for (const f of footprints) out.log(`would purge ${f.site}: ${describe(f)}`)
      if (footprints.length === 0) out.log('nothing to purge')
      return footprints
    }
    const total = footprints.reduce((n, f) => n + purgeSize(f), 0)
    const purged = await withProgress(total, flags.progress, async onProgress => {
      const done: SubscriberFootprint[] = []
      for (const f of footprints) done.push(await purgeSubscriber(db, f.site, { onProgress: (_site, n) => onProgress?.(n) }))
      return done
    })
    for (const f of purged) out.log(`purged ${f.site}: ${describe(f)}`)
    if (purged.length === 0) out.log('nothing to purge')
    return purged
  } finally {
    await db.pool.end()
  }
}

/**
 * `subscriptions repair`, run on a client wiki (--database, --schema, --site-id are the
 * client's): its subscriptions and usage counts on the repo become exactly what its pages use.
 */
export async function runSubscriptionsRepair (flags: SubscriptionFlags, out: Output = stdout): Promise<RepairResult | { marked: number }> {
  if (flags.repoUrl !== undefined || flags.repoToken !== undefined) return await runRemoteRepair(flags, out)
  const client = openWiki(flags)
  const repoSchema = flags.repoSchema ?? flags.schema
  const repo = flags.repoDatabase === undefined
    ? { ...client, dataSchema: repoSchema }
    : openWiki({ ...flags, database: flags.repoDatabase, schema: repoSchema })
  try {
    const result = await repairSubscriptions(client, repo, client.siteId)
    out.log(`${client.siteId}: ${result.used} used entities subscribed and counted, ${result.dropped} unused subscriptions dropped`)
    return result
  } finally {
    await client.pool.end()
    if (repo.pool !== client.pool) await repo.pool.end()
  }
}

/**
 * `subscriptions repair --repo-url … --repo-token …` on a remote-mode client (issue 19): what
 * its pages use and what the repo lists for it (over the repo's subscription endpoint) are
 * marked in its outbox and sent (plugin/remote/subscription-sync.ts). The URL and token are
 * checked as the plugin checks its `repo` option.
 */
async function runRemoteRepair (flags: SubscriptionFlags, out: Output): Promise<{ marked: number }> {
  const client = openWiki(flags)
  try {
    const options = resolveOptions({
      siteId: client.siteId, roles: ['client'], pool: client.pool,
      repo: { siteId: flags.repoSiteId ?? 'repo', url: flags.repoUrl, token: flags.repoToken }
    })
    const remote = options.remoteRepo!
    const http = repoHttp(remote, { timeoutMs: options.client.remoteRepoTimeout, maxResponseBytes: options.client.remoteRepoMaxResponseBytes })
    const log = { debug: () => {}, warn: (_details: object, message: string) => { out.log(`warning: ${message}`) } }
    const result = await repairRemoteSubscriptions({ db: client, http, log })
    out.log(`${client.siteId}: ${result.marked} entities checked and sent to the repo at ${remote.url}`)
    return result
  } finally {
    await client.pool.end()
  }
}

/** A bar on stderr when it is a terminal and there is something to show. */
async function withProgress<T> (total: number, enabled: boolean | undefined, fn: (onProgress?: (removed: number) => void) => Promise<T>): Promise<T> {
  if (enabled === false || total === 0 || process.stderr.isTTY !== true) return await fn(undefined)
  const bar = new cliProgress.SingleBar({ format: 'rows [{bar}] {value}/{total}', stream: process.stderr }, cliProgress.Presets.shades_classic)
  bar.start(total, 0)
  try {
    return await fn(removed => { bar.increment(removed) })
  } finally {
    bar.stop()
  }
}

export function addSubscriptionsCommands (program: Command): void {
  const subscriptions = program.command('subscriptions')
    .description('What client wikis hold on the repo (subscriptions, pending deliveries, usage counts); purge closed or removed clients')
  withConnectionFlags(subscriptions.command('list'))
    .description('List every subscriber site of the repo with what it holds')
    .option('--client <ids...>', 'the configured clients; the others are marked as orphans')
    .action(async (flags: SubscriptionFlags) => { await runSubscriptionsList(flags) })
  withConnectionFlags(subscriptions.command('purge'))
    .description('Drop the subscriptions, pending deliveries and usage counts of orphan sites (the plugin also sweeps them at every start)')
    .option('--client <ids...>', 'the configured clients: every other subscriber is purged (but registered remote clients)')
    .option('--site <ids...>', 'purge exactly these sites')
    .option('--dry-run', 'only report what would be purged')
    .option('--no-progress', 'no progress bar')
    .action(async (flags: SubscriptionFlags) => { await runSubscriptionsPurge(flags) })
  withConnectionFlags(subscriptions.command('repair'))
    .description('On a client wiki: subscribe it again to every entity its pages use and drop what it holds for unused ones ' +
      '(page saves only write entities new to the wiki or gone from it)')
    .option('--repo-database <url>', 'connection string of the repo\'s database (default: the client\'s)')
    .option('--repo-schema <name>', 'schema of the repo\'s tables (default: --schema)')
    .option('--repo-url <url>', 'remote mode: the repo\'s base URL (with its routePrefix) instead of its database')
    .option('--repo-token <token>', 'remote mode: the client\'s token on the repo (from `clients add`)')
    .option('--repo-site-id <id>', 'remote mode: the repo\'s site id (default: repo)')
    .action(async (flags: SubscriptionFlags) => { await runSubscriptionsRepair(flags) })
}
