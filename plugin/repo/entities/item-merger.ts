import type { PoolClient } from 'pg'
import { withTransaction } from '../../db/wiki-database.js'
import { entityTypeOf, type EntityId } from '../../../hooks/ids.js'
import type { WikibaseEntity } from '../../changes/wikibase-entity.js'
import { loadEntityState, type EntityState } from '../../repo-reader/entity-state.js'
import { loadLatestRevision, type EntityRevision } from '../../repo-reader/entity-revisions.js'
import { assertUserRights } from '../user-rights.js'
import { checkEditTags } from '../change-tags/edit-tags.js'
import { addRevisionTags } from '../change-tags/change-tag-store.js'
import type { TagDefinition } from '../change-tags/change-tag-rules.js'
import { WIKIBASE_VALIDATION_DEFAULTS } from '../validation/validation-settings.js'
import { validateEntityEdit } from '../validation/entity-validator.js'
import { changeForRevision, recordWithHost, revisionMeta, rightsCheck, sameContent, type EditContext } from './entity-editor.js'
import { EntityEditError } from './entity-errors.js'
import { assertNotProtected } from './entity-protection.js'
import { propertyDatatypes, saveRevision } from './entity-store.js'
import { syncItemSiteLinks, unknownSites } from './sitelink-store.js'
import { entityContentSize } from './entity-content-size.js'
import { createRedirectIn, isEmptyEntity } from './entity-redirector.js'
import { mergeItems, MergeConflictError, type MergeConflictType } from './change-ops-merge.js'

/**
 * Wikibase's ItemMergeInteractor (repo/includes/Interactors/ItemMergeInteractor.php): merges
 * the source item into the target (the rules: change-ops-merge.ts), saves the source, then
 * the target, each as an edit with its own revision, change and host recentchanges row, and
 * turns the source into a redirect to the target when nothing is left on it. Unlike Wikibase,
 * all of it is ONE transaction of the repo's database: a failure at any step (a sitelink
 * taken meanwhile, a refused redirect) leaves both items as they were, and clients hear of
 * the three edits together or not at all.
 */

/** Why a merge is refused: the codes of Wikibase's ItemMergeException. */
export type MergeRefusal = 'no-such-entity' | 'cant-load-entity-content' | 'not-item' | 'cant-merge-self' | 'failed-modify'

export class ItemMergeError extends EntityEditError {
  override readonly statusCode = 422
  override readonly code: MergeRefusal
  constructor (code: MergeRefusal, message: string) {
    super(message)
    this.name = 'ItemMergeError'
    this.code = code
  }
}

export interface MergeOptions {
  ignoreConflicts?: readonly MergeConflictType[]
  /** The user's summary, after the `wbmergeitems-to` / `-from` autocomments. */
  summary?: string
  bot?: boolean
  tags?: string[]
}

export interface MergeResult {
  from: { id: EntityId, revision: EntityRevision }
  to: { id: EntityId, revision: EntityRevision }
  /** Whether the source became a redirect (it stays an item when an ignored conflict left content on it). */
  redirected: boolean
}

/** Wikibase's Summary of a merge edit: `/* wbmergeitems-<direction>:0||<other id> *\/ <summary>`. */
export function mergeSummary (direction: 'from' | 'to', otherId: EntityId, summary = ''): string {
  const text = summary.trim()
  return `/* wbmergeitems-${direction}:0||${otherId} */${text === '' ? '' : ` ${text}`}`
}

async function loadForMerge (tx: PoolClient, ctx: EditContext, id: EntityId): Promise<{ state: EntityState, revision: EntityRevision }> {
  const state = await loadEntityState(tx, ctx.db, id, { forUpdate: true })
  if (state === null || state.deleted || (state.latestRevisionId === 0 && state.redirectTarget === null)) {
    throw new ItemMergeError('no-such-entity', `Entity ${id} not found`)
  }
  if (state.redirectTarget !== null) throw new ItemMergeError('cant-load-entity-content', `Entity ${id} is a redirect to ${state.redirectTarget}`)
  const revision = await loadLatestRevision(tx, ctx.db, id)
  if (revision === null) throw new ItemMergeError('no-such-entity', `Entity ${id} not found`)
  return { state, revision }
}

