import type { PoolClient } from 'pg'
import { withTransaction } from '../../db/wiki-database.js'
import { entityTypeOf, type EntityId } from '../../../hooks/ids.js'
import type { EntityChange } from '../../changes/entity-change.js'
import { entityMap, type WikibaseEntity } from '../../changes/wikibase-entity.js'
import type { EntityPageEdit } from '../../../hooks/contract.js'
import { loadEntityState, type EntityState } from '../../repo-reader/entity-state.js'
import { loadLatestRevision, type EntityRevision } from '../../repo-reader/entity-revisions.js'
import { assertUserRights } from '../user-rights.js'
import { changeForRevision, recordWithHost, revisionMeta, rightsCheck, type EditContext, type EditOptions } from './entity-editor.js'
import { EntityEditError, EntityNotFoundError } from './entity-errors.js'
import { assertNotProtected } from './entity-protection.js'
import { saveRevision, setEntityDeleted } from './entity-store.js'
import { setRedirectTarget } from './redirect-store.js'
import { syncItemSiteLinks } from './sitelink-store.js'
import { entityContentSize } from './entity-content-size.js'

/**
 * Turning an entity into a redirect (Wikibase: EntityRedirectCreationInteractor and
 * ItemRedirectCreationInteractor, repo/includes/Interactors/). The redirect is a new revision
 * of the source, saved in one transaction with its sitelink rows removed, the entity's
 * redirect target set and the host asked to record the page edit. Its change is a `remove`
 * (Wikibase's WikiPageActionEntityChangeFactory: "the new version is a redirect, for now treat
 * that as a deletion"), recorded and dispatched like any edit; a source that was already a
 * redirect, or deleted, makes no change (ChangeNotifier: clients are not told of redirects).
 */

/** Why a redirect cannot be made: Wikibase's RedirectCreationException codes. */
export type RedirectRefusal = 'target-is-incompatible' | 'target-is-redirect' | 'origin-not-empty' | 'source-and-target-are-the-same' | 'cant-redirect'

export class RedirectCreationError extends EntityEditError {
  override readonly statusCode = 422
  override readonly code: RedirectRefusal
  override readonly context: Record<string, unknown>
  constructor (code: RedirectRefusal, message: string, readonly parameters: string[] = []) {
    super(message)
    this.name = 'RedirectCreationError'
    this.code = code
    this.context = parameters.length === 0 ? {} : { entity_id: parameters[0] }
  }
}

export interface RedirectResult {
  from: EntityId
  to: EntityId
  /** The redirect revision of the source. */
  revision: EntityRevision
  /** The `remove` change, or null when the source was a redirect or deleted before. */
  change: EntityChange | null
}

const SECTIONS = ['labels', 'descriptions', 'aliases', 'claims', 'sitelinks'] as const

/** Wikibase's Item::isEmpty: no terms, statements or sitelinks (PHP's empty `[]` counts as empty). */
export function isEmptyEntity (entity: WikibaseEntity): boolean {
  return SECTIONS.every(section => Object.keys(entityMap(entity[section] as Record<string, unknown> | [] | undefined)).length === 0)
}

/** Wikibase's stored form of a redirect (EntityContentDataCodec::encodeRedirect); its size is the page's new length. */
function redirectBlobSize (from: EntityId, to: EntityId): number {
  return JSON.stringify({ entity: from, redirect: to }).length
}

/** The rights a redirect needs (WikiPageEntityStorePermissionChecker, ACTION_REDIRECT): `edit`, and `item-redirect` for items. */
function redirectRights (type: string): Array<'edit' | 'item-redirect'> {
  return type === 'item' ? ['edit', 'item-redirect'] : ['edit']
}

/** Both rows locked, in id order so that two opposite redirects cannot deadlock. */
async function lockBoth (
  tx: PoolClient, ctx: EditContext, from: EntityId, to: EntityId
): Promise<{ source: EntityState | null, target: EntityState | null }> {
  const states = new Map<EntityId, EntityState | null>()
  for (const id of [from, to].sort()) if (!states.has(id)) states.set(id, await loadEntityState(tx, ctx.db, id, { forUpdate: true }))
  return { source: states.get(from) ?? null, target: states.get(to) ?? null }
}

