import type { ClientBase } from 'pg'
import type { WikiDatabase } from '../../db/wiki-database.js'
import type { StoredChangeRow } from '../../changes/stored-change.js'
import { addJob } from '../../queue/enqueue.js'

/** Rows as read from wb_changes: sent as they are stored. */
type Row = StoredChangeRow

/**
 * Puts changes (of one or many entities, in change order) on a client's own queue as one
 * entityChangeNotification. The caller marks them delivered in `repoTx` afterwards. On a
 * client in the repo's database the push is part of that transaction (exactly once);
 * elsewhere it commits first, so a crash before the repo commits means a second push: its job
 * key (same first and last change id) collapses into the first while that has not started,
 * and clients handle a replay idempotently.
 */
export async function pushChanges (repoTx: ClientBase, repo: WikiDatabase, client: WikiDatabase, rows: readonly Row[]): Promise<void> {
  const payload = { repoSiteId: repo.siteId, changes: [...rows] }
  const spec = { jobKey: `notify:${repo.siteId}:${rows[0]!.id}:${rows[rows.length - 1]!.id}`, jobKeyMode: 'preserve_run_at' as const }
  if (client.pool === repo.pool) {
    await addJob(repoTx, client, 'wikibase:entityChangeNotification', payload, spec)
    return
  }
  const conn = await client.pool.connect()
  try {
    await addJob(conn, client, 'wikibase:entityChangeNotification', payload, spec)
  } finally {
    conn.release()
  }
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
