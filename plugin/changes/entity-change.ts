import { entityTypeOf, parseEntityId, type EntityId, type EntityType } from '../../hooks/ids.js'
import { emptyEntityDiffChangedAspects, type EntityDiffChangedAspects, type InvalidEntityDiffChangedAspectsError } from './entity-diff-changed-aspects.js'
import { entityDiffChangedAspectsFromEntities, type EntityDiffChangedAspectsOptions } from './entity-diff-changed-aspects-factory.js'
import type { WikibaseEntity } from './wikibase-entity.js'

/** `EntityChange::ADD` … `RESTORE`. */
export const ENTITY_CHANGE_ACTIONS = ['add', 'update', 'remove', 'restore'] as const
export type EntityChangeAction = (typeof ENTITY_CHANGE_ACTIONS)[number]

/**
 * An action word a repo wrote that is none of Wikibase's four (`wikibase-item~change` in
 * Wikibase's RecentChangeFactoryTest). Wikibase's client keeps it as `getAction()` returns it
 * and handles the change by its aspects, like an update; so does this one.
 */
export type OtherChangeAction = string & { readonly __brand: 'OtherChangeAction' }

/** The action of a decoded change: one of Wikibase's four, or another word kept as written. */
export type ChangeAction = EntityChangeAction | OtherChangeAction

/** Whether a stored type's action is a word (lowercase letters, as `wikibase-<type>~<action>`). */
export function isChangeAction (raw: string): raw is ChangeAction {
  return /^[a-z]+$/.test(raw)
}

/** The metadata keys `setMetadata` keeps; any other key is dropped. */
export const METADATA_KEYS = ['page_id', 'bot', 'rev_id', 'parent_id', 'central_user_id', 'user_text', 'comment'] as const

/** `change_info.metadata`, under the names Wikibase stores it with. */
export interface ChangeMetadata {
  page_id?: number
  /** `rc_bot`: 0/1 from the database, or a boolean. */
  bot?: boolean | number
  rev_id?: number
  parent_id?: number
  central_user_id?: number
  user_text?: string
  comment?: string
  /** Rows of old Wikibase versions name the user here instead of `user_text`. */
  rc_user_text?: string
}

/**
 * Why a change's `compactDiff` is empty although it may not be: the stored info had none
 * (`missing`; `null` when it held an explicit null) or held one that does not decode
 * (`invalid`). The stored value is kept so that the change is sent on as it came.
 */
export type CompactDiffProblem =
  | { readonly kind: 'missing', readonly stored: undefined | null }
  | { readonly kind: 'invalid', readonly error: InvalidEntityDiffChangedAspectsError, readonly stored: unknown }

/**
 * A change to an entity, decoded (Wikibase's EntityChange / ItemChange). Its wire form, as
 * stored in `wb_changes` and sent in jobs, is `StoredChange` (stored-change.ts); the
 * store, the pusher, the job payloads and the client's entry convert between the two.
 */
export interface EntityChange {
  /** `change_id`; null for a change not stored yet and for a coalesced one. */
  readonly id: number | null
  readonly action: ChangeAction
  readonly entityId: EntityId
  readonly entityType: EntityType
  /** MW timestamp `YYYYMMDDHHMMSS`, or `''` while unset (the store then writes "now"). */
  readonly time: string
  readonly revisionId: number
  readonly userId: number
  /** The compact diff, decoded once; empty when {@link compactDiffProblem} says why. */
  readonly compactDiff: EntityDiffChangedAspects
  readonly compactDiffProblem?: CompactDiffProblem
  /** Absent when the info has no metadata (`getMetadata()` is then `{}`). */
  readonly metadata?: ChangeMetadata
  /** Coalesced changes: the ids of the changes merged into this one (`change-ids`). */
  readonly changeIds?: ReadonlyArray<number | null>
  /** Coalesced changes: the merged changes themselves (`changes`). */
  readonly mergedChanges?: readonly EntityChange[]
  /** Info keys this code does not read, kept so that a change is stored and sent on as it came. */
  readonly otherInfo?: Readonly<Record<string, unknown>>
}

/** The compact diff problem of a change whose info has no `compactDiff` key. */
export const NO_COMPACT_DIFF: CompactDiffProblem = Object.freeze({ kind: 'missing', stored: undefined })

/** The fields a new change may be given; action and entity come as arguments. */
export type EntityChangeFields = Partial<Omit<EntityChange, 'action' | 'entityId' | 'entityType'>>

export class InvalidChangeTypeError extends Error {
  constructor (readonly changeType: string, readonly reason: string) {
    super(`invalid change type ${JSON.stringify(changeType)}: ${reason}`)
    this.name = 'InvalidChangeTypeError'
  }
}

export class EntityChangeUpdateError extends Error {
  constructor (readonly reason: string) {
    super(`cannot build an entity change from this update: ${reason}`)
    this.name = 'EntityChangeUpdateError'
  }
}

/** `getType()`: `wikibase-<entityType>~<action>`. */
export function changeType (change: Pick<EntityChange, 'entityType' | 'action'>): string {
  return `wikibase-${change.entityType}~${change.action}`
}

/** An ItemChange in Wikibase: the only kind that has a sitelink diff. */
export function isItemChange (change: Pick<EntityChange, 'entityType'>): boolean {
  return change.entityType === 'item'
}

/** `YYYYMMDDHHMMSS` (UTC) of a date. */
export function toMwTimestamp (date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14)
}

export function mwTimestampToDate (timestamp: string): Date {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(timestamp)
  if (match === null) throw new Error(`not an MW timestamp (YYYYMMDDHHMMSS): ${JSON.stringify(timestamp)}`)
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number]
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s))
}

