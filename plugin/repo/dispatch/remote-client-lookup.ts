import type { WikiDatabase, Queryable } from '../../db/wiki-database.js'
import { tableName } from '../../db/wiki-database.js'
import { isSiteGlobalId, type SiteGlobalId } from '../../../hooks/ids.js'

type Db = Pick<WikiDatabase, 'dataSchema'>

/**
 * A registered, unrevoked remote client as dispatch needs it (repo migration 100). The same
 * shape as the registration module's RemoteClient (plugin/repo/remote-clients/, issue 19 H2):
 * `pushUrl` is the client's base URL including its routePrefix. Until that module lands this
 * file reads wb_remote_client itself; the integrator keeps one of the two (the registration
 * module's findRemoteClient answers one site; dispatch asks for all of a run's sites at once).
 */
export interface RemoteClient {
  siteId: SiteGlobalId
  pushUrl: string
  pushKey: Buffer
}

interface RemoteClientRecord { rc_site_id: string, rc_push_url: string, rc_push_key: Buffer }

/**
 * The registered, unrevoked remote clients among `siteIds`, by site id. Read per dispatch
 * run (one indexed query over just the run's unknown targets), so a client registered or
 * revoked while the repo runs is pushed to, or not, from the next run on.
 */
export async function findRemoteClients (q: Queryable, db: Db, siteIds: readonly string[]): Promise<Map<string, RemoteClient>> {
  const wanted = [...new Set(siteIds)].filter(isSiteGlobalId)
  if (wanted.length === 0) return new Map()
  const { rows } = await q.query<RemoteClientRecord>(
    `SELECT rc_site_id, rc_push_url, rc_push_key FROM ${tableName(db, 'wb_remote_client')}
      WHERE rc_site_id = ANY($1::text[]) AND rc_revoked IS NULL`, [wanted])
  return new Map(rows.map(row => [row.rc_site_id, { siteId: row.rc_site_id as SiteGlobalId, pushUrl: row.rc_push_url, pushKey: row.rc_push_key }]))
}