/** One side of the merge saved as an edit (EDIT_UPDATE, constraints checked on the whole by syncItemSiteLinks). */
async function saveSide (
  tx: PoolClient, ctx: EditContext, loaded: { state: EntityState, revision: EntityRevision }, next: WikibaseEntity,
  comment: string, options: MergeOptions, tags: readonly TagDefinition[]
): Promise<EntityRevision> {
  const { state, revision: current } = loaded
  if (sameContent(current.entity, next)) return current
  await validateEntityEdit(current.entity, next, {
    propertyDatatypes: async ids => await propertyDatatypes(tx, ctx.db, ids),
    unknownSites: async sites => await unknownSites(tx, ctx.db, sites)
  }, ctx.validation ?? WIKIBASE_VALIDATION_DEFAULTS)
  const meta = await revisionMeta(ctx, { comment, ...(options.bot === undefined ? {} : { bot: options.bot }) })
  const revision = await saveRevision(tx, ctx.db, { entityId: state.entityId, baseRevisionId: state.latestRevisionId, entity: next, meta })
  await addRevisionTags(tx, ctx.db, revision.revisionId, tags)
  await syncItemSiteLinks(tx, ctx.db, state.entityId, current.entity, revision.entity)
  const change = changeForRevision('update', current.entity, revision.entity, { ...revision, pageId: state.pageId })
  await recordWithHost(ctx, tx, change, {
    entityId: state.entityId,
    user: ctx.user,
    comment,
    revisionId: revision.revisionId,
    parentRevisionId: state.latestRevisionId,
    kind: 'edit',
    oldSize: entityContentSize(current.entity),
    newSize: entityContentSize(revision.entity),
    ...(tags.length === 0 ? {} : { tags: tags.map(tag => tag.name) })
  })
  return revision
}

/**
 * Merges `fromId` into `toId`, checking in Wikibase's order: rights (`edit`, `item-merge`)
 * on both, both load (missing → `no-such-entity`, a redirect → `cant-load-entity-content`),
 * both items (`not-item`), not the same (`cant-merge-self`), protection, then the merge
 * rules (a conflict → `failed-modify` with Wikibase's message).
 */
export async function mergeItemsInto (
  ctx: EditContext, fromId: EntityId, toId: EntityId, newGuid: (entityId: string) => string, options: MergeOptions = {}
): Promise<MergeResult> {
  return await withTransaction(ctx.db.pool, async tx => {
    await assertUserRights(rightsCheck(ctx), ['edit', 'item-merge'])
    const tags = await checkEditTags(tx, ctx.db, rightsCheck(ctx), options.tags)
    if (entityTypeOf(fromId) !== 'item' || entityTypeOf(toId) !== 'item') throw new ItemMergeError('not-item', 'One or more of the entities are not items')
    if (fromId === toId) throw new ItemMergeError('cant-merge-self', 'You must provide unique ids')
    // Locked in id order, so two merges of the same pair in opposite directions cannot deadlock.
    const [first, second] = [fromId, toId].sort()
    const loaded = new Map<EntityId, Awaited<ReturnType<typeof loadForMerge>>>()
    loaded.set(first!, await loadForMerge(tx, ctx, first!))
    loaded.set(second!, await loadForMerge(tx, ctx, second!))
    const source = loaded.get(fromId)!
    const target = loaded.get(toId)!
    await assertNotProtected(ctx, tx, fromId)
    await assertNotProtected(ctx, tx, toId)

    let merged
    try {
      merged = mergeItems({ from: source.revision.entity, to: target.revision.entity, ignoreConflicts: options.ignoreConflicts ?? [], newGuid })
    } catch (error) {
      if (error instanceof MergeConflictError) throw new ItemMergeError('failed-modify', error.message)
      throw error
    }
    // The source first: its sitelinks must be free before the target takes them.
    const fromRevision = await saveSide(tx, ctx, source, merged.from, mergeSummary('to', toId, options.summary), options, tags)
    const toRevision = await saveSide(tx, ctx, target, merged.to, mergeSummary('from', fromId, options.summary), options, tags)
    const redirected = isEmptyEntity(merged.from)
    if (redirected) {
      const comment = `/* wbcreateredirect:0||${fromId}|${toId} */`
      await createRedirectIn(tx, ctx, fromId, toId, { comment, ...(options.bot === undefined ? {} : { bot: options.bot }) })
    }
    return { from: { id: fromId, revision: fromRevision }, to: { id: toId, revision: toRevision }, redirected }
  })
}