/**
 * EntityChangeFactory::newForEntity: a fresh change (`id` null, no time, no compact diff
 * unless given) for an action on an entity; `fields` may set any other field.
 */
export function newEntityChange (action: ChangeAction, entityId: EntityId, fields: EntityChangeFields = {}): EntityChange {
  return {
    id: null,
    time: '',
    revisionId: 0,
    userId: 0,
    // As a fresh EntityChange's info: no compact diff until one is set.
    ...(fields.compactDiff === undefined ? { compactDiffProblem: NO_COMPACT_DIFF } : {}),
    compactDiff: fields.compactDiff ?? emptyEntityDiffChangedAspects(),
    ...withoutUndefined(fields),
    action,
    entityId,
    entityType: entityTypeOf(entityId)
  }
}

function withoutUndefined<T extends object> (fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T
}

/**
 * EntityChangeFactory::newFromUpdate: the change for `old → new`, holding the compact diff of
 * the two (creation when `old` is null, deletion when `new` is null). Both null, entities of
 * different types or with different ids are errors.
 */
export function newFromUpdate (
  action: EntityChangeAction,
  oldEntity: WikibaseEntity | null,
  newEntity: WikibaseEntity | null,
  options: EntityDiffChangedAspectsOptions = {}
): EntityChange {
  if (oldEntity === null && newEntity === null) throw new EntityChangeUpdateError('both the old and the new entity are null')
  if (oldEntity !== null && newEntity !== null) {
    if (oldEntity.type !== newEntity.type) throw new EntityChangeUpdateError(`old entity is a ${oldEntity.type}, new entity a ${newEntity.type}`)
    if (oldEntity.id !== newEntity.id) throw new EntityChangeUpdateError(`old entity is ${String(oldEntity.id)}, new entity ${String(newEntity.id)}`)
  }
  const entity = (newEntity ?? oldEntity)!
  const entityId = parseEntityId(entity.id)
  if (entity.type !== entityTypeOf(entityId)) throw new EntityChangeUpdateError(`entity ${entityId} is not a ${entity.type}`)
  return newEntityChange(action, entityId, { compactDiff: entityDiffChangedAspectsFromEntities(oldEntity, newEntity, options) })
}

/**
 * `getMetadata()`: `{}` when the info has no `metadata`; otherwise the stored metadata over
 * the defaults `page_id = 0, rev_id = 0, parent_id = 0`.
 */
export function changeMetadata (change: Pick<EntityChange, 'metadata'>): ChangeMetadata {
  if (change.metadata === undefined) return {}
  return { page_id: 0, rev_id: 0, parent_id: 0, ...change.metadata }
}

/** `getComment()`: the metadata comment, else the message key `wikibase-comment-<action>`. */
export function changeComment (change: Pick<EntityChange, 'metadata' | 'action'>): string {
  return change.metadata?.comment ?? `wikibase-comment-${change.action}`
}

/**
 * `setMetadata()`: merges the allowed keys of `metadata` over the existing metadata (other
 * keys are dropped) and fills in `comment` from {@link changeComment} when none is set.
 * Returns a new change; the given one is not modified.
 */
export function setChangeMetadata (change: EntityChange, metadata: Record<string, unknown>): EntityChange {
  const merged: Record<string, unknown> = { ...change.metadata }
  for (const key of METADATA_KEYS) {
    if (metadata[key] !== undefined) merged[key] = metadata[key]
  }
  if (merged.comment === undefined) merged.comment = changeComment(change)
  return { ...change, metadata: merged as ChangeMetadata }
}

/** `addUserMetadata()`: sets the user id and metadata `user_text`, `central_user_id`. */
export function addUserMetadata (change: EntityChange, repoUserId: number, userText: string, centralUserId: number): EntityChange {
  return setChangeMetadata({ ...change, userId: repoUserId }, { user_text: userText, central_user_id: centralUserId })
}

export type SiteLinkDiffOp =
  | { op: 'add', newValue: string }
  | { op: 'remove', oldValue: string }
  | { op: 'change', oldValue: string, newValue: string }

/**
 * ItemChange::getSiteLinkDiff: per site whose page title changed, the `name` diff op
 * (add / remove / change). Badge-only changes (`[null, null, true]`) are left out. A missing
 * or invalid compact diff gives `{}` after telling `onWarning`.
 */
export function getSiteLinkDiff (
  change: Pick<EntityChange, 'compactDiff' | 'compactDiffProblem'>,
  onWarning: (message: string) => void = () => {}
): Record<string, { name: SiteLinkDiffOp }> {
  const problem = change.compactDiffProblem
  if (problem?.kind === 'missing' && problem.stored === undefined) {
    onWarning('change has no compact diff; no sitelink diff')
    return {}
  }
  if (problem?.kind === 'invalid') {
    onWarning(`change has an invalid compact diff (${problem.error.message}); no sitelink diff`)
    return {}
  }
  const diff: Record<string, { name: SiteLinkDiffOp }> = {}
  for (const [site, [oldTitle, newTitle]] of Object.entries(change.compactDiff.siteLinkChanges)) {
    if (oldTitle === newTitle) continue
    if (oldTitle === null) diff[site] = { name: { op: 'add', newValue: newTitle! } }
    else if (newTitle === null) diff[site] = { name: { op: 'remove', oldValue: oldTitle } }
    else diff[site] = { name: { op: 'change', oldValue: oldTitle, newValue: newTitle } }
  }
  return diff
}
