import type { ClientBase } from 'pg'
import type { FastifyBaseLogger } from 'fastify'
import type { WikiDatabase } from '../../db/wiki-database.js'
import type { StoredChangeRow } from '../../changes/stored-change.js'
import { isSiteGlobalId, type SiteGlobalId } from '../../../hooks/ids.js'
import { pushChanges, within } from './change-pusher.js'

/** What pushing a dispatch run to its clients needs. */
export interface ClientPushDeps {
  repo: WikiDatabase
  clients: ReadonlyMap<SiteGlobalId, WikiDatabase>
  log: FastifyBaseLogger
}

/** How long a dispatch waits for one client's database before leaving it to a delivery job. */
const INLINE_PUSH_TIMEOUT_MS = 3000

/**
 * Pushes each client its rows with one pushChanges call (rows of many entities, in change
 * order). Clients in the repo's database are pushed in `repoTx` (they share its connection:
 * one at a time); the others in parallel, each given 3 s, so a client that hangs holds no
 * other back. Returns who got their rows and who did not (their delivery job retries); a
 * target that is no configured client (a `dispatch:before` handler added it) is skipped.
 */
export async function pushToClients (
  repoTx: ClientBase, deps: ClientPushDeps, perClient: ReadonlyMap<string, readonly StoredChangeRow[]>
): Promise<{ delivered: string[], failed: string[] }> {
  const { repo } = deps
  const delivered: string[] = []
  const failed: string[] = []
  const targets = [...perClient].flatMap(([site, rows]) => {
    const client = isSiteGlobalId(site) ? deps.clients.get(site) : undefined
    if (client === undefined) deps.log.warn({ site }, 'dispatchChanges: target is not a configured client; skipped')
    return client === undefined || rows.length === 0 ? [] : [{ site, client, rows }]
  })
  const push = async ({ site, client, rows }: { site: string, client: WikiDatabase, rows: readonly StoredChangeRow[] }): Promise<void> => {
    try {
      const pushing = pushChanges(repoTx, repo, client, rows)
      await (client.pool === repo.pool ? pushing : within(INLINE_PUSH_TIMEOUT_MS, `pushing to ${site}`, pushing))
      delivered.push(site)
    } catch (error) {
      failed.push(site)
      deps.log.warn({ err: error, site, changes: rows.length }, 'dispatchChanges: client unreachable; its delivery job will retry')
    }
  }
  for (const target of targets.filter(c => c.client.pool === repo.pool)) await push(target)
  await Promise.all(targets.filter(c => c.client.pool !== repo.pool).map(push))
  return { delivered: delivered.sort(), failed: failed.sort() }
}
