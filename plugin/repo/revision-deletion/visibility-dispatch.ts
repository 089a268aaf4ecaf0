import type { ClientBase } from 'pg'
import type { EntityId } from '../../../hooks/ids.js'
import type { WikiDatabase } from '../../db/wiki-database.js'
import { addJob } from '../../queue/enqueue.js'

/**
 * The repo's side of Wikibase's change modification jobs (repo/includes/ChangeModification/
 * DispatchChangeVisibilityNotificationJob.php, DispatchChangeDeletionNotificationJob.php):
 * queued in the transaction that changed the revisions or deleted the page, so a committed
 * change is never left untold.
 */

export interface RevisionVisibility { revisionId: number, visibility: number }

export async function queueVisibilityDispatch (
  tx: ClientBase, db: Pick<WikiDatabase, 'siteId' | 'queueSchema'>, entityId: EntityId, revisions: readonly RevisionVisibility[]
): Promise<void> {
  await addJob(tx, db, 'wikibase:dispatchChangeVisibility', { entityId, revisions: [...revisions] })
}

export async function queueDeletionDispatch (tx: ClientBase, db: Pick<WikiDatabase, 'siteId' | 'queueSchema'>, entityId: EntityId): Promise<void> {
  await addJob(tx, db, 'wikibase:dispatchChangeDeletion', { entityId })
}
