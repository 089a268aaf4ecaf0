import type { FastifyBaseLogger } from 'fastify'
import type { HostServices, PageLifecycleInfo, PageRef, Tx } from '../../../hooks/contract.js'
import type { EntityId } from '../../../hooks/ids.js'
import type { WikiDatabase } from '../../db/wiki-database.js'
import { addJob } from '../../queue/enqueue.js'
import type { RepoReader } from '../../repo-reader/repo-reader.js'
import {
  decideOnDelete, decideOnMove, sitelinkTextOf, type ActingUser, type UpdateRepoContext, type UpdateRepoDecision
} from './update-repo-decision.js'

/** What the client's UpdateRepoHookHandler works with. */
export interface UpdateRepoHookDeps {
  /** This client's database: the push job goes on its queue, in the host's transaction. */
  db: WikiDatabase
  settings: { propagateChangesToRepo: boolean }
  repoReader: Pick<RepoReader, 'itemIdForSiteLink'>
  host: { services: Pick<HostServices, 'centralUserId'> } | undefined
  log: FastifyBaseLogger
}

/**
 * Pages of the main namespace are the ones this client connects to items (its sitelink
 * titles, client-parse-session.ts `sitelinkTitleOf`): Wikibase's NamespaceChecker with the
 * client's content namespaces enabled.
 */
export const isWikibaseEnabled = (namespace: number): boolean => namespace === 0

/**
 * Client PageMoveComplete → UpdateRepoOnMove (or OnDelete) queued for the repo. The repo may
 * live in another database, which this transaction cannot write: a local job
 * (`wikibase:pushUpdateRepo`, queued here so it commits with the move) puts the repo job on the
 * repo's queue (jobs/push-update-repo.ts).
 */
export async function pushMoveToRepo (deps: UpdateRepoHookDeps, from: PageRef, to: PageRef, tx: Tx, info: PageLifecycleInfo | undefined): Promise<void> {
  if (info === undefined) return
  const ctx = await contextFor(deps, from)
  const redirectLeft = info.redirectPageId !== null && info.redirectPageId !== undefined
  const decision = decideOnMove(ctx, { from, to, redirectLeft, user: await actingUser(deps, info) })
  await queue(deps, tx, decision, from)
}

/** Client PageDeleteComplete → UpdateRepoOnDelete queued for the repo (see pushMoveToRepo). */
export async function pushDeleteToRepo (deps: UpdateRepoHookDeps, page: PageRef, tx: Tx, info: PageLifecycleInfo | undefined): Promise<void> {
  if (info === undefined) return
  const ctx = await contextFor(deps, page)
  await queue(deps, tx, decideOnDelete(ctx, { page, user: await actingUser(deps, info) }), page)
}

/** The item of the page's old title is read from the repo first, so the decision stays a pure function. */
async function contextFor (deps: UpdateRepoHookDeps, old: Pick<PageRef, 'namespace' | 'title'>): Promise<UpdateRepoContext> {
  const base = { propagateChangesToRepo: deps.settings.propagateChangesToRepo, siteId: deps.db.siteId, isWikibaseEnabled }
  const oldText = sitelinkTextOf(old)
  if (!base.propagateChangesToRepo || oldText === null) return { ...base, itemIdForTitle: () => null }
  const item: EntityId | null = await deps.repoReader.itemIdForSiteLink(deps.db.siteId, oldText)
  return { ...base, itemIdForTitle: title => title === oldText ? item : null }
}

async function actingUser (deps: UpdateRepoHookDeps, info: PageLifecycleInfo): Promise<ActingUser> {
  const central = info.user.anonymous || deps.host?.services.centralUserId === undefined ? 0 : await deps.host.services.centralUserId(info.user.id)
  return { name: info.user.name, anonymous: info.user.anonymous, centralUserId: central }
}

async function queue (deps: UpdateRepoHookDeps, tx: Tx, decision: UpdateRepoDecision, page: PageRef): Promise<void> {
  if (decision.task === null) {
    deps.log.debug({ page, reason: decision.reason }, 'fastify-wikibase: page change not pushed to the repo')
    return
  }
  await addJob(tx, deps.db, 'wikibase:pushUpdateRepo', decision)
}
