import { tableName, type Queryable, type WikiDatabase } from '../../db/wiki-database.js'
import type { SiteGlobalId } from '../../../hooks/ids.js'

/**
 * The ids of the repo's unrevoked remote clients (wb_remote_client): clients of the repo as
 * the configured farm clients are, for the orphan sweep and the feed's `subscriber=`. Its own
 * file so the orphan sweep can read it without depending on the registration store, which
 * depends on the sweep (a purge drops what the client holds). Sorted.
 */
export async function activeRemoteClientIds (q: Queryable, db: Pick<WikiDatabase, 'dataSchema'>): Promise<SiteGlobalId[]> {
  const { rows } = await q.query<{ id: string }>(
    `SELECT rc_site_id AS id FROM ${tableName(db, 'wb_remote_client')} WHERE rc_revoked IS NULL ORDER BY rc_site_id`)
  return rows.map(r => r.id as SiteGlobalId)
}
