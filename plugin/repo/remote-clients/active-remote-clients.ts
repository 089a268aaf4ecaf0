import { tableName, type Queryable, type WikiDatabase } from '../../db/wiki-database.js'
import { isSiteGlobalId, type SiteGlobalId } from '../../../hooks/ids.js'

/**
 * The repo's unrevoked remote clients (wb_remote_client, repo migration 100): clients of the
 * repo as the configured farm clients are, for dispatch, the orphan sweep and the feed's
 * `subscriber=`. Its own file so dispatch and the orphan sweep can read it without depending
 * on the registration store, which depends on the sweep (a purge drops what the client holds).
 */

type Db = Pick<WikiDatabase, 'dataSchema'>

/** What dispatch and the routes need of an active (unrevoked) remote client. */
export interface RemoteClient {
  siteId: SiteGlobalId
  /** The client's base URL incl. its routePrefix, without a trailing slash: pushes go to `pushUrl + remotePaths.push`. */
  pushUrl: string
  pushKey: Buffer
}

export interface RemoteClientRow { rc_site_id: string, rc_push_url: string, rc_push_key: Buffer }

export function toRemoteClient (row: RemoteClientRow): RemoteClient {
  return { siteId: row.rc_site_id as SiteGlobalId, pushUrl: row.rc_push_url, pushKey: row.rc_push_key }
}

/** The ids of the unrevoked remote clients, sorted. */
export async function activeRemoteClientIds (q: Queryable, db: Db): Promise<SiteGlobalId[]> {
  const { rows } = await q.query<{ id: string }>(
    `SELECT rc_site_id AS id FROM ${tableName(db, 'wb_remote_client')} WHERE rc_revoked IS NULL ORDER BY rc_site_id`)
  return rows.map(r => r.id as SiteGlobalId)
}

/**
 * The registered, unrevoked remote clients among `siteIds`, by site id. Dispatch reads it per
 * run (one indexed query over just the run's unknown targets), so a client registered or
 * revoked while the repo runs is pushed to, or not, from the next run on.
 */
export async function findRemoteClients (q: Queryable, db: Db, siteIds: readonly string[]): Promise<Map<string, RemoteClient>> {
  const wanted = [...new Set(siteIds)].filter(isSiteGlobalId)
  if (wanted.length === 0) return new Map()
  const { rows } = await q.query<RemoteClientRow>(
    `SELECT rc_site_id, rc_push_url, rc_push_key FROM ${tableName(db, 'wb_remote_client')}
      WHERE rc_site_id = ANY($1::text[]) AND rc_revoked IS NULL`, [wanted])
  return new Map(rows.map(row => [row.rc_site_id, toRemoteClient(row)]))
}
