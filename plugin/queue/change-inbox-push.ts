import type { ClientBase } from 'pg'
import { tableName, type WikiDatabase } from '../db/wiki-database.js'
import { addJob } from './enqueue.js'

/**
 * Job key and graphile-worker named queue of a client's drain of one repo's changes: pushes
 * made while a drain waits collapse into it, and jobs of a named queue run one at a time, so
 * two drains of one inbox never overlap (order per entity). addJob scopes both to the client.
 */
export function inboxJobKey (repoSiteId: string): string {
  return `inbox:${repoSiteId}`
}

/** Queues the drain of `repoSiteId`'s rows in `client`'s inbox, in the caller's transaction. */
export async function queueInboxDrain (tx: ClientBase, client: Pick<WikiDatabase, 'siteId' | 'queueSchema'>, repoSiteId: string): Promise<void> {
  await addJob(tx, client, 'wikibase:handleInbox', { repoSiteId }, {
    jobKey: inboxJobKey(repoSiteId),
    jobKeyMode: 'preserve_run_at',
    queueName: inboxJobKey(repoSiteId)
  })
}

/**
 * Puts change rows (wb_changes rows as stored, any entities) into the client's
 * `wbc_change_inbox` and queues one drain, in the caller's transaction on the client's
 * database: rows and job commit together. A row already in the inbox (a replayed push) is
 * left as it is. This is the one place outside the client that writes its tables, as add_job
 * writes its queue; the client's reads are in plugin/client/changes/change-inbox-store.ts.
 */
export async function pushToInbox (
  tx: ClientBase, client: Pick<WikiDatabase, 'siteId' | 'queueSchema' | 'dataSchema'>, repoSiteId: string,
  rows: ReadonlyArray<{ id: number }>
): Promise<void> {
  if (rows.length === 0) return
  await tx.query(
    `INSERT INTO ${tableName(client, 'wbc_change_inbox')} (ci_repo_site_id, ci_change_id, ci_change)
     SELECT $1, (c->>'id')::bigint, c FROM jsonb_array_elements($2::jsonb) AS c
     ON CONFLICT DO NOTHING`, [repoSiteId, JSON.stringify(rows)])
  await queueInboxDrain(tx, client, repoSiteId)
}
