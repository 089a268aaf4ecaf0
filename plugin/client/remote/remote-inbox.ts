import type { ClientBase } from 'pg'
import type { WikiDatabase } from '../../db/wiki-database.js'
import type { StoredChangeRow } from '../../changes/stored-change.js'
import { pushToInbox } from '../../queue/change-inbox-push.js'
import { handledAmong } from '../changes/handled-change-store.js'
import { invalidateCachedEntities } from '../../remote/remote-entity-cache.js'

/**
 * Puts changes a remote client received (a push, or a page of the feed it pulled) into its
 * inbox with their drain job, in the caller's transaction, leaving out the ones it has handled
 * already: both paths bring most changes twice (the minute's pull re-reads what was pushed,
 * the repo's late retries of a push that failed re-send what the pull brought), and a handled
 * change queued again would only be dropped by the drain; and invalidates the entity cache of
 * remote mode (plugin/remote/remote-entity-cache.ts) for them. Returns the changes put in.
 */
export async function acceptRemoteChanges (
  tx: ClientBase, db: WikiDatabase, repoSiteId: string, changes: readonly StoredChangeRow[]
): Promise<StoredChangeRow[]> {
  const handled = await handledAmong(tx, db, repoSiteId, changes.map(c => c.id))
  const unhandled = changes.filter(c => !handled.has(c.id))
  await pushToInbox(tx, db, repoSiteId, unhandled)
  // The cached reads of these entities are stale from now on — in the same transaction, so no
  // render after the change is seen reads the old entity. Farm clients have no such cache.
  await invalidateCachedEntities(tx, db, unhandled.map(c => c.object_id))
  return unhandled
}
