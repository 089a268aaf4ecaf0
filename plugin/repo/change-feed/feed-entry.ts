import type { StoredChangeRow } from '../../changes/stored-change.js'

/**
 * A feed entry: the row as stored (wb_change_feed), the event as the feed sends it, and the
 * filters a listener may set. Pure.
 */
export interface FeedEntryRow {
  cf_id: string
  cf_change_id: string | null
  cf_entity_id: string
  cf_type: string
  cf_revision_id: string
  cf_user_id: string
  cf_user_text: string
  cf_time: Date
  cf_aspects: Record<string, unknown>
  cf_comment: string
  /** The change's wire form with `info` as stored (jsonb); null without a wb_changes row (repo migration 120). */
  cf_change: (Omit<StoredChangeRow, 'info'> & { info: unknown }) | null
}

/** One change as the feed sends it (SSE `data:`, or an element of the JSON list). */
export interface FeedEvent {
  /** The feed id: strictly increasing in commit order, with gaps (SSE `id:`). */
  id: number
  /** The `wb_changes` id, when some client needed the change; else null. */
  changeId: number | null
  entityId: string
  /** `wikibase-<entity type>~<action>`, as Wikibase's change types. */
  type: string
  revisionId: number
  userId: number
  userText: string
  /** ISO 8601 UTC. */
  timestamp: string
  comment: string
  /** The changed aspects: Wikibase's EntityDiffChangedAspects in its array form. */
  aspects: Record<string, unknown>
  /**
   * The change as clients receive it (the wb_changes row in its wire form, as dispatch pushes
   * it), when it has one (`changeId` set); null otherwise. What a remote client's catch-up
   * puts into its inbox.
   */
  change: StoredChangeRow | null
}

/**
 * What a listener asked for; null: no restriction. `types` are SQL LIKE patterns (an entity
 * type `item` is `wikibase-item~%`), matched in memory by the live fan-out too.
 */
export interface FeedFilter {
  entities: string[] | null
  types: string[] | null
  subscriber: string | null
}

export function toFeedEvent (row: FeedEntryRow): FeedEvent {
  return {
    id: Number(row.cf_id),
    changeId: row.cf_change_id === null ? null : Number(row.cf_change_id),
    entityId: row.cf_entity_id,
    type: row.cf_type,
    revisionId: Number(row.cf_revision_id),
    userId: Number(row.cf_user_id),
    userText: row.cf_user_text,
    timestamp: row.cf_time.toISOString(),
    comment: row.cf_comment,
    aspects: row.cf_aspects,
    // info: the JSON text of the stored jsonb, as change-store.ts toStoredChange makes it for pushes.
    change: row.cf_change === null ? null : { ...row.cf_change, info: JSON.stringify(row.cf_change.info) }
  }
}

/** Whether an event passes the entity and type parts of a filter (the subscriber part needs the database). */
export function passesFilter (event: Pick<FeedEvent, 'entityId' | 'type'>, filter: FeedFilter): boolean {
  if (filter.entities !== null && !filter.entities.includes(event.entityId)) return false
  if (filter.types !== null && !filter.types.some(pattern => likeMatches(pattern, event.type))) return false
  return true
}

/** SQL LIKE for the patterns feed-query.ts makes: literal text with a trailing `%` at most. */
function likeMatches (pattern: string, value: string): boolean {
  return pattern.endsWith('%') ? value.startsWith(pattern.slice(0, -1)) : value === pattern
}

/** One SSE event. The data is one line of JSON (JSON.stringify escapes every newline). */
export function sseEvent (event: FeedEvent): string {
  return `id: ${event.id}\nevent: change\ndata: ${JSON.stringify(event)}\n\n`
}

/** An SSE comment: keeps proxies and clients from closing an idle stream. */
export const SSE_HEARTBEAT = ': heartbeat\n\n'
