import type { PoolClient } from 'pg'
import { withTransaction, type Queryable, type WikiDatabase } from '../../db/wiki-database.js'
import {
  addUserMetadata, newFromUpdate, setChangeMetadata, toMwTimestamp, type EntityChange, type EntityChangeAction
} from '../../changes/entity-change.js'
import { entityTypeOf, type EntityId } from '../../../hooks/ids.js'
import type { WikibaseEntity } from '../../changes/wikibase-entity.js'
import type { EntityPageEdit, HostUser, RecordedEntityEdit, WikiHost } from '../../../hooks/contract.js'
import { checkRecordedEdit, notifyOnEntityEdit } from '../dispatch/change-notifier.js'
import { DEFAULT_DISPATCH_SHARDS } from '../dispatch/dispatch-shard.js'
import { HostContractError } from '../../errors.js'
import { EditConflictError, EntityNotFoundError, EntityRedirectError, InvalidEntityValueError, SitelinkConflictError } from './entity-errors.js'
import { createEntity as createEntityRow, propertyDatatypes, saveRevision, setEntityDeleted, setEntityPageId } from './entity-store.js'
import { loadEntityState, type EntityState } from '../../repo-reader/entity-state.js'
import { loadLatestRevision, type EntityRevision } from '../../repo-reader/entity-revisions.js'
import { queueDeletionDispatch } from '../revision-deletion/visibility-dispatch.js'
import { syncItemSiteLinks, unknownSites } from './sitelink-store.js'
import { entityContentSize } from './entity-content-size.js'
import { assertUserRights, rightsForEdit, userHasRight, type RightsCheck } from '../user-rights.js'
import { validateEntityEdit } from '../validation/entity-validator.js'
import { assertNotProtected } from './entity-protection.js'
import { WIKIBASE_VALIDATION_DEFAULTS, type EntityValidationSettings } from '../validation/validation-settings.js'
import { checkEditTags } from '../change-tags/edit-tags.js'
import { addRevisionTags } from '../change-tags/change-tag-store.js'
import { normalizeEntityEdit } from '../normalization/entity-edit-normalizer.js'
import { getSite } from '../../sites/site-store.js'
import { withPrefetchedPageInfo } from '../normalization/page-info-prefetch.js'
import type { SitePageInfoLookup } from '../normalization/site-page-info-lookup.js'
import type { TagDefinition } from '../change-tags/change-tag-rules.js'

/**
 * EditEntity for this repo: each function below is one edit, done in ONE transaction of the
 * repo's database: rights check (host `userCan`, deny by default: user-rights.ts), load, apply, validate, save the
 * revision, update `wb_items_per_site`, build the EntityChange, let the host record the page
 * revision + recentchanges row in the same transaction, then save the change and its
 * dispatch job from what the host answered (dispatch/change-notifier.ts). Without a host the
 * plugin is the whole wiki: the change is saved with the page id the repo knows. A host
 * without `recordEntityEdit` or with an answer the plugin cannot use fails the edit
 * (HostContractError). Anything thrown rolls everything back.
 */
export interface EditContext {
  db: WikiDatabase
  host?: WikiHost
  user: HostUser
  /** Where a failing host rights check is logged (it counts as a refusal). */
  onHostError?: RightsCheck['onHostError']
  /** Limits and allow-lists of entity validation (the plugin's repoSettings); default: Wikibase's. */
  validation?: EntityValidationSettings
  /** Which API's term normalization applies (normalization/entity-edit-normalizer.ts); default REST's. */
  terms?: 'action-api' | 'rest'
  /**
   * `repoSettings.protectEntitiesUsedOnMoreThan`: entities used on more client pages need
   * `editsemiprotected` to be edited (usage-protection.ts); null or absent: off.
   */
  protectEntitiesUsedOnMoreThan?: number | null
  /** Delay of the dispatch job of an edit's change (`repoSettings.dispatchDelay`); default 0. */
  dispatchDelayMs?: number
  /** `repoSettings.dispatchShards`: how many dispatch shards an edit's change is spread over; default 8. */
  dispatchShards?: number
}

