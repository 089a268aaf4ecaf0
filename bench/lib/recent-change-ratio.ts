import pg from 'pg'

/**
 * Injected-to-local recentchanges ratio (issue 18 point 4): rows a client got from repo changes
 * (`rc_source = 'wb'`) per local edit (`mw.edit` + `mw.new`). Wikimedia measured 2.3× (arwiki)
 * to 7× (nowiki) before it stopped injecting qualifier/reference edits in 2025 (meta
 * "Wikidata For Wikimedia Projects/Reduce change propagation noise", T400698); the client
 * setting `recentChangesFilter` is this project's lever on it.
 */
export interface RecentChangeSourceCounts {
  /** Rows injected for repo changes (`wb`). */
  injected: number
  /** Local edits and page creations (`mw.edit`, `mw.new`). */
  local: number
  /** Log entries (`mw.log`), not counted as edits. */
  logs: number
  /** Any other source. */
  other: number
}

/** Folds `(rc_source, count)` rows into the four kinds. */
export function recentChangeSourceCounts (rows: ReadonlyArray<{ source: string, rows: number | string }>): RecentChangeSourceCounts {
  const counts: RecentChangeSourceCounts = { injected: 0, local: 0, logs: 0, other: 0 }
  for (const row of rows) {
    const n = Number(row.rows)
    if (row.source === 'wb') counts.injected += n
    else if (row.source === 'mw.edit' || row.source === 'mw.new') counts.local += n
    else if (row.source === 'mw.log') counts.logs += n
    else counts.other += n
  }
  return counts
}

/** Injected rows per local edit; null when there was no local edit (the ratio is undefined). */
export function injectedToLocalRatio (counts: RecentChangeSourceCounts): number | null {
  return counts.local === 0 ? null : counts.injected / counts.local
}

/**
 * Where a wiki keeps recentchanges: the test host (bench farms) stores each row as jsonb in
 * `<schema>.recentchanges.row`; the example wiki has MediaWiki's columns.
 */
export type RecentChangesLayout = 'test-host' | 'example-wiki'

/** The rows per source of one wiki's recentchanges, rows at or after `since` (all when null). */
export async function countRecentChangesBySource (
  db: Pick<pg.ClientBase, 'query'>, schema: string, layout: RecentChangesLayout, since: Date | null = null
): Promise<RecentChangeSourceCounts> {
  const table = `${pg.escapeIdentifier(schema)}.recentchanges`
  const source = layout === 'test-host' ? "row->>'rc_source'" : 'rc_source'
  // The test host keeps rc_timestamp as the JSON of a Date (ISO text); the example wiki as timestamptz.
  const timestamp = layout === 'test-host' ? "(row->>'rc_timestamp')::timestamptz" : 'rc_timestamp'
  const { rows } = await db.query<{ source: string, rows: string }>(
    `SELECT ${source} AS source, count(*) AS rows FROM ${table} WHERE $1::timestamptz IS NULL OR ${timestamp} >= $1 GROUP BY 1`,
    [since])
  return recentChangeSourceCounts(rows)
}
