import Value from 'typebox/value'
import { withTransaction } from '../../db/wiki-database.js'
import type { StoredChangeRow } from '../../changes/stored-change.js'
import { ChangeRowFields } from '../../queue/task-payloads.js'
import { queueInboxDrain } from '../../queue/change-inbox-push.js'
import type { ClientSettings } from '../../options.js'
import { deleteInboxRows, lockOldestInboxRows, type InboxRow } from './change-inbox-store.js'
import { handleChangesIn, type ChangeHandlerDeps, type HandledChange } from './change-handler.js'

/** What a drain works with: the change handler's deps and the batch size. */
export interface InboxDrainDeps extends ChangeHandlerDeps {
  inboxSettings: Pick<ClientSettings, 'inboxBatchSize'>
}

export interface InboxDrainResult {
  /** Inbox rows taken (and deleted) by this drain. */
  rows: number
  handled: HandledChange[]
  /** Whether rows remained, so the drain queued itself again. */
  requeued: boolean
}

/**
 * One run of wikibase:handleInbox: in one transaction of the client's database, the oldest
 * `inboxBatchSize` rows `repoSiteId` pushed are locked, handled as one batch (replays dropped,
 * runs coalesced across the batch, page updates merged), and deleted; when rows remain the
 * drain queues itself again in the same transaction. A crash anywhere rolls all of it back:
 * the job runs again and handles the same rows, exactly once.
 */
export async function drainInbox (repoSiteId: string, deps: InboxDrainDeps): Promise<InboxDrainResult> {
  const self = deps.db
  return await withTransaction(self.pool, async tx => {
    const locked = await lockOldestInboxRows(tx, self, repoSiteId, deps.inboxSettings.inboxBatchSize)
    if (locked.length === 0) return { rows: 0, handled: [], requeued: false }
    const rows = validRows(locked, message => deps.log.warn({ repoSiteId }, message))
    const handled = rows.length === 0 ? [] : await handleChangesIn(tx, rows, repoSiteId, deps)
    const requeued = await deleteInboxRows(tx, self, repoSiteId, locked.map(r => r.id))
    if (requeued) await queueInboxDrain(tx, self, repoSiteId)
    return { rows: locked.length, handled, requeued }
  })
}

/**
 * The rows that are wb_changes rows under their own id. Anything else was not written by a
 * repo's push (or by one of another version): it is told about and dropped with the batch.
 */
function validRows (rows: readonly InboxRow[], warn: (message: string) => void): StoredChangeRow[] {
  return rows.flatMap(row => {
    if (Value.Check(ChangeRowFields, row.change) && row.change.id === row.id) return [row.change]
    warn(`handleInbox: inbox row ${row.id} is no change row; dropped`)
    return []
  })
}
