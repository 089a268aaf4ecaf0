import { isEntityId, isSiteGlobalId } from '../../../hooks/ids.js'
import type { FeedFilter } from './feed-entry.js'

/**
 * The feed's request, parsed from its query string and headers: pure, every refusal names the
 * parameter (or header) at fault. Where to start, first match wins: `continue` (JSON paging),
 * `Last-Event-ID` (an SSE client reconnecting), `since`, else the newest entry for a stream
 * (live only, as EventStreams) and the oldest kept for a list.
 */
export type FeedStart = { kind: 'after', id: number } | { kind: 'time', time: Date } | { kind: 'oldest' } | { kind: 'newest' }

export interface FeedRequest {
  format: 'sse' | 'json'
  start: FeedStart
  filter: FeedFilter
  /** Entries per JSON page. */
  limit: number
}

export interface FeedQueryProblem { param: string, message: string }

export const FEED_PARAMS = ['since', 'entity', 'type', 'subscriber', 'limit', 'continue'] as const
export const MAX_FEED_LIMIT = 500
export const DEFAULT_FEED_LIMIT = 50
const MAX_ENTITIES = 50
const ENTITY_TYPES = ['item', 'property', 'lexeme']
const CHANGE_TYPE = /^wikibase-(item|property|lexeme)~(add|update|remove|restore)$/
const FEED_ID = /^(0|[1-9][0-9]{0,14})$/
const ISO_TIME = /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]{1,9})?)?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$/

export function parseFeedRequest (
  query: Record<string, unknown>, headers: { accept?: string, lastEventId?: unknown }
): FeedRequest | FeedQueryProblem {
  for (const key of Object.keys(query)) {
    if (!(FEED_PARAMS as readonly string[]).includes(key)) return { param: key, message: `unknown parameter (known: ${FEED_PARAMS.join(', ')})` }
    if (typeof query[key] !== 'string') return { param: key, message: 'must be given once' }
  }
  const q = query as Partial<Record<(typeof FEED_PARAMS)[number], string>>
  const format = feedFormat(headers.accept)
  const limit = q.limit === undefined ? DEFAULT_FEED_LIMIT : Number(q.limit)
  if (q.limit !== undefined && (!/^[1-9][0-9]{0,3}$/.test(q.limit) || limit > MAX_FEED_LIMIT)) {
    return { param: 'limit', message: `must be an integer from 1 to ${MAX_FEED_LIMIT}` }
  }
  const start = feedStart(q, headers.lastEventId, format)
  if ('param' in start) return start
  const entities = q.entity === undefined ? null : splitList(q.entity)
  if (entities !== null) {
    if (entities.length === 0 || entities.length > MAX_ENTITIES) return { param: 'entity', message: `must list 1 to ${MAX_ENTITIES} entity ids` }
    const bad = entities.find(id => !isEntityId(id))
    if (bad !== undefined) return { param: 'entity', message: `${JSON.stringify(bad.slice(0, 40))} is not an entity id` }
  }
  const types = q.type === undefined ? null : splitList(q.type)
  if (types !== null) {
    const bad = types.length === 0 ? '' : types.find(type => !ENTITY_TYPES.includes(type) && !CHANGE_TYPE.test(type))
    if (bad !== undefined || types.length > 20) {
      return { param: 'type', message: 'must list entity types (item, property, lexeme) or change types (wikibase-item~update …)' }
    }
  }
  if (q.subscriber !== undefined && !isSiteGlobalId(q.subscriber)) return { param: 'subscriber', message: 'is not a site id' }
  return {
    format,
    start,
    limit,
    filter: {
      entities: entities === null ? null : [...new Set(entities)],
      types: types === null ? null : [...new Set(types)].map(type => ENTITY_TYPES.includes(type) ? `wikibase-${type}~%` : type),
      subscriber: q.subscriber ?? null
    }
  }
}

/** A JSON list for `Accept: application/json` (without event-stream); else a stream. */
export function feedFormat (accept: string | undefined): 'sse' | 'json' {
  const value = (accept ?? '').toLowerCase()
  return value.includes('application/json') && !value.includes('text/event-stream') ? 'json' : 'sse'
}

function feedStart (q: Partial<Record<string, string>>, lastEventId: unknown, format: 'sse' | 'json'): FeedStart | FeedQueryProblem {
  if (q.continue !== undefined) {
    if (format !== 'json') return { param: 'continue', message: 'pages the JSON list (Accept: application/json); a stream resumes with Last-Event-ID' }
    return FEED_ID.test(q.continue) ? { kind: 'after', id: Number(q.continue) } : { param: 'continue', message: 'is not a continue token of this feed' }
  }
  if (lastEventId !== undefined) {
    if (typeof lastEventId !== 'string' || !FEED_ID.test(lastEventId.trim())) return { param: 'Last-Event-ID', message: 'must be a change id of this feed' }
    return { kind: 'after', id: Number(lastEventId.trim()) }
  }
  if (q.since !== undefined) {
    if (FEED_ID.test(q.since)) return { kind: 'after', id: Number(q.since) }
    const time = isoTime(q.since)
    if (time === null) return { param: 'since', message: 'must be a change id or an ISO 8601 time (2026-01-31T12:00:00Z)' }
    return { kind: 'time', time }
  }
  return { kind: format === 'json' ? 'oldest' : 'newest' }
}

/** A strict ISO 8601 time: Date would take 2026-02-30 as 2 March. */
function isoTime (raw: string): Date | null {
  const match = ISO_TIME.exec(raw)
  if (match === null) return null
  const [y, mo, d, h, mi, sec] = match.slice(1).map(part => Number(part ?? 0)) as [number, number, number, number, number, number]
  const day = new Date(Date.UTC(y, mo - 1, d))
  if (day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d || h > 23 || mi > 59 || sec > 59) return null
  const time = new Date(raw)
  return Number.isFinite(time.getTime()) ? time : null
}

function splitList (raw: string): string[] {
  return raw.split(/[|,]/).map(part => part.trim()).filter(part => part !== '')
}
