import type { ClientBase } from 'pg'
import { withTransaction, type WikiDatabase } from '../../db/wiki-database.js'
import type { StoredChangeRow } from '../../changes/stored-change.js'
import { pushToInbox } from '../../queue/change-inbox-push.js'

/** Rows as read from wb_changes: sent as they are stored. */
type Row = StoredChangeRow

/**
 * Puts changes (rows of any entities, in change id order) into the client's inbox
 * (`wbc_change_inbox`) and queues one `wikibase:handleInbox` drain, keyed per repo, on the
 * client's own queue. The caller marks them delivered in `repoTx` afterwards. On a client in
 * the repo's database the push is part of that transaction (exactly once); elsewhere rows and
 * job commit together in one transaction of the client's connection first, so a crash before
 * the repo commits means a second push: its rows are in the inbox already (or handled, and
 * the client drops them), and its job collapses into the pending drain.
 */
export async function pushChanges (repoTx: ClientBase, repo: WikiDatabase, client: WikiDatabase, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return
  if (client.pool === repo.pool) {
    await pushToInbox(repoTx, client, repo.siteId, rows)
    return
  }
  await withTransaction(client.pool, async tx => { await pushToInbox(tx, client, repo.siteId, rows) })
}

/** Rejects when `work` takes longer than `ms`: a client that hangs must not hold the others. */
export async function within<T> (ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => { reject(new Error(`${what}: no answer within ${ms} ms`)) }, ms)
  })
  try {
    return await Promise.race([work, timeout])
  } finally {
    clearTimeout(timer)
  }
}
