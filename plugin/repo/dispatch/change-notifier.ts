import type { ClientBase } from 'pg'
import type { RecordedEntityEdit } from '../../../hooks/contract.js'
import {
  addUserMetadata, changeMetadata, getSiteLinkDiff, isItemChange, setChangeMetadata, toMwTimestamp, type EntityChange
} from '../../changes/entity-change.js'
import type { WikiDatabase } from '../../db/wiki-database.js'
import { HostContractError } from '../../errors.js'
import { addJob } from '../../queue/enqueue.js'
import { beforeCommit } from '../../db/before-commit.js'
import { dispatchJobKey, dispatchShard } from './dispatch-shard.js'
import { insertChange } from './change-store.js'
import { hasSubscribers } from './subscription-store.js'
import { appendToFeed } from '../change-feed/feed-store.js'

/**
 * Wikibase's ChangeNotifier + RecentChangeSaveHookHandler, without the hook: the editor hands
 * the change and what the host's `recordEntityEdit` saved for it straight here, in the edit's
 * transaction, so the change row and its dispatch job commit or roll back with the edit. The
 * host's RecentChangeSave plays no part (Wikibase needs it to learn the rc row; this plugin is
 * told), so a host that fires it never, twice or with another client makes exactly one change.
 */
export interface ChangeNotifierDeps {
  db: WikiDatabase
  centralUserId: (localUserId: number) => Promise<number>
  /** Delay of the dispatch job; edits within it collapse into one dispatch run. */
  dispatchDelayMs: number
  /** `repoSettings.dispatchShards`: the shard of a change is a hash of its entity id modulo this. */
  dispatchShards: number
}

/** Some wiki uses the entity, or a sitelink changed (the linked site must learn of it). */
export function needsDispatching (change: EntityChange, subscribed: boolean): boolean {
  if (subscribed) return true
  return isItemChange(change) && Object.keys(getSiteLinkDiff(change)).length > 0
}

/**
 * What `recordEntityEdit` answered, checked: non-negative integer ids and, when given, a valid
 * time. Anything else is the host's error (the edit fails, nothing is half saved).
 */
export function checkRecordedEdit (value: unknown): RecordedEntityEdit {
  const expected = 'must resolve to { pageId, revisionId, rcId } (non-negative integers; optional timestamp: a Date)'
  if (value === null || typeof value !== 'object') throw new HostContractError('recordEntityEdit', `${expected}; it gave ${describe(value)}`)
  const v = value as Record<string, unknown>
  for (const key of ['pageId', 'revisionId', 'rcId'] as const) {
    const n = v[key]
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
      throw new HostContractError('recordEntityEdit', `${expected}; its ${key} is ${describe(n)}`)
    }
  }
  const time = v.timestamp
  if (time !== undefined && !(time instanceof Date && Number.isFinite(time.getTime()))) {
    throw new HostContractError('recordEntityEdit', `${expected}; its timestamp is ${describe(time)}`)
  }
  return {
    pageId: v.pageId as number, revisionId: v.revisionId as number, rcId: v.rcId as number, ...(time === undefined ? {} : { timestamp: time as Date })
  }
}

/** The change as saved: the host's page id and (when given) its time, and the central user. */
export function withRecordedFields (change: EntityChange, recorded: RecordedEntityEdit, centralUserId: number): EntityChange {
  const timed = recorded.timestamp === undefined ? change : { ...change, time: toMwTimestamp(recorded.timestamp) }
  const withPage = setChangeMetadata(timed, { page_id: recorded.pageId })
  return addUserMetadata(withPage, change.userId, changeMetadata(withPage).user_text ?? '', centralUserId)
}

/**
 * Saves the change of an entity edit the host recorded: a `wb_changes` row and a (collapsing)
 * DispatchChanges job of its shard, when some client needs to hear of it, and a change feed
 * entry always. Returns the change as saved and its row id (null: no client needs it, no row
 * written).
 */
export async function notifyOnEntityEdit (
  tx: ClientBase, change: EntityChange, recorded: RecordedEntityEdit, deps: ChangeNotifierDeps
): Promise<{ change: EntityChange, changeId: number | null }> {
  const central = change.userId === 0 ? 0 : await deps.centralUserId(change.userId)
  const saved = withRecordedFields(change, recorded, central)
  const needed = needsDispatching(saved, await hasSubscribers(tx, deps.db, saved.entityId))
  const inserted = needed ? await insertChange(tx, deps.db, saved, dispatchShard(saved.entityId, deps.dispatchShards)) : null
  if (inserted !== null) {
    const { shard } = inserted
    // Last in the edit's transaction: add_job locks the shard's pending job row (every edit of
    // the shard collapses into it) until commit, so other edits of the shard wait only for this
    // commit. An edit of several entities queues each shard's job once.
    const runAt = deps.dispatchDelayMs > 0 ? new Date(Date.now() + deps.dispatchDelayMs) : undefined
    await beforeCommit(tx, dispatchJobKey(shard), async () => {
      await addJob(tx, deps.db, 'wikibase:dispatchChanges', { shard }, {
        jobKey: dispatchJobKey(shard), jobKeyMode: 'preserve_run_at', queueName: dispatchJobKey(shard), runAt
      })
    })
  }
  const changeId = inserted?.changeId ?? null
  // Every change, needed by a client or not, goes to the public feed; after the dispatch jobs
  // (keys sort `dispatch:` < `feed:`), as it holds the feed's position lock until commit
  // (change-feed/feed-store.ts).
  await beforeCommit(tx, `feed:${saved.entityId}:${recorded.revisionId}`, async () => {
    await appendToFeed(tx, deps.db, saved, changeId)
  })
  return { change: saved, changeId }
}

function describe (value: unknown): string {
  if (value instanceof Date) return 'an invalid Date'
  if (value === null || value === undefined) return String(value)
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value).slice(0, 40)}`
}
