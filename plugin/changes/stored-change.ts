import { entityTypeOf, parseEntityId } from '../../hooks/ids.js'
import {
  deserializeEntityDiffChangedAspects,
  emptyEntityDiffChangedAspects,
  entityDiffChangedAspectsFromArray,
  InvalidEntityDiffChangedAspectsError,
  newEntityDiffChangedAspects,
  serializeEntityDiffChangedAspects,
  type EntityDiffChangedAspects
} from './entity-diff-changed-aspects.js'
import {
  changeType, InvalidChangeTypeError, isChangeAction, NO_COMPACT_DIFF,
  type ChangeMetadata, type CompactDiffProblem, type EntityChange
} from './entity-change.js'
import { phpJsonEncode } from './php-json.js'

/**
 * A change in its wire form: a `wb_changes` row as stored and as sent in job payloads and to
 * clients (ChangeRow's fields). `type` is `wikibase-<entityType>~<action>`; `time` an MW
 * timestamp (`''` while unset); `info` the `change_info` JSON text, with the compact diff as a
 * JSON string inside it (double encoded, as Wikibase writes it). Decoded: {@link EntityChange}.
 */
export type StoredChange = {
  id: number | null
  type: string
  time: string
  object_id: string
  revision_id: number
  user_id: number
  info: string
}

/** A change as read from `wb_changes` and sent to clients: it has its `change_id`. */
export type StoredChangeRow = StoredChange & { id: number }

/** The parts of a stored `type`: `getAction()` is what follows the first `~` (`''` if none). */
export function parseChangeType (type: string): { entityType: string, action: string } {
  const tilde = type.indexOf('~')
  const head = tilde === -1 ? type : type.slice(0, tilde)
  return { entityType: head.startsWith('wikibase-') ? head.slice('wikibase-'.length) : head, action: tilde === -1 ? '' : type.slice(tilde + 1) }
}

/**
 * `getSerializedInfo($skipKeys)`: the info as PHP stores it in `change_info` — compact diff
 * (JSON text inside the JSON), metadata, `change-ids`, the merged `changes`, then any other
 * key as it came — without the keys in `skipKeys`. An empty info is `[]`, as PHP writes it.
 */
export function encodeChangeInfo (change: EntityChange, skipKeys: readonly string[] = []): string {
  return phpJsonEncode(infoObject(change, skipKeys))
}

/** The wire form of a change; `skipInfoKeys` as for {@link encodeChangeInfo}. */
export function encodeChange (change: EntityChange, skipInfoKeys: readonly string[] = []): StoredChange {
  return { ...rowFields(change), info: encodeChangeInfo(change, skipInfoKeys) }
}

function rowFields (change: EntityChange): Omit<StoredChange, 'info'> {
  return { id: change.id, type: changeType(change), time: change.time, object_id: change.entityId, revision_id: change.revisionId, user_id: change.userId }
}

function infoObject (change: EntityChange, skipKeys: readonly string[]): Record<string, unknown> {
  const info: Record<string, unknown> = {}
  const problem = change.compactDiffProblem
  if (problem === undefined) info.compactDiff = serializeEntityDiffChangedAspects(change.compactDiff)
  else if (problem.stored !== undefined) info.compactDiff = problem.stored
  if (change.metadata !== undefined) info.metadata = change.metadata
  if (change.changeIds !== undefined) info['change-ids'] = change.changeIds
  if (change.mergedChanges !== undefined) {
    info.changes = change.mergedChanges.map(original => ({ ...rowFields(original), info: infoObject(original, []) }))
  }
  for (const [key, value] of Object.entries(change.otherInfo ?? {})) {
    if (!(key in info) && value !== undefined) info[key] = value
  }
  for (const key of skipKeys) Reflect.deleteProperty(info, key)
  return info
}

/**
 * The decoded change of a stored row. Info that is not JSON (or not a JSON object) reads as
 * `{}` after telling `onWarning`, as Wikibase does; a compact diff that does not decode is
 * kept with its {@link CompactDiffProblem} (readers tell about it, or refuse, as Wikibase
 * does). A row whose `type` or `object_id` names no entity change throws
 * InvalidChangeTypeError / InvalidEntityIdError.
 */
export function decodeChange (row: StoredChange, onWarning: (message: string) => void = () => {}): EntityChange {
  return decodeRow(row, decodeChangeInfo(row.info, onWarning), onWarning)
}

