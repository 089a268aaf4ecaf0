import { Command } from 'commander'
import { openWiki, withConnectionFlags, type ConnectionFlags } from './wiki-connection.js'
import { resubmitChanges, type ResubmitResult } from '../plugin/repo/dispatch/change-resubmitter.js'
import { dispatchStats, type DispatchStats } from '../plugin/repo/dispatch/dispatch-stats.js'
import { tableName } from '../plugin/db/wiki-database.js'

export interface ResubmitFlags extends ConnectionFlags {
  minAge: string
}

/** `changes resubmit --min-age <s>` (ResubmitChanges.php): re-queue stuck changes of a repo. */
export async function runChangesResubmit (flags: ResubmitFlags): Promise<ResubmitResult> {
  const minimumAge = Number(flags.minAge)
  if (!Number.isInteger(minimumAge) || minimumAge < 0) throw new Error(`--min-age must be a whole number of seconds, got ${JSON.stringify(flags.minAge)}`)
  const db = openWiki(flags)
  try {
    return await resubmitChanges(db, minimumAge)
  } finally {
    await db.pool.end()
  }
}

/** `changes stats`: the dispatch backlog, as /wikibase/dispatch-stats shows it. */
export async function runChangesStats (flags: ConnectionFlags): Promise<DispatchStats> {
  const db = openWiki(flags)
  try {
    // Clients known from deliveries (pending or done): the CLI has no plugin configuration.
    const { rows } = await db.pool.query<{ site: string }>(
      `SELECT ds_site_id AS site FROM ${tableName(db, 'wb_dispatch_client_state')}
       UNION SELECT DISTINCT cd_site_id FROM ${tableName(db, 'wb_changes_delivery')} ORDER BY 1`)
    return await dispatchStats(db.pool, db, rows.map(r => r.site))
  } finally {
    await db.pool.end()
  }
}

export function addChangesCommands (program: Command): void {
  const changes = program.command('changes').description('The repo\'s change buffer (wb_changes) and its dispatch to clients')
  withConnectionFlags(changes.command('resubmit'))
    .description('Re-queue dispatch of changes older than --min-age that are still undelivered (also runs every 5 minutes in the worker)')
    .option('--min-age <seconds>', 'only changes at least this old', '86400')
    .action(async (flags: ResubmitFlags) => {
      const result = await runChangesResubmit(flags)
      process.stdout.write(`re-queued dispatch of ${result.shards.length} shards and delivery to ${result.clients.length} clients\n`)
    })
  withConnectionFlags(changes.command('stats'))
    .description('Print the dispatch backlog (rows, oldest age, per client) as JSON')
    .action(async (flags: ConnectionFlags) => {
      process.stdout.write(`${JSON.stringify(await runChangesStats(flags), null, 2)}\n`)
    })
}
