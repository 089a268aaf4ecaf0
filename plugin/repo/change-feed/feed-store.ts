import type { ClientBase } from 'pg'
import { tableName, type Queryable, type WikiDatabase } from '../../db/wiki-database.js'
import { changeComment, changeMetadata, changeType, mwTimestampToDate, type EntityChange } from '../../changes/entity-change.js'
import { entityDiffChangedAspectsToArray } from '../../changes/entity-diff-changed-aspects.js'
import { feedChannel } from './feed-channel.js'
import type { FeedEntryRow, FeedFilter } from './feed-entry.js'

type Db = Pick<WikiDatabase, 'dataSchema'>

/**
 * Appends an edit's change to the feed, in the edit's transaction. The id comes from the single
 * position row, whose lock this transaction holds until it commits: ids are handed out in
 * commit order (migrations/repo/090_change_feed.sql). The NOTIFY is delivered at commit, so
 * the listeners' shared connection hears of the row only once it can be read.
 */
export async function appendToFeed (tx: ClientBase, db: Db, change: EntityChange, changeId: number | null): Promise<number> {
  const { rows } = await tx.query<{ id: string }>(
    `UPDATE ${tableName(db, 'wb_change_feed_position')} SET cfp_last_id = cfp_last_id + 1 RETURNING cfp_last_id AS id`)
  const id = Number(rows[0]!.id)
  const meta = changeMetadata(change)
  // cf_change: the change's wb_changes row (written earlier in this transaction) in its wire
  // form, as dispatch reads and pushes it (change-store.ts toStoredChange), info still jsonb.
  await tx.query(
    `INSERT INTO ${tableName(db, 'wb_change_feed')}
       (cf_id, cf_change_id, cf_entity_id, cf_type, cf_revision_id, cf_user_id, cf_user_text, cf_time, cf_aspects, cf_comment, cf_change)
     VALUES ($1, $2, $3, $4, $5, $6, $7, coalesce($8, now()), $9::jsonb, $10, (
       SELECT jsonb_build_object('id', c.change_id, 'type', c.change_type,
                'time', to_char(c.change_time AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISS'), 'object_id', c.change_object_id,
                'revision_id', c.change_revision_id, 'user_id', c.change_user_id, 'info', c.change_info)
         FROM ${tableName(db, 'wb_changes')} c WHERE c.change_id = $2))`,
    [id, changeId, change.entityId, changeType(change), change.revisionId, change.userId, meta.user_text ?? '',
      change.time === '' ? null : mwTimestampToDate(change.time), JSON.stringify(entityDiffChangedAspectsToArray(change.compactDiff)),
      changeComment(change)])
  await tx.query('SELECT pg_notify($1, $2)', [feedChannel(db), String(id)])
  return id
}

const COLUMNS = 'cf_id, cf_change_id, cf_entity_id, cf_type, cf_revision_id, cf_user_id, cf_user_text, cf_time, cf_aspects, cf_comment, cf_change'

/** A page of the feed after `after` (filtered) and how far it looked: the last id of a full page, else the newest id. */
export interface FeedPage {
  rows: FeedEntryRow[]
  scannedTo: number
}

/**
 * Up to `limit` entries after id `after` that pass `filter`, oldest first. One statement, so
 * `newest` is read in the same snapshot as the rows: a short page means nothing up to it is
 * left for this filter.
 */
export async function readFeed (q: Queryable, db: Db, after: number, limit: number, filter: FeedFilter): Promise<FeedPage> {
  const params: unknown[] = [after, limit]
  const where = ['cf_id > $1']
  if (filter.entities !== null) { params.push(filter.entities); where.push(`cf_entity_id = ANY($${params.length}::text[])`) }
  if (filter.types !== null) { params.push(filter.types); where.push(`cf_type LIKE ANY($${params.length}::text[])`) }
  if (filter.subscriber !== null) {
    params.push(filter.subscriber)
    where.push(`cf_entity_id IN (SELECT cs_entity_id FROM ${tableName(db, 'wb_changes_subscription')} WHERE cs_subscriber_id = $${params.length})`)
  }
  const { rows } = await q.query<FeedEntryRow & { newest: string }>(
    `WITH top AS (SELECT coalesce(max(cf_id), 0) AS newest FROM ${tableName(db, 'wb_change_feed')})
     SELECT f.*, top.newest FROM top LEFT JOIN LATERAL (
       SELECT ${COLUMNS} FROM ${tableName(db, 'wb_change_feed')} WHERE ${where.join(' AND ')} ORDER BY cf_id LIMIT $2
     ) f ON true`, params)
  const newest = Number(rows[0]?.newest ?? 0)
  const entries = rows.filter(row => row.cf_id !== null).map(({ newest: _n, ...row }) => row)
  const scannedTo = entries.length === limit ? Number(entries[entries.length - 1]!.cf_id) : Math.max(after, newest)
  return { rows: entries, scannedTo }
}

/** The newest id of the feed (0 when empty). */
export async function newestFeedId (q: Queryable, db: Db): Promise<number> {
  const { rows } = await q.query<{ id: string }>(`SELECT coalesce(max(cf_id), 0) AS id FROM ${tableName(db, 'wb_change_feed')}`)
  return Number(rows[0]!.id)
}

/** `since=<time>`: the id to read after so that the first entry is the first saved at or after `time`. */
export async function feedIdBefore (q: Queryable, db: Db, time: Date): Promise<number> {
  const { rows } = await q.query<{ id: string | null }>(
    `SELECT min(cf_id) - 1 AS id FROM ${tableName(db, 'wb_change_feed')} WHERE cf_time >= $1`, [time])
  // Nothing that new: read from the newest on.
  return rows[0]!.id === null ? await newestFeedId(q, db) : Number(rows[0]!.id)
}

/** Which of `entities` each of `sites` subscribes to, as `site entity` keys (live fan-out of `subscriber=`). */
export async function subscriptionsAmong (q: Queryable, db: Db, sites: readonly string[], entities: readonly string[]): Promise<Set<string>> {
  if (sites.length === 0 || entities.length === 0) return new Set()
  const { rows } = await q.query<{ site: string, entity: string }>(
    `SELECT cs_subscriber_id AS site, cs_entity_id AS entity FROM ${tableName(db, 'wb_changes_subscription')}
     WHERE cs_subscriber_id = ANY($1::text[]) AND cs_entity_id = ANY($2::text[])`, [sites, entities])
  return new Set(rows.map(row => `${row.site} ${row.entity}`))
}

/** Retention: deletes the entries saved before `cutoff`, in bounded batches; returns how many. */
export async function sweepFeed (q: Queryable, db: Db, cutoff: Date, batch = 10_000): Promise<number> {
  let total = 0
  for (;;) {
    const { rowCount } = await q.query(
      `DELETE FROM ${tableName(db, 'wb_change_feed')} WHERE cf_id IN (
         SELECT cf_id FROM ${tableName(db, 'wb_change_feed')} WHERE cf_time < $1 ORDER BY cf_id LIMIT $2)`, [cutoff, batch])
    total += rowCount ?? 0
    if ((rowCount ?? 0) < batch) return total
  }
}
