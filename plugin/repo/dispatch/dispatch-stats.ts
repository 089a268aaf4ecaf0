import type { Pool } from 'pg'
import Type, { type Static } from 'typebox'
import { tableName, type WikiDatabase } from '../../db/wiki-database.js'

export const ClientDispatchStatus = Type.Object({
  siteId: Type.String(),
  pendingChanges: Type.Integer(),
  /** Seconds since the oldest pending change was made; 0 when nothing is pending. */
  lagSeconds: Type.Number(),
  lastDelivery: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  deliveredTotal: Type.Integer()
})

export const DispatchStats = Type.Object({
  /** wb_changes rows not yet delivered everywhere (Special:DispatchStats' backlog). */
  numberOfChanges: Type.Integer(),
  numberOfEntities: Type.Integer(),
  /** Rows no dispatch job has assigned yet. */
  undispatchedChanges: Type.Integer(),
  stalestTime: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  freshestTime: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  oldestAgeSeconds: Type.Number(),
  entities: Type.Array(Type.Object({ entityId: Type.String(), changes: Type.Integer(), oldestAgeSeconds: Type.Number() })),
  clients: Type.Array(ClientDispatchStatus)
})
export type DispatchStats = Static<typeof DispatchStats>

/** Backlog overall, per entity (the 20 oldest) and per client. */
export async function dispatchStats (pool: Pool, db: Pick<WikiDatabase, 'dataSchema'>, clients: readonly string[]): Promise<DispatchStats> {
  const changes = tableName(db, 'wb_changes')
  const delivery = tableName(db, 'wb_changes_delivery')
  const overall = await pool.query<{ n: number, entities: number, undispatched: number, stalest: Date | null, freshest: Date | null, age: number | null }>(
    `SELECT count(*)::int AS n, count(DISTINCT change_object_id)::int AS entities,
            count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM ${delivery} d WHERE d.cd_change_id = c.change_id))::int AS undispatched,
            min(change_time) AS stalest, max(change_time) AS freshest,
            extract(epoch FROM now() - min(change_time))::float8 AS age
       FROM ${changes} c`)
  const perEntity = await pool.query<{ entity: string, n: number, age: number }>(
    `SELECT change_object_id AS entity, count(*)::int AS n, extract(epoch FROM now() - min(change_time))::float8 AS age
       FROM ${changes} GROUP BY 1 ORDER BY min(change_time) LIMIT 20`)
  const perClient = await pool.query<{ site: string, n: number, age: number | null, last: Date | null, total: string | null }>(
    `SELECT s.site, coalesce(p.n, 0)::int AS n, p.age, st.ds_last_delivery AS last, st.ds_delivered_total AS total
       FROM unnest($1::text[]) AS s(site)
       LEFT JOIN (SELECT d.cd_site_id, count(*) AS n, extract(epoch FROM now() - min(c.change_time))::float8 AS age
                    FROM ${delivery} d JOIN ${changes} c ON c.change_id = d.cd_change_id GROUP BY 1) p ON p.cd_site_id = s.site
       LEFT JOIN ${tableName(db, 'wb_dispatch_client_state')} st ON st.ds_site_id = s.site
      ORDER BY s.site`, [clients])
  const row = overall.rows[0]!
  return {
    numberOfChanges: row.n,
    numberOfEntities: row.entities,
    undispatchedChanges: row.undispatched,
    stalestTime: row.stalest?.toISOString() ?? null,
    freshestTime: row.freshest?.toISOString() ?? null,
    oldestAgeSeconds: Math.max(0, row.age ?? 0),
    entities: perEntity.rows.map(r => ({ entityId: r.entity, changes: r.n, oldestAgeSeconds: Math.max(0, r.age) })),
    clients: perClient.rows.map(r => ({
      siteId: r.site,
      pendingChanges: r.n,
      lagSeconds: Math.max(0, r.age ?? 0),
      lastDelivery: r.last?.toISOString() ?? null,
      deliveredTotal: Number(r.total ?? 0)
    }))
  }
}
