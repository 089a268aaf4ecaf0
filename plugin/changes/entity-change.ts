import { entityTypeOf, parseEntityId, type EntityId } from '../../hooks/ids.js'
import {
  emptyEntityDiffChangedAspects,
  deserializeEntityDiffChangedAspects,
  entityDiffChangedAspectsFromArray,
  serializeEntityDiffChangedAspects,
  type EntityDiffChangedAspects
} from './entity-diff-changed-aspects.js'
import { entityDiffChangedAspectsFromEntities, type EntityDiffChangedAspectsOptions } from './entity-diff-changed-aspects-factory.js'
import { phpJsonEncode } from './php-json.js'
import type { WikibaseEntity } from './wikibase-entity.js'

/** `EntityChange::ADD` … `RESTORE`. */
export const ENTITY_CHANGE_ACTIONS = ['add', 'update', 'remove', 'restore'] as const
export type EntityChangeAction = (typeof ENTITY_CHANGE_ACTIONS)[number]

/** The metadata keys `setMetadata` keeps; any other key is dropped. */
export const METADATA_KEYS = ['page_id', 'bot', 'rev_id', 'parent_id', 'central_user_id', 'user_text', 'comment'] as const

export interface ChangeMetadata {
  page_id?: number
  /** `rc_bot`: 0/1 from the database, or a boolean. */
  bot?: boolean | number
  rev_id?: number
  parent_id?: number
  central_user_id?: number
  user_text?: string
  comment?: string
}

/**
 * `change_info`. `compactDiff` is held decoded while in memory and written as a JSON string
 * inside the JSON (double encoding) by {@link serializeChangeInfo}. Coalesced changes also
 * carry `change-ids` and `changes` (the merged originals).
 */
export interface ChangeInfo {
  compactDiff?: EntityDiffChangedAspects | string | Record<string, unknown>
  metadata?: ChangeMetadata
  'change-ids'?: Array<number | null>
  changes?: EntityChange[]
  [key: string]: unknown
}

/**
 * A `wb_changes` row (ChangeRow / EntityChange / ItemChange fields). `type` is
 * `wikibase-<entityType>~<action>`; `time` is an MW timestamp `YYYYMMDDHHMMSS`, or `''` while
 * unset (the change store fills in "now" when saving, as SqlChangeStore does).
 */
export interface EntityChange {
  id: number | null
  type: string
  time: string
  object_id: string
  revision_id: number
  user_id: number
  info: ChangeInfo
}

/** The same row as it travels in an `EntityChangeNotification` job: info as JSON text. */
export type SerializedEntityChange = Omit<EntityChange, 'info'> & { info: string }

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

export function isEntityChangeAction (raw: unknown): raw is EntityChangeAction {
  return typeof raw === 'string' && (ENTITY_CHANGE_ACTIONS as readonly string[]).includes(raw)
}

/** `getAction()`: the part of `type` after the first `~` (`''` if there is none). */
export function changeAction (change: Pick<EntityChange, 'type'>): string {
  const tilde = change.type.indexOf('~')
  return tilde === -1 ? '' : change.type.slice(tilde + 1)
}

/** The entity type named in `type` (`wikibase-item~update` → `item`). */
export function changeEntityType (change: Pick<EntityChange, 'type'>): string {
  const head = change.type.split('~', 1)[0] ?? ''
  return head.startsWith('wikibase-') ? head.slice('wikibase-'.length) : head
}

/** An ItemChange in Wikibase: the only kind that has a sitelink diff. */
export function isItemChange (change: Pick<EntityChange, 'type'>): boolean {
  return change.type.split('~', 1)[0] === 'wikibase-item'
}

/** `getUserId()`: `user_id`, or 0 when unset. */
export function changeUserId (change: Partial<Pick<EntityChange, 'user_id'>>): number {
  return change.user_id ?? 0
}