export interface EditOptions {
  comment?: string
  /** Flag the revision as a bot edit; honoured only when the host grants the user `bot`. */
  bot?: boolean
  /** The revision the client edited (If-Match); a stale one is an EditConflictError (409). */
  baseRevisionId?: number
  /**
   * Change tags the client asks to apply to the revision (MediaWiki's `tags`; REST edit
   * metadata): each must be defined, user-defined and active, and the user needs
   * `applychangetags` (change-tags/edit-tags.ts). Stored with the revision in the edit's
   * transaction and handed to the host with the edit (`EntityPageEdit.tags`).
   */
  tags?: string[]
}

export interface EditResult {
  entityId: EntityId
  /** The new latest revision; for a null edit (no change) the unchanged latest one. */
  revision: EntityRevision
  /** The change handed to the host, or null for a null edit. */
  change: EntityChange | null
}

export interface DeleteResult {
  entityId: EntityId
  change: EntityChange
}

export const rightsCheck = (ctx: EditContext): RightsCheck => ({ host: ctx.host, user: ctx.user, onHostError: ctx.onHostError })

export async function revisionMeta (ctx: EditContext, options: EditOptions): Promise<{ userId: number, userText: string, comment: string, bot: boolean }> {
  // MediaWiki ignores the bot flag of a user without the `bot` right rather than refusing the edit.
  const bot = options.bot === true && await userHasRight(rightsCheck(ctx), 'bot')
  return { userId: ctx.user.id, userText: ctx.user.name, comment: options.comment ?? '', bot }
}

/** The EntityChange of a saved revision, with the revision's user and metadata filled in. */
export function changeForRevision (
  action: EntityChangeAction, before: WikibaseEntity | null, after: WikibaseEntity | null,
  info: { revisionId: number, parentId: number, timestamp: Date, pageId: number, userId: number, userText: string, comment: string, bot: boolean }
): EntityChange {
  const change = newFromUpdate(action, before, after)
  const withRevision = setChangeMetadata(
    { ...change, revisionId: info.revisionId, time: toMwTimestamp(info.timestamp) },
    { page_id: info.pageId, rev_id: info.revisionId, parent_id: info.parentId, comment: info.comment, bot: info.bot ? 1 : 0 })
  return addUserMetadata(withRevision, info.userId, info.userText, 0)
}

/**
 * Asks the host to record the edit, then saves the change from its answer in the same `tx`
 * (none: an edit clients need not hear of). Returns the change as saved (the host's page id,
 * the central user) — what the edit's result reports.
 */
export async function recordWithHost<C extends EntityChange | null> (ctx: EditContext, tx: PoolClient, change: C, edit: EntityPageEdit): Promise<C> {
  let recorded: RecordedEntityEdit = { pageId: Number(change?.metadata?.page_id ?? 0), revisionId: edit.revisionId, rcId: 0 }
  if (ctx.host !== undefined) {
    const record = ctx.host.services.recordEntityEdit
    if (typeof record !== 'function') {
      throw new HostContractError('recordEntityEdit', 'is missing: a repo wiki\'s host must save entity page edits (hooks/contract.ts RepoServices)')
    }
    recorded = checkRecordedEdit(await record(edit, tx))
    if (recorded.pageId > 0) await setEntityPageId(tx, ctx.db, edit.entityId, recorded.pageId)
  }
  if (change === null) return change
  const deps = {
    db: ctx.db, centralUserId: ctx.host?.services.centralUserId ?? noCentralIds, dispatchDelayMs: ctx.dispatchDelayMs ?? 0,
    dispatchShards: ctx.dispatchShards ?? DEFAULT_DISPATCH_SHARDS
  }
  return (await notifyOnEntityEdit(tx, change, recorded, deps)).change as C
}

const noCentralIds = async (): Promise<number> => 0

function lookups (tx: PoolClient, db: WikiDatabase): Parameters<typeof validateEntityEdit>[2] {
  return {
    propertyDatatypes: async ids => await propertyDatatypes(tx, db, ids),
    unknownSites: async sites => await unknownSites(tx, db, sites)
  }
}

/**
 * The one place values are normalized on save (normalization/entity-edit-normalizer.ts):
 * only what the edit adds or changes, before validation, for every write path that edits.
 * `pageInfo` is the client page lookup of this run (normalization/page-info-prefetch.ts).
 */
