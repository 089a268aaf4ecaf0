/**
 * Injected and local recentchanges rows of client wikis. The bench host has no local editors,
 * so `addLocalEdits` writes the rows a local edit leaves (rc_source `mw.edit`, as the test host
 * builds them) and the injected-to-local ratio is taken against that stated local edit volume.
 * Injected rows are those the plugin wrote (rc_params `wikibase-repo-change`, Wikibase's
 * RecentChangeFactory / ExternalChange).
 */
import pg from 'pg'
import type { Wiki } from './farm.js'

export interface RcCounts { injected: number, local: number }

/** `perClient` local edit rows in each client's host.recentchanges, in one statement each. */
export async function addLocalEdits (clients: Wiki[], perClient: number): Promise<void> {
  for (const client of clients) {
    await client.pool.query(`
      INSERT INTO ${pg.escapeIdentifier(client.hostSchema)}.recentchanges (row)
      SELECT jsonb_build_object('rc_source', 'mw.edit', 'rc_namespace', 0, 'rc_title', 'Local_' || n, 'rc_bot', false, 'rc_params', '{}'::jsonb)
        FROM generate_series(1, $1::int) AS n`, [perClient])
  }
}

/** Rows summed over `clients`. */
export async function recentChangesCounts (clients: Wiki[]): Promise<RcCounts> {
  const counts = await Promise.all(clients.map(async client => (await client.pool.query<RcCounts>(`
    SELECT count(*) FILTER (WHERE row->'rc_params' ? 'wikibase-repo-change')::int AS injected,
           count(*) FILTER (WHERE NOT coalesce(row->'rc_params' ? 'wikibase-repo-change', false))::int AS local
      FROM ${pg.escapeIdentifier(client.hostSchema)}.recentchanges`)).rows[0]!))
  return counts.reduce((a, b) => ({ injected: a.injected + b.injected, local: a.local + b.local }), { injected: 0, local: 0 })
}

/** Injected rows per local row (null without local rows). */
export const injectedToLocal = (c: RcCounts): number | null => c.local === 0 ? null : Math.round((c.injected / c.local) * 100) / 100

/**
 * Per entity, the newest repo revision among the client's injected rows (rc_params
 * `wikibase-repo-change`: object_id, revision_id): read from the table itself, the check the
 * LISTEN/NOTIFY watcher (farm.ts watchRecentChanges) is compared with.
 */
export async function newestInjectedRevisions (client: Wiki): Promise<Map<string, number>> {
  const { rows } = await client.pool.query<{ entity: string, revision: number }>(`
    SELECT row->'rc_params'->'wikibase-repo-change'->>'object_id' AS entity,
           max((row->'rc_params'->'wikibase-repo-change'->>'revision_id')::bigint)::int AS revision
      FROM ${pg.escapeIdentifier(client.hostSchema)}.recentchanges
     WHERE row->'rc_params' ? 'wikibase-repo-change'
     GROUP BY 1`)
  return new Map(rows.map(r => [r.entity, r.revision]))
}

/** Entities whose newest revision `shown` holds is at least their `last` (a coalesced row carries the newest of its run). */
export const showingLast = (last: ReadonlyMap<string, number>, shown: ReadonlyMap<string, number>): number =>
  [...last].filter(([entity, revision]) => (shown.get(entity) ?? 0) >= revision).length
