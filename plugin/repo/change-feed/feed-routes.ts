import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { WikiDatabase } from '../../db/wiki-database.js'
import { setRestErrorHandler } from '../rest/rest-errors.js'
import { RestApiError } from '../rest/rest-api-error.js'
import { toFeedEvent, type FeedFilter } from './feed-entry.js'
import { parseFeedRequest, type FeedStart } from './feed-query.js'
import { feedIdBefore, readFeed } from './feed-store.js'
import { findRemoteClient } from '../remote-clients/remote-client-store.js'
import type { FeedHub } from './feed-hub.js'
import { CHANGE_FEED_PATH } from './feed-openapi.js'

/** What the change feed route serves from. */
export interface FeedRouteDeps {
  routePrefix: string
  db: WikiDatabase
  /** The one database listener all streams share. */
  hub: FeedHub
  /** The configured (farm) clients: a `subscriber=` names one of them or a registered, unrevoked remote client. */
  clientIds: ReadonlySet<string>
}

/**
 * Bytes a stream may have waiting in its socket before it is dropped: a client that does not
 * read costs at most this much memory (it reconnects with Last-Event-ID and catches up).
 */
export const MAX_STREAM_BACKLOG = 1024 * 1024

/**
 * GET {routePrefix}/wikibase/v1/changes: the public change feed (beyond Wikibase; modelled on
 * Wikimedia's EventStreams, which resumes with Last-Event-ID and `since`). A stream
 * (text/event-stream) or, for `Accept: application/json`, a paged list. Parameters:
 * feed-query.ts; documented in the OpenAPI document (feed-openapi.ts) and the README.
 */
export function registerChangeFeedRoutes (fastify: FastifyInstance, deps: FeedRouteDeps): void {
  void fastify.register(async context => {
    setRestErrorHandler(context)
    // Before the server waits for open requests: streams never end by themselves.
    context.addHook('preClose', async () => { await deps.hub.close() })
    context.get(`${deps.routePrefix}/wikibase${CHANGE_FEED_PATH}`, async (request, reply) => await serveFeed(request, reply, deps))
  })
}

async function serveFeed (request: FastifyRequest, reply: FastifyReply, deps: FeedRouteDeps): Promise<unknown> {
  const parsed = parseFeedRequest(request.query as Record<string, unknown>, { accept: request.headers.accept, lastEventId: request.headers['last-event-id'] })
  if ('param' in parsed) {
    throw parsed.param === 'Last-Event-ID'
      ? new RestApiError(400, 'invalid-header', `Invalid header: 'Last-Event-ID': ${parsed.message}`, { header: parsed.param })
      : new RestApiError(400, 'invalid-query-parameter', `Invalid query parameter: '${parsed.param}': ${parsed.message}`, { parameter: parsed.param })
  }
  await checkSubscriber(parsed.filter, deps)
  if (parsed.format === 'json') {
    const after = await startId(parsed.start, deps) ?? await deps.hub.newest()
    const page = await readFeed(deps.db.pool, deps.db, after, parsed.limit, parsed.filter)
    return { changes: page.rows.map(toFeedEvent), continue: String(page.scannedTo), more: page.rows.length === parsed.limit }
  }
  const after = await startId(parsed.start, deps)
  // Connected before the stream starts: a database that cannot be reached is an error answer, not an empty stream.
  await deps.hub.newest()
  stream(reply, deps, parsed.filter, after)
  return reply
}

/**
 * `subscriber=` names a client of this repo: a configured farm client or a registered,
 * unrevoked remote client (issue 19). Any other site is refused, also one that still holds
 * subscriptions (a removed client before the orphan sweep, a revoked remote client).
 */
async function checkSubscriber (filter: FeedFilter, deps: FeedRouteDeps): Promise<void> {
  const site = filter.subscriber
  if (site === null || deps.clientIds.has(site) || await findRemoteClient(deps.db.pool, deps.db, site) !== null) return
  throw new RestApiError(400, 'invalid-query-parameter', `Invalid query parameter: 'subscriber': unknown site ${site} (not a client of this repo)`,
    { parameter: 'subscriber' })
}

/** The id to read after; null: from now on. */
async function startId (start: FeedStart, deps: FeedRouteDeps): Promise<number | null> {
  switch (start.kind) {
    case 'after': return start.id
    case 'time': return await feedIdBefore(deps.db.pool, deps.db, start.time)
    case 'oldest': return 0
    case 'newest': return null
  }
}

function stream (reply: FastifyReply, deps: FeedRouteDeps, filter: FeedFilter, after: number | null): void {
  reply.hijack()
  const raw = reply.raw
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    // nginx: pass events on at once.
    'x-accel-buffering': 'no'
  })
  raw.write(': connected\n\n')
  let open = true
  let remove = (): void => {}
  const finish = (how: 'end' | 'destroy'): void => {
    if (!open) return
    open = false
    remove()
    if (how === 'end') raw.end(); else raw.destroy()
  }
  raw.on('close', () => { finish('destroy') })
  const listener = {
    filter,
    write: (text: string): boolean => {
      if (!open) return false
      if (raw.writableLength > MAX_STREAM_BACKLOG) { finish('destroy'); return false }
      raw.write(text)
      return true
    },
    end: () => { finish('end') }
  }
  void deps.hub.add(listener, after).then(removeIt => {
    remove = removeIt
    if (!open) removeIt()
  }, (err: unknown) => {
    reply.log.warn({ err }, 'change feed: stream could not start')
    finish('end')
  })
}