async function normalized (
  ctx: EditContext, q: Queryable, before: WikibaseEntity | null, after: WikibaseEntity, pageInfo: SitePageInfoLookup | undefined
): Promise<WikibaseEntity> {
  const settings = ctx.validation ?? WIKIBASE_VALIDATION_DEFAULTS
  return await normalizeEntityEdit(before, after, {
    propertyDatatypes: async ids => await propertyDatatypes(q, ctx.db, ids),
    siteOf: async siteId => await getSite(ctx.db, siteId),
    ...(pageInfo === undefined ? {} : { pageInfo }),
    redirectBadgeItems: settings.redirectBadgeItems,
    ...(ctx.terms === undefined ? {} : { terms: ctx.terms })
  })
}

/**
 * Runs an edit's transaction with the client page lookups made before it (no row lock held
 * while another wiki answers): `expected` works out the edit's result with no transaction
 * open, its sitelinks are asked about, and the transaction uses those answers, running again
 * when the entity changed in between and new titles need asking (page-info-prefetch.ts).
 */
async function withClientPageInfo<T> (
  ctx: EditContext, expected: () => Promise<{ before: WikibaseEntity | null, after: WikibaseEntity } | null>,
  run: (pageInfo: SitePageInfoLookup | undefined) => Promise<T>
): Promise<T> {
  const fetch = (ctx.validation ?? WIKIBASE_VALIDATION_DEFAULTS).sitePageInfo
  return await withPrefetchedPageInfo(fetch, async lookup => {
    const edit = await expected()
    if (edit !== null) await normalized(ctx, ctx.db.pool, edit.before, edit.after, lookup)
  }, run)
}

/**
 * A sitelink conflict names the redirect badges when the repo has them (Wikibase's
 * SiteLinkUniquenessValidator: `sitelink-conflict-redirects-supported`).
 */
async function syncSiteLinks (ctx: EditContext, tx: PoolClient, ...args: [EntityId, WikibaseEntity | null, WikibaseEntity | null]): Promise<void> {
  try {
    await syncItemSiteLinks(tx, ctx.db, ...args)
  } catch (error) {
    if (error instanceof SitelinkConflictError && (ctx.validation?.redirectBadgeItems ?? []).length > 0) error.redirectsSupported = true
    throw error
  }
}

/** The live entity, locked for the rest of the transaction; 404 when missing or deleted, 308 when a redirect. */
async function loadForEdit (tx: PoolClient, db: WikiDatabase, id: EntityId): Promise<{ state: EntityState, revision: EntityRevision }> {
  const state = await loadEntityState(tx, db, id, { forUpdate: true })
  if (state === null || state.deleted) throw new EntityNotFoundError(id, entityTypeOf(id))
  if (state.redirectTarget !== null) throw new EntityRedirectError(id, state.redirectTarget)
  const revision = await loadLatestRevision(tx, db, id)
  if (revision === null) throw new EntityNotFoundError(id, entityTypeOf(id))
  return { state, revision }
}

/** Content equality, ignoring the revision data around it; PHP's empty `[]` equals `{}`. */
export function sameContent (a: WikibaseEntity, b: WikibaseEntity): boolean {
  const strip = ({ lastrevid: _r, modified: _m, ...rest }: WikibaseEntity): unknown =>
    Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, Array.isArray(value) && value.length === 0 ? {} : value]))
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b))
}

