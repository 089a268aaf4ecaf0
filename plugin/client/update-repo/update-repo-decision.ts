import type { PageRef } from '../../../hooks/contract.js'
import type { EntityId } from '../../../hooks/ids.js'
import { canonicalTitleText } from '../changes/recent-change-factory.js'

/**
 * Whether a client page move or deletion is pushed to the repo, and as which job: the pure
 * part of Wikibase's client/includes/Hooks/UpdateRepoHookHandler.php (onPageMoveComplete,
 * onArticleDeleteComplete) and client/includes/UpdateRepo/UpdateRepo{,OnMove,OnDelete}.php
 * (isApplicable: an item links the old title; the job names and parameters). The hook
 * handlers (./update-repo-hooks.ts) gather the inputs and queue what this returns.
 */

/** Parameters of the repo's UpdateRepoOnMove job (Wikibase's names). */
export interface UpdateRepoOnMoveParams {
  siteId: string
  entityId: EntityId
  oldTitle: string
  newTitle: string
  /** Name of the client user who moved the page; the repo edit is theirs. */
  user: string
  /** Their central (farm-wide) id, 0 when unknown. */
  centralUserId: number
}

/** Parameters of the repo's UpdateRepoOnDelete job. */
export interface UpdateRepoOnDeleteParams {
  siteId: string
  entityId: EntityId
  title: string
  user: string
  centralUserId: number
}

export type UpdateRepoJob =
  | { task: 'wikibase:updateRepoOnMove', params: UpdateRepoOnMoveParams }
  | { task: 'wikibase:updateRepoOnDelete', params: UpdateRepoOnDeleteParams }

/** Nothing pushed, and why (for the debug log). */
export interface NoUpdate { task: null, reason: 'disabled' | 'anonymous' | 'not-linked' | 'redirect-kept' | 'no-title' }

export type UpdateRepoDecision = UpdateRepoJob | NoUpdate

export interface UpdateRepoContext {
  /** Client setting `propagateChangesToRepo`. */
  propagateChangesToRepo: boolean
  /** This client's global site id. */
  siteId: string
  /** NamespaceChecker::isWikibaseEnabled: namespaces whose pages can be connected to items. */
  isWikibaseEnabled: (namespace: number) => boolean
  /** SiteLinkLookup::getItemIdForLink on the repo, for this site. */
  itemIdForTitle: (title: string) => EntityId | null
}

/** Who did it: a registered client user (an anonymous one cannot be attributed on the repo). */
export interface ActingUser {
  name: string
  anonymous: boolean
  centralUserId: number
}

export interface PageMove {
  from: Pick<PageRef, 'namespace' | 'title'>
  to: Pick<PageRef, 'namespace' | 'title'>
  /** A redirect was left at the old title (MediaWiki's `$redirid` ≠ 0). */
  redirectLeft: boolean
  user: ActingUser
}

/** The sitelink text of a page (Title::getPrefixedText with canonical namespace names); null when it has none. */
export function sitelinkTextOf (page: Pick<PageRef, 'namespace' | 'title'>): string | null {
  return canonicalTitleText(page)
}

/**
 * onPageMoveComplete: moved into a Wikibase-enabled namespace → the sitelink follows the page
 * (UpdateRepoOnMove); into another one → a kept redirect keeps the sitelink on the old title,
 * a suppressed redirect removes it (UpdateRepoOnDelete of the old title, T261275).
 */
export function decideOnMove (ctx: UpdateRepoContext, move: PageMove): UpdateRepoDecision {
  if (!ctx.propagateChangesToRepo) return { task: null, reason: 'disabled' }
  if (ctx.isWikibaseEnabled(move.to.namespace)) {
    const oldTitle = sitelinkTextOf(move.from)
    const newTitle = sitelinkTextOf(move.to)
    if (oldTitle === null || newTitle === null) return { task: null, reason: 'no-title' }
    return withItem(ctx, oldTitle, move.user, (entityId, user) => ({
      task: 'wikibase:updateRepoOnMove',
      params: { siteId: ctx.siteId, entityId, oldTitle, newTitle, user: user.name, centralUserId: user.centralUserId }
    }))
  }
  if (move.redirectLeft) return { task: null, reason: 'redirect-kept' }
  return decideOnDelete(ctx, { page: move.from, user: move.user })
}

/** onArticleDeleteComplete: the item linked to the deleted title loses that sitelink (UpdateRepoOnDelete). */
export function decideOnDelete (ctx: UpdateRepoContext, deletion: { page: Pick<PageRef, 'namespace' | 'title'>, user: ActingUser }): UpdateRepoDecision {
  if (!ctx.propagateChangesToRepo) return { task: null, reason: 'disabled' }
  const title = sitelinkTextOf(deletion.page)
  if (title === null) return { task: null, reason: 'no-title' }
  return withItem(ctx, title, deletion.user, (entityId, user) => ({
    task: 'wikibase:updateRepoOnDelete',
    params: { siteId: ctx.siteId, entityId, title, user: user.name, centralUserId: user.centralUserId }
  }))
}

function withItem (ctx: UpdateRepoContext, title: string, user: ActingUser, job: (entityId: EntityId, user: ActingUser) => UpdateRepoJob): UpdateRepoDecision {
  // UpdateRepoJob::getUser: the edit needs a registered user of that name on the repo; an
  // anonymous client user never is one, so nothing is queued for them.
  if (user.anonymous || user.name === '') return { task: null, reason: 'anonymous' }
  const entityId = ctx.itemIdForTitle(title)
  if (entityId === null) return { task: null, reason: 'not-linked' }
  return job(entityId, user)
}
