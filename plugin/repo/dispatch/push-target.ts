import type { ClientBase } from 'pg'
import type { WikiDatabase } from '../../db/wiki-database.js'
import type { StoredChangeRow } from '../../changes/stored-change.js'
import type { SiteGlobalId } from '../../../hooks/ids.js'
import { pushChanges, within } from './change-pusher.js'
import { findRemoteClients, type RemoteClient } from '../remote-clients/active-remote-clients.js'
import { pushToRemoteClient } from './remote-push.js'

/**
 * Where a client's changes go: a farm client's database (its inbox, written directly), or a
 * remote client's push endpoint over HTTP (issue 19). Dispatch and delivery branch on the
 * kind here only.
 */
export type PushTarget =
  | { kind: 'farm', site: string, db: WikiDatabase }
  | { kind: 'remote', site: string, client: RemoteClient }

/**
 * The targets of `sites`: configured farm clients first (a farm client's id cannot be a
 * remote client's: registration refuses it), then the registered, unrevoked remote clients,
 * read now (so registrations and revocations made while the repo runs count). Sites that
 * are neither are left out.
 */
export async function resolvePushTargets (
  q: ClientBase, repo: Pick<WikiDatabase, 'dataSchema'>, farm: ReadonlyMap<SiteGlobalId, WikiDatabase>, sites: Iterable<string>
): Promise<Map<string, PushTarget>> {
  const targets = new Map<string, PushTarget>()
  const rest: string[] = []
  for (const site of new Set(sites)) {
    const db = farm.get(site as SiteGlobalId)
    if (db === undefined) rest.push(site)
    else targets.set(site, { kind: 'farm', site, db })
  }
  for (const [site, client] of await findRemoteClients(q, repo, rest)) targets.set(site, { kind: 'remote', site, client })
  return targets
}

/** Whether pushing to `target` happens on the repo transaction's own connection (then one at a time). */
export function sharesRepoConnection (target: PushTarget, repo: WikiDatabase): boolean {
  return target.kind === 'farm' && target.db.pool === repo.pool
}

/**
 * Pushes `rows` (any entities, in change order) to one target. A farm client in the repo's
 * database is written in `repoTx`; another farm client in a transaction of its own; a remote
 * client by a signed HTTP push. `timeoutMs` bounds the wait for anything but the repo's own
 * database (null: no bound but the client's, as for delivery jobs to farm clients).
 * Resolves once the target holds the rows; throws otherwise.
 */
export async function pushToTarget (
  repoTx: ClientBase, repo: WikiDatabase, target: PushTarget, rows: readonly StoredChangeRow[], timeoutMs: number | null
): Promise<void> {
  if (target.kind === 'remote') {
    await pushToRemoteClient(target.client, repo.siteId, rows, timeoutMs ?? REMOTE_PUSH_TIMEOUT_MS)
    return
  }
  const pushing = pushChanges(repoTx, repo, target.db, rows)
  await (timeoutMs === null || sharesRepoConnection(target, repo) ? pushing : within(timeoutMs, `pushing to ${target.site}`, pushing))
}

/**
 * How long a delivery job waits for a remote client's answer. Longer than dispatch's inline
 * 3 s: the job exists for slow or recovering clients, and nothing else waits on it.
 */
export const REMOTE_PUSH_TIMEOUT_MS = 15_000