/** Creates an item or property under a new id (an `id` in the input is an error). */
export async function createEntity (ctx: EditContext, type: 'item' | 'property', entity: WikibaseEntity, options: EditOptions = {}): Promise<EditResult> {
  return await withClientPageInfo(ctx, async () => ({ before: null, after: entity }), async pageInfo => await withTransaction(ctx.db.pool, async tx => {
    await assertUserRights(rightsCheck(ctx), rightsForEdit('create', type, null, entity))
    const tags = await checkEditTags(tx, ctx.db, rightsCheck(ctx), options.tags)
    if (entity.id !== undefined) throw new InvalidEntityValueError('id', 'a new entity gets its id from the repo; leave it out')
    if (entity.type !== type) throw new InvalidEntityValueError('type', `must be ${type}`)
    const normalizedEntity = await normalized(ctx, tx, null, entity, pageInfo)
    await validateEntityEdit(null, normalizedEntity, lookups(tx, ctx.db), ctx.validation ?? WIKIBASE_VALIDATION_DEFAULTS)
    const meta = await revisionMeta(ctx, options)
    const withBot = { ...options, bot: meta.bot }
    const revision = await createEntityRow(tx, ctx.db, type, normalizedEntity, meta)
    await addRevisionTags(tx, ctx.db, revision.revisionId, tags)
    await syncSiteLinks(ctx, tx, revision.entityId, null, revision.entity)
    const change = changeForRevision('add', null, revision.entity, { ...revision, pageId: 0 })
    const sizes = { oldSize: 0, newSize: entityContentSize(revision.entity) }
    const saved = await recordWithHost(ctx, tx, change, edit(ctx, revision.entityId, 'create', revision.revisionId, 0, withBot, sizes, tags))
    return { entityId: revision.entityId, revision, change: saved }
  }))
}

/**
 * Applies `apply` to the latest content and saves the result as a new revision. `apply`
 * receives a copy it may change or replace; it must keep `type` and `id`. A result equal to
 * the current content is a null edit: nothing is saved and no change is made.
 */
export async function editEntity (
  ctx: EditContext, entityId: EntityId, apply: (entity: WikibaseEntity) => WikibaseEntity | Promise<WikibaseEntity>, options: EditOptions = {}
): Promise<EditResult> {
  const expected = async (): Promise<{ before: WikibaseEntity, after: WikibaseEntity } | null> => {
    const state = await loadEntityState(ctx.db.pool, ctx.db, entityId)
    const current = state === null || state.deleted || state.redirectTarget !== null ? null : await loadLatestRevision(ctx.db.pool, ctx.db, entityId)
    return current === null ? null : { before: current.entity, after: await apply(structuredClone(current.entity)) }
  }
  return await withClientPageInfo(ctx, expected, async pageInfo => await withTransaction(ctx.db.pool, async tx => {
    // `edit` first, before anything is loaded; the term right once the edit is known.
    await assertUserRights(rightsCheck(ctx), ['edit'])
    const tags = await checkEditTags(tx, ctx.db, rightsCheck(ctx), options.tags)
    const { state, revision: current } = await loadForEdit(tx, ctx.db, entityId)
    await assertNotProtected(ctx, tx, entityId)
    if (options.baseRevisionId !== undefined && options.baseRevisionId !== state.latestRevisionId) {
      throw new EditConflictError(entityId, options.baseRevisionId, state.latestRevisionId)
    }
    const next = await normalized(ctx, tx, current.entity, await apply(structuredClone(current.entity)), pageInfo)
    if (next.type !== current.entity.type) throw new InvalidEntityValueError('type', `cannot change the type of ${entityId}`)
    if (next.id !== entityId) throw new InvalidEntityValueError('id', `cannot change the id of ${entityId}`)
    // Validated before the comparison: the shape checks bound what sameContent walks.
    await validateEntityEdit(current.entity, next, lookups(tx, ctx.db), ctx.validation ?? WIKIBASE_VALIDATION_DEFAULTS)
    if (sameContent(current.entity, next)) return { entityId, revision: current, change: null }
    await assertUserRights(rightsCheck(ctx), rightsForEdit('edit', current.entity.type, current.entity, next))
    const meta = await revisionMeta(ctx, options)
    const withBot = { ...options, bot: meta.bot }
    const revision = await saveRevision(tx, ctx.db, { entityId, baseRevisionId: state.latestRevisionId, entity: next, meta })
    await addRevisionTags(tx, ctx.db, revision.revisionId, tags)
    await syncSiteLinks(ctx, tx, entityId, current.entity, revision.entity)
    const change = changeForRevision('update', current.entity, revision.entity, { ...revision, pageId: state.pageId })
    const saved = await recordWithHost(ctx, tx, change, edit(ctx, entityId, 'edit', revision.revisionId, state.latestRevisionId, withBot,
      { oldSize: entityContentSize(current.entity), newSize: entityContentSize(revision.entity) }, tags))
    return { entityId, revision, change: saved }
  }))
}