/**
 * Makes `from` a redirect to `to`, checking in Wikibase's order: same entity type, rights
 * (and the source's protection), the target exists and is no redirect, the source exists (or
 * was deleted) and is empty or a redirect, source ≠ target; properties cannot be redirected.
 */
export async function createRedirect (ctx: EditContext, from: EntityId, to: EntityId, options: EditOptions = {}): Promise<RedirectResult> {
  return await withTransaction(ctx.db.pool, async tx => await createRedirectIn(tx, ctx, from, to, options))
}

/** {@link createRedirect} inside the caller's transaction (an item merge ends with one). */
export async function createRedirectIn (tx: PoolClient, ctx: EditContext, from: EntityId, to: EntityId, options: EditOptions = {}): Promise<RedirectResult> {
  const type = entityTypeOf(from)
  if (type !== entityTypeOf(to)) throw new RedirectCreationError('target-is-incompatible', 'Incompatible entity types')
  await assertUserRights(rightsCheck(ctx), redirectRights(type))
  const { source, target } = await lockBoth(tx, ctx, from, to)
  if (source !== null && !source.deleted) await assertNotProtected(ctx, tx, from)

  const targetMissing = target === null || target.deleted || (target.latestRevisionId === 0 && target.redirectTarget === null)
  if (targetMissing) throw new EntityNotFoundError(to, entityTypeOf(to))
  if (target.redirectTarget !== null) throw new RedirectCreationError('target-is-redirect', `Entity ${to} is a redirect`, [to])

  if (source === null || (source.latestRevisionId === 0 && source.redirectTarget === null)) throw new EntityNotFoundError(from, type)
  const wasEntity = !source.deleted && source.redirectTarget === null
  const current = source.latestRevisionId === 0 ? null : await loadLatestRevision(tx, ctx.db, from)
  if (wasEntity && current !== null && type === 'item' && !isEmptyEntity(current.entity)) {
    throw new RedirectCreationError('origin-not-empty', `Can't create redirect on non empty item ${from}`, [from])
  }
  if (from === to) throw new RedirectCreationError('source-and-target-are-the-same', 'Cannot redirect an entity to itself.')
  // Wikibase's property handler cannot store redirects: its store throws and the API says `cant-redirect`.
  if (type !== 'item') throw new RedirectCreationError('cant-redirect', `Entities of type ${type} cannot be redirected.`)

  if (source.deleted) await setEntityDeleted(tx, ctx.db, from, false)
  const before = current?.entity ?? null
  const content: WikibaseEntity = before ?? { type, id: from, labels: {}, descriptions: {}, aliases: {}, claims: {}, sitelinks: {} }
  const meta = await revisionMeta(ctx, options)
  const revision = await saveRevision(tx, ctx.db, { entityId: from, baseRevisionId: source.latestRevisionId, entity: content, meta })
  await setRedirectTarget(tx, ctx.db, from, to)
  if (wasEntity) await syncItemSiteLinks(tx, ctx.db, from, before, null)
  const change = wasEntity && before !== null ? changeForRevision('remove', before, null, { ...revision, pageId: source.pageId }) : null
  // A deleted source is a page created again (Wikibase saves it with EDIT_NEW).
  const recreated = source.deleted || current === null
  const oldSize = recreated ? 0 : wasEntity ? entityContentSize(before!) : redirectBlobSize(from, source.redirectTarget!)
  const edit: EntityPageEdit = {
    entityId: from,
    user: ctx.user,
    comment: meta.comment,
    bot: meta.bot,
    revisionId: revision.revisionId,
    parentRevisionId: recreated ? 0 : source.latestRevisionId,
    kind: recreated ? 'create' : 'edit',
    oldSize,
    newSize: redirectBlobSize(from, to)
  }
  return { from, to, revision, change: await recordWithHost(ctx, tx, change, edit) }
}