/** Info from its stored JSON text; see {@link decodeChange}. */
export function decodeChangeInfo (text: string, onWarning: (message: string) => void = () => {}): Record<string, unknown> {
  try {
    const decoded: unknown = JSON.parse(text)
    if (Array.isArray(decoded) && decoded.length === 0) return {}
    if (isObject(decoded)) return decoded
    onWarning(`change info is not a JSON object: ${text.slice(0, 100)}`)
  } catch (error) {
    onWarning(`change info is not valid JSON (${(error as Error).message}): ${text.slice(0, 100)}`)
  }
  return {}
}

function decodeRow (row: Omit<StoredChange, 'info'>, info: Record<string, unknown>, onWarning: (message: string) => void): EntityChange {
  const { entityType, action } = parseChangeType(row.type)
  if (!isChangeAction(action)) throw new InvalidChangeTypeError(row.type, 'the action is not a lowercase word')
  const entityId = parseEntityId(row.object_id)
  if (!row.type.startsWith('wikibase-') || entityType !== entityTypeOf(entityId)) {
    throw new InvalidChangeTypeError(row.type, `expected wikibase-${entityTypeOf(entityId)}~<action> for ${entityId}`)
  }
  const { compactDiff, metadata, 'change-ids': changeIds, changes, ...rest } = info
  const otherInfo: Record<string, unknown> = rest
  const decoded: { -readonly [K in keyof EntityChange]: EntityChange[K] } = {
    id: row.id,
    action,
    entityId,
    entityType: entityTypeOf(entityId),
    time: row.time,
    revisionId: row.revision_id,
    userId: row.user_id,
    ...decodeCompactDiff(compactDiff)
  }
  if (isObject(metadata)) decoded.metadata = metadata as ChangeMetadata
  else if (metadata !== undefined) otherInfo.metadata = metadata
  if (Array.isArray(changeIds)) decoded.changeIds = changeIds as Array<number | null>
  else if (changeIds !== undefined) otherInfo['change-ids'] = changeIds
  if (changes !== undefined) {
    const originals = decodeOriginals(changes, onWarning)
    if (originals !== null) decoded.mergedChanges = originals
    else otherInfo.changes = changes
  }
  if (Object.keys(otherInfo).length > 0) decoded.otherInfo = otherInfo
  return decoded
}

/** The merged originals of a coalesced change; null (after a warning) when they do not decode. */
function decodeOriginals (changes: unknown, onWarning: (message: string) => void): EntityChange[] | null {
  try {
    if (!Array.isArray(changes)) throw new Error('not a list')
    return changes.map((original: unknown) => {
      if (!isObject(original)) throw new Error('an original is not an object')
      const { info, ...fields } = original
      const infoFields = typeof info === 'string' ? decodeChangeInfo(info, onWarning) : isObject(info) ? info : {}
      return decodeRow(fields as Omit<StoredChange, 'info'>, infoFields, onWarning)
    })
  } catch (error) {
    onWarning(`the merged changes of a coalesced change do not decode (${(error as Error).message}); kept as they are`)
    return null
  }
}

/** The compact diff however it is stored (JSON text, array form, or aspects). */
function decodeCompactDiff (stored: unknown): { compactDiff: EntityDiffChangedAspects, compactDiffProblem?: CompactDiffProblem } {
  if (stored === undefined) return { compactDiff: emptyEntityDiffChangedAspects(), compactDiffProblem: NO_COMPACT_DIFF }
  if (stored === null) return { compactDiff: emptyEntityDiffChangedAspects(), compactDiffProblem: { kind: 'missing', stored: null } }
  try {
    if (typeof stored === 'string') return { compactDiff: deserializeEntityDiffChangedAspects(stored) }
    if (isObject(stored) && !('arrayFormatVersion' in stored)) {
      return { compactDiff: newEntityDiffChangedAspects(stored as Parameters<typeof newEntityDiffChangedAspects>[0]) }
    }
    return { compactDiff: entityDiffChangedAspectsFromArray(stored) }
  } catch (error) {
    if (!(error instanceof InvalidEntityDiffChangedAspectsError)) throw error
    return { compactDiff: emptyEntityDiffChangedAspects(), compactDiffProblem: { kind: 'invalid', error, stored } }
  }
}

function isObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