/** `getAge()`: seconds between `time` and `now`. */
export function changeAge (change: Pick<EntityChange, 'time'>, now: Date): number {
  return Math.round((now.getTime() - mwTimestampToDate(change.time).getTime()) / 1000)
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
 * EntityChangeFactory::newForEntity: a fresh row (`id` null) for an action on an entity,
 * `type = wikibase-<entityType>~<action>`; `fields` may set any other field.
 */
export function newEntityChange (action: EntityChangeAction, entityId: EntityId, fields: Partial<Omit<EntityChange, 'type' | 'object_id'>> = {}): EntityChange {
  return newEntityChangeForChangeType(`wikibase-${entityTypeOf(entityId)}~${action}`, entityId, fields)
}

/** EntityChangeFactory::newForChangeType: `type` must contain a `~`. */
export function newEntityChangeForChangeType (type: string, entityId: EntityId, fields: Partial<Omit<EntityChange, 'type' | 'object_id'>> = {}): EntityChange {
  if (!type.includes('~')) throw new InvalidChangeTypeError(type, 'expected wikibase-<entityType>~<action>')
  return {
    id: fields.id ?? null,
    type,
    time: fields.time ?? '',
    object_id: entityId,
    revision_id: fields.revision_id ?? 0,
    user_id: fields.user_id ?? 0,
    info: fields.info ?? {}
  }
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
  const compactDiff = entityDiffChangedAspectsFromEntities(oldEntity, newEntity, options)
  return newEntityChangeForChangeType(`wikibase-${entity.type}~${action}`, entityId, { info: { compactDiff } })
}

/**
 * `getMetadata()`: `{}` when the info has no `metadata`; otherwise the stored metadata over
 * the defaults `page_id = 0, rev_id = 0, parent_id = 0`.
 */
export function changeMetadata (change: Pick<EntityChange, 'info'>): ChangeMetadata {
  const stored = change.info.metadata
  if (stored === undefined) return {}
  return { page_id: 0, rev_id: 0, parent_id: 0, ...stored }
}

/** `getComment()`: the metadata comment, else the message key `wikibase-comment-<action>`. */
export function changeComment (change: Pick<EntityChange, 'info' | 'type'>): string {
  return change.info.metadata?.comment ?? `wikibase-comment-${changeAction(change)}`
}

/**
 * `setMetadata()`: merges the allowed keys of `metadata` over the existing metadata (other
 * keys are dropped) and fills in `comment` from {@link changeComment} when none is set.
 * Returns a new change; the given one is not modified.
 */
export function setChangeMetadata (change: EntityChange, metadata: Record<string, unknown>): EntityChange {
  const merged: Record<string, unknown> = { ...change.info.metadata }
  for (const key of METADATA_KEYS) {
    if (metadata[key] !== undefined) merged[key] = metadata[key]
  }
  if (merged.comment === undefined) merged.comment = changeComment(change)
  return { ...change, info: { ...change.info, metadata: merged as ChangeMetadata } }
}

/** `addUserMetadata()`: sets `user_id` and metadata `user_text`, `central_user_id`. */
export function addUserMetadata (change: EntityChange, repoUserId: number, userText: string, centralUserId: number): EntityChange {
  return setChangeMetadata({ ...change, user_id: repoUserId }, { user_text: userText, central_user_id: centralUserId })
}

/**
 * `getCompactDiff()`: the compact diff whichever way the info holds it (decoded, array form,
 * or JSON text); empty when there is none. Invalid content throws
 * InvalidEntityDiffChangedAspectsError.
 */
export function changeCompactDiff (change: Pick<EntityChange, 'info'>): EntityDiffChangedAspects {
  const stored = change.info.compactDiff
  if (stored === undefined || stored === null) return emptyEntityDiffChangedAspects()
  if (typeof stored === 'string') return deserializeEntityDiffChangedAspects(stored)
  if ('arrayFormatVersion' in stored) return entityDiffChangedAspectsFromArray(stored)
  return stored as EntityDiffChangedAspects
}

/** Returns a new change holding `aspects` as its compact diff. */
export function setChangeCompactDiff (change: EntityChange, aspects: EntityDiffChangedAspects): EntityChange {
  return { ...change, info: { ...change.info, compactDiff: aspects } }
}

/**
 * `getSerializedInfo($skipKeys)`: `info` as PHP would store it in `change_info`, with the
 * compact diff as a JSON string inside the JSON, and without the keys in `skipKeys`.
 */
export function serializeChangeInfo (change: Pick<EntityChange, 'info'>, skipKeys: readonly string[] = []): string {
  const info: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(change.info)) {
    if (skipKeys.includes(key) || value === undefined) continue
    if (key === 'compactDiff' && value !== null && typeof value === 'object') {
      info[key] = serializeEntityDiffChangedAspects(changeCompactDiff(change))
    } else if (key === 'changes' && Array.isArray(value)) {
      info[key] = (value as EntityChange[]).map(original => ({ ...original, info: JSON.parse(serializeChangeInfo(original)) as unknown }))
    } else {
      info[key] = value
    }
  }
  return phpJsonEncode(info)
}

/** The row as put into an `EntityChangeNotification` job: info serialized, `changes` stripped. */
export function serializeChangeForJob (change: EntityChange): SerializedEntityChange {
  return { ...change, info: serializeChangeInfo(change, ['changes']) }
}

/**
 * Info from its stored JSON text. Invalid JSON (or JSON that is not an object) reads as `{}`
 * after telling `onWarning`, as Wikibase does. The compact diff stays a string until
 * {@link changeCompactDiff} reads it.
 */
export function deserializeChangeInfo (text: string, onWarning: (message: string) => void = () => {}): ChangeInfo {
  try {
    const decoded: unknown = JSON.parse(text)
    if (Array.isArray(decoded) && decoded.length === 0) return {}
    if (typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded)) return decoded as ChangeInfo
    onWarning(`change info is not a JSON object: ${text.slice(0, 100)}`)
  } catch (error) {
    onWarning(`change info is not valid JSON (${(error as Error).message}): ${text.slice(0, 100)}`)
  }
  return {}
}

/** A row whose info arrived as JSON text (database, job parameters). */
export function deserializeChange (row: SerializedEntityChange, onWarning?: (message: string) => void): EntityChange {
  return { ...row, info: deserializeChangeInfo(row.info, onWarning) }
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
export function getSiteLinkDiff (change: Pick<EntityChange, 'info'>, onWarning: (message: string) => void = () => {}): Record<string, { name: SiteLinkDiffOp }> {
  let aspects: EntityDiffChangedAspects
  try {
    if (change.info.compactDiff === undefined) {
      onWarning('change has no compact diff; no sitelink diff')
      return {}
    }
    aspects = changeCompactDiff(change)
  } catch (error) {
    onWarning(`change has an invalid compact diff (${(error as Error).message}); no sitelink diff`)
    return {}
  }
  const diff: Record<string, { name: SiteLinkDiffOp }> = {}
  for (const [site, [oldTitle, newTitle]] of Object.entries(aspects.siteLinkChanges)) {
    if (oldTitle === newTitle) continue
    if (oldTitle === null) diff[site] = { name: { op: 'add', newValue: newTitle! } }
    else if (newTitle === null) diff[site] = { name: { op: 'remove', oldValue: oldTitle } }
    else diff[site] = { name: { op: 'change', oldValue: oldTitle, newValue: newTitle } }
  }
  return diff
}