/** Deletes the entity page: revisions stay, sitelink rows go, a `remove` change is made. */
export async function deleteEntity (ctx: EditContext, entityId: EntityId, options: EditOptions = {}): Promise<DeleteResult> {
  return await withTransaction(ctx.db.pool, async tx => {
    await assertUserRights(rightsCheck(ctx), rightsForEdit('delete', entityTypeOf(entityId), null, null))
    const tags = await checkEditTags(tx, ctx.db, rightsCheck(ctx), options.tags)
    const { state, revision: current } = await loadForEdit(tx, ctx.db, entityId)
    if (options.baseRevisionId !== undefined && options.baseRevisionId !== state.latestRevisionId) {
      throw new EditConflictError(entityId, options.baseRevisionId, state.latestRevisionId)
    }
    await setEntityDeleted(tx, ctx.db, entityId, true)
    await syncItemSiteLinks(tx, ctx.db, entityId, current.entity, null)
    const meta = await revisionMeta(ctx, options)
    const withBot = { ...options, bot: meta.bot }
    const change = changeForRevision(
      'remove', current.entity, null, { ...meta, revisionId: 0, parentId: state.latestRevisionId, timestamp: new Date(), pageId: state.pageId })
    const saved = await recordWithHost(ctx, tx, change, edit(ctx, entityId, 'delete', 0, state.latestRevisionId, withBot, LOG_ENTRY_SIZES, tags))
    // Clients drop the rows injected from the deleted page's revisions (Wikibase's
    // DispatchChangeDeletionNotificationJob), told in the deletion's transaction.
    await queueDeletionDispatch(tx, ctx.db, entityId)
    return { entityId, change: saved }
  })
}

/** Undeletes the entity page: its sitelinks are linked again (a conflict refuses), a `restore` change is made. */
export async function restoreEntity (ctx: EditContext, entityId: EntityId, options: EditOptions = {}): Promise<EditResult> {
  return await withTransaction(ctx.db.pool, async tx => {
    await assertUserRights(rightsCheck(ctx), rightsForEdit('restore', entityTypeOf(entityId), null, null))
    const tags = await checkEditTags(tx, ctx.db, rightsCheck(ctx), options.tags)
    const state = await loadEntityState(tx, ctx.db, entityId, { forUpdate: true })
    const current = state === null ? null : await loadLatestRevision(tx, ctx.db, entityId)
    if (state === null || current === null || !state.deleted) throw new EntityNotFoundError(entityId, `deleted ${entityTypeOf(entityId)}`)
    await syncItemSiteLinks(tx, ctx.db, entityId, null, current.entity)
    await setEntityDeleted(tx, ctx.db, entityId, false)
    const meta = await revisionMeta(ctx, options)
    const withBot = { ...options, bot: meta.bot }
    // As Wikibase: the restore change carries the time of the undeletion, not of the revision.
    const change = changeForRevision(
      'restore', null, current.entity, { ...meta, revisionId: current.revisionId, parentId: 0, timestamp: new Date(), pageId: state.pageId })
    const saved = await recordWithHost(ctx, tx, change, edit(ctx, entityId, 'restore', current.revisionId, 0, withBot, LOG_ENTRY_SIZES, tags))
    return { entityId, revision: current, change: saved }
  })
}

/** Deletions and restores are log entries: MediaWiki records no content lengths for them. */
const LOG_ENTRY_SIZES = { oldSize: null, newSize: null } as const

/**
 * The edit handed to the host; deletions and restores carry their tags too (log entries have
 * tags in MediaWiki). `options.bot` is the checked flag (revisionMeta), as the change has it.
 */
function edit (
  ctx: EditContext, entityId: EntityId, kind: EntityPageEdit['kind'], revisionId: number, parentRevisionId: number,
  options: EditOptions & { bot: boolean }, sizes: Pick<EntityPageEdit, 'oldSize' | 'newSize'>, tags: readonly TagDefinition[]
): EntityPageEdit {
  return {
    entityId, user: ctx.user, comment: options.comment ?? '', bot: options.bot, revisionId, parentRevisionId, kind, ...sizes,
    ...(tags.length === 0 ? {} : { tags: tags.map(tag => tag.name) })
  }
}
