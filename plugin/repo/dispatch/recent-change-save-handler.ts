import type { ClientBase } from 'pg'
import type { RecentChange } from '../../../hooks/contract.js'
import {
  addUserMetadata, getSiteLinkDiff, isItemChange, setChangeMetadata, toMwTimestamp, type EntityChange
} from '../../changes/entity-change.js'
import type { WikiDatabase } from '../../db/wiki-database.js'
import { addJob } from '../../queue/enqueue.js'
import { insertChange } from './change-store.js'
import { takeHeldChanges } from './change-holder.js'
import { hasSubscribers } from './subscription-store.js'

/** Normal edits, and page deletions/undeletions; other log entries carry no entity change. */
export function isRecentChangeToProcess (rc: Pick<RecentChange, 'rc_log_type' | 'rc_log_action'>): boolean {
  if (rc.rc_log_type === null) return true
  return rc.rc_log_type === 'delete' && (rc.rc_log_action === 'delete' || rc.rc_log_action === 'restore')
}

/** Some wiki uses the entity, or a sitelink changed (the linked site must learn of it). */
export function needsDispatching (change: EntityChange, subscribed: boolean): boolean {
  if (subscribed) return true
  return isItemChange(change) && Object.keys(getSiteLinkDiff(change)).length > 0
}

/** The change with the recentchanges row's revision, time, user and metadata copied in. */
export function withRecentChangeFields (change: EntityChange, rc: RecentChange, centralUserId: number): EntityChange {
  const withRc = setChangeMetadata(
    { ...change, revisionId: rc.rc_this_oldid, time: toMwTimestamp(rc.rc_timestamp) },
    { bot: rc.rc_bot ? 1 : 0, page_id: rc.rc_cur_id, rev_id: rc.rc_this_oldid, parent_id: rc.rc_last_oldid, comment: rc.rc_comment })
  return addUserMetadata(withRc, rc.rc_user, rc.rc_user_text, centralUserId)
}

export interface RecentChangeSaveDeps {
  db: WikiDatabase
  centralUserId: (localUserId: number) => Promise<number>
  /** Delay of the dispatch job; edits within it collapse into one dispatch run. */
  dispatchDelayMs: number
}

/**
 * RecentChangeSaveHookHandler: for each entity change held on this transaction, save a
 * wb_changes row and queue DispatchChanges — both in the host's transaction, so a rolled
 * back edit leaves neither and a committed one cannot lose its dispatch.
 */
export async function handleRecentChangeSave (rc: RecentChange, tx: ClientBase, deps: RecentChangeSaveDeps): Promise<number[]> {
  const held = takeHeldChanges(tx)
  if (held.length === 0 || !isRecentChangeToProcess(rc)) return []
  const saved: number[] = []
  for (const change of held) {
    if (!needsDispatching(change, await hasSubscribers(tx, deps.db, change.entityId))) continue
    const central = rc.rc_user === 0 ? 0 : await deps.centralUserId(rc.rc_user)
    const id = await insertChange(tx, deps.db, withRecentChangeFields(change, rc, central))
    await addJob(tx, deps.db, 'wikibase:dispatchChanges', { entityId: change.entityId }, {
      jobKey: `dispatch:${change.entityId}`,
      jobKeyMode: 'preserve_run_at',
      runAt: deps.dispatchDelayMs > 0 ? new Date(Date.now() + deps.dispatchDelayMs) : undefined
    })
    saved.push(id)
  }
  return saved
}
