import type { RecentChangeRow } from './recent-changes-store.js'
import { table, type Queryable, type WikiDb } from './wiki-db.js'

/**
 * SQL of MediaWiki's watchlist (migration 060): a user's watched titles, and the recent changes
 * of those titles (Special:Watchlist). A title is watched whether its page exists or not, as in
 * MediaWiki (watching a red link is allowed).
 */
export interface WatchedTitle { namespace: number, title: string }

/** Watches the title; true when it was not watched before. */
export async function watchTitle (q: Queryable, db: WikiDb, userId: number, target: WatchedTitle): Promise<boolean> {
  const { rowCount } = await q.query(
    `INSERT INTO ${table(db, 'watchlist')} (wl_user, wl_namespace, wl_title) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
    [userId, target.namespace, target.title])
  return (rowCount ?? 0) > 0
}

/** Unwatches the title; true when it was watched. */
export async function unwatchTitle (q: Queryable, db: WikiDb, userId: number, target: WatchedTitle): Promise<boolean> {
  const { rowCount } = await q.query(
    `DELETE FROM ${table(db, 'watchlist')} WHERE wl_user = $1 AND wl_namespace = $2 AND wl_title = $3`,
    [userId, target.namespace, target.title])
  return (rowCount ?? 0) > 0
}

export async function isWatched (q: Queryable, db: WikiDb, userId: number, target: WatchedTitle): Promise<boolean> {
  const { rows } = await q.query(
    `SELECT 1 FROM ${table(db, 'watchlist')} WHERE wl_user = $1 AND wl_namespace = $2 AND wl_title = $3`,
    [userId, target.namespace, target.title])
  return rows.length > 0
}

/** The user's watched titles, by namespace then title (Special:EditWatchlist's order). */
export async function watchedTitles (q: Queryable, db: WikiDb, userId: number, limit: number): Promise<WatchedTitle[]> {
  const { rows } = await q.query<{ wl_namespace: number, wl_title: string }>(
    `SELECT wl_namespace, wl_title FROM ${table(db, 'watchlist')} WHERE wl_user = $1 ORDER BY wl_namespace, wl_title LIMIT $2`,
    [userId, limit])
  return rows.map(r => ({ namespace: r.wl_namespace, title: r.wl_title }))
}

export interface WatchlistQuery {
  userId: number
  limit: number
  /** Only changes newer than this (MediaWiki's `days`). */
  since: Date
  /** Leave out the rows of repo changes (`rc_source = 'wb'`). */
  hideExternal: boolean
}

/**
 * The recent changes of the user's watched titles, newest first (SpecialWatchlist's join of
 * recentchanges with watchlist on namespace and title), repo changes included unless hidden.
 * Every change is listed, as MediaWiki does with "Expand watchlist to show all changes".
 */
export async function watchlistChanges (q: Queryable, db: WikiDb, query: WatchlistQuery): Promise<RecentChangeRow[]> {
  const { rows } = await q.query<RecentChangeRow>(
    `SELECT rc.* FROM ${table(db, 'recentchanges')} rc
       JOIN ${table(db, 'watchlist')} wl ON wl.wl_namespace = rc.rc_namespace AND wl.wl_title = rc.rc_title
      WHERE wl.wl_user = $1 AND rc.rc_timestamp >= $2 ${query.hideExternal ? "AND rc.rc_source <> 'wb'" : ''}
      ORDER BY rc.rc_timestamp DESC, rc.rc_id DESC LIMIT $3`,
    [query.userId, query.since, query.limit])
  return rows
}
