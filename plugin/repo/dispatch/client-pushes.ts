import type { ClientBase } from 'pg'
import type { FastifyBaseLogger } from 'fastify'
import type { WikiDatabase } from '../../db/wiki-database.js'
import type { StoredChangeRow } from '../../changes/stored-change.js'
import { pushToTarget, sharesRepoConnection, type PushTarget } from './push-target.js'

/** What pushing a dispatch run to its clients needs. */
export interface ClientPushDeps {
  repo: WikiDatabase
  log: FastifyBaseLogger
}

/** How long a dispatch waits for one client (its database, or a remote client's answer) before leaving it to a delivery job. */
const INLINE_PUSH_TIMEOUT_MS = 3000

/**
 * Pushes each client its rows with one push (rows of many entities, in change order).
 * Clients in the repo's database are pushed in `repoTx` (they share its connection: one at a
 * time); the others — farm clients elsewhere and remote clients over HTTP — in parallel,
 * each given 3 s, so a client that hangs holds no other back. Returns who got their rows and
 * who did not (their delivery job retries); a site with no target (a `dispatch:before`
 * handler added it, or it is neither a configured nor a registered client) is skipped.
 */
export async function pushToClients (
  repoTx: ClientBase, deps: ClientPushDeps, perClient: ReadonlyMap<string, readonly StoredChangeRow[]>, targets: ReadonlyMap<string, PushTarget>
): Promise<{ delivered: string[], failed: string[] }> {
  const { repo } = deps
  const delivered: string[] = []
  const failed: string[] = []
  const work = [...perClient].flatMap(([site, rows]) => {
    const target = targets.get(site)
    if (target === undefined) deps.log.warn({ site }, 'dispatchChanges: target is not a configured client; skipped')
    return target === undefined || rows.length === 0 ? [] : [{ target, rows }]
  })
  const push = async ({ target, rows }: { target: PushTarget, rows: readonly StoredChangeRow[] }): Promise<void> => {
    try {
      await pushToTarget(repoTx, repo, target, rows, INLINE_PUSH_TIMEOUT_MS)
      delivered.push(target.site)
    } catch (error) {
      failed.push(target.site)
      // The error names the site and the cause, never the body.
      deps.log.warn({ err: error, site: target.site, changes: rows.length }, 'dispatchChanges: client unreachable; its delivery job will retry')
    }
  }
  for (const item of work.filter(w => sharesRepoConnection(w.target, repo))) await push(item)
  await Promise.all(work.filter(w => !sharesRepoConnection(w.target, repo)).map(push))
  return { delivered: delivered.sort(), failed: failed.sort() }
}
