import type { FastifyBaseLogger } from 'fastify'
import type { PoolClient } from 'pg'
import { escapeIdentifier } from 'pg'
import type { WikiDatabase } from '../../db/wiki-database.js'
import { feedChannel } from './feed-channel.js'
import { passesFilter, SSE_HEARTBEAT, sseEvent, toFeedEvent, type FeedFilter } from './feed-entry.js'
import { newestFeedId, readFeed, subscriptionsAmong, type FeedPage } from './feed-store.js'

/** One open feed stream, as the hub sees it. */
export interface FeedListener {
  readonly filter: FeedFilter
  /** Writes SSE text; false: the listener is too far behind and was closed (the hub drops it). */
  write: (text: string) => boolean
  /** Ends the stream (app closing, lost database listener). */
  end: () => void
}

interface ListenerState {
  listener: FeedListener
  /** Every entry up to this id was considered for this listener. */
  scanned: number
  /** Caught up: fed by the shared fan-out. */
  live: boolean
}

export interface FeedHubDeps {
  db: WikiDatabase
  heartbeatMs: number
  log: FastifyBaseLogger
}

/** application_name of the listener session. */
export const FEED_SESSION_NAME = 'wikibase-change-feed'

/** Entries read per query (the fan-out's and a catch-up's). */
const PAGE = 500

/**
 * All feed streams of a wiki share ONE database connection: it LISTENs on the feed's channel
 * (the edit transaction NOTIFYs at commit, feed-store.ts) and reads each batch of new entries
 * once, then fans them out in memory. A new stream first catches up from its start with its
 * own filtered reads (through the pool), then joins the fan-out when it has seen everything the
 * fan-out has. Each write is bounded by its listener (see feed-routes.ts): a slow client is
 * dropped, never buffered without end. Losing the connection ends every stream; clients resume
 * with Last-Event-ID.
 */
export class FeedHub {
  private readonly states = new Set<ListenerState>()
  private connection: Promise<PoolClient> | null = null
  /** The newest id the fan-out has read. */
  private cursor = 0
  private fetching = false
  private fetchAgain = false
  private heartbeat: NodeJS.Timeout | null = null
  private closed = false

  constructor (private readonly deps: FeedHubDeps) {}

  /** Streams open now. */
  get size (): number { return this.states.size }

  /** The newest id of the feed, read through the shared connection. */
  async newest (): Promise<number> {
    await this.connect()
    return this.cursor
  }

  /**
   * Adds a stream that resumes after `after` (null: from now). Returns a function that removes
   * it. Rejects when the app is closing or the database cannot be reached.
   */
  async add (listener: FeedListener, after: number | null): Promise<() => void> {
    if (this.closed) throw new Error('change feed: closed')
    await this.connect()
    const state: ListenerState = { listener, scanned: after ?? this.cursor, live: false }
    this.states.add(state)
    this.startHeartbeat()
    const remove = (): void => { this.states.delete(state) }
    try {
      await this.catchUp(state)
    } catch (err) {
      remove()
      throw err
    }
    return remove
  }

  /** Ends every stream and the shared connection (app close). */
  async close (): Promise<void> {
    this.closed = true
    this.endAll()
    const connection = this.connection
    this.connection = null
    // Destroyed, not returned: a LISTENing session must not go back to the pool.
    if (connection !== null) (await connection.catch(() => null))?.release(true)
  }

  private async connect (): Promise<void> {
    if (this.connection === null) {
      this.connection = this.open()
      void this.connection.catch(() => { this.connection = null })
    }
    await this.connection
  }

  private async open (): Promise<PoolClient> {
    const client = await this.deps.db.pool.connect()
    try {
      client.on('notification', () => { this.fetch() })
      client.on('error', err => { this.lose(client, err) })
      // Named, so an operator sees the feed's one session in pg_stat_activity (the session is
      // destroyed at the end, never reused with this name).
      await client.query(`SET application_name = '${FEED_SESSION_NAME}'`)
      // LISTEN before reading the newest id: nothing committed in between goes unheard.
      await client.query(`LISTEN ${escapeIdentifier(feedChannel(this.deps.db))}`)
      this.cursor = await newestFeedId(client, this.deps.db)
      return client
    } catch (err) {
      client.release(true)
      throw err
    }
  }

  private lose (client: PoolClient, err: Error): void {
    this.deps.log.warn({ err }, 'change feed: lost its database listener; streams end (clients resume with Last-Event-ID)')
    this.connection = null
    this.endAll()
    client.release(true)
  }

  private endAll (): void {
    for (const state of this.states) state.listener.end()
    this.states.clear()
    if (this.heartbeat !== null) clearInterval(this.heartbeat)
    this.heartbeat = null
  }

  private startHeartbeat (): void {
    if (this.heartbeat !== null || this.deps.heartbeatMs <= 0) return
    this.heartbeat = setInterval(() => {
      for (const state of this.states) this.write(state, SSE_HEARTBEAT)
      if (this.states.size === 0 && this.heartbeat !== null) { clearInterval(this.heartbeat); this.heartbeat = null }
    }, this.deps.heartbeatMs)
    this.heartbeat.unref()
  }

  private write (state: ListenerState, text: string): void {
    if (!state.listener.write(text)) this.states.delete(state)
  }

  /** A stream's own reads until it has seen what the fan-out has (then the fan-out feeds it). */
  private async catchUp (state: ListenerState): Promise<void> {
    while (this.states.has(state) && state.scanned < this.cursor) {
      const page = await readFeed(this.deps.db.pool, this.deps.db, state.scanned, PAGE, state.listener.filter)
      const events = page.rows.map(toFeedEvent).filter(event => event.id > state.scanned)
      if (events.length > 0) this.write(state, events.map(sseEvent).join(''))
      state.scanned = Math.max(state.scanned, page.scannedTo)
    }
    state.live = true
  }

  /** On NOTIFY: reads the new entries once for every stream; notifications during a read fold into one more read. */
  private fetch (): void {
    if (this.fetching) { this.fetchAgain = true; return }
    this.fetching = true
    void this.fetchLoop().catch(err => { this.deps.log.error({ err }, 'change feed: reading new entries failed') })
      .finally(() => { this.fetching = false })
  }

  private async fetchLoop (): Promise<void> {
    for (;;) {
      this.fetchAgain = false
      const connection = this.connection
      if (connection === null) return
      const page = await readFeed(await connection, this.deps.db, this.cursor, PAGE, { entities: null, types: null, subscriber: null })
      await this.fanOut(page, connection)
      this.cursor = Math.max(this.cursor, page.scannedTo)
      if (page.rows.length < PAGE && !this.fetchAgain) return
    }
  }

  private async fanOut (page: FeedPage, connection: Promise<PoolClient>): Promise<void> {
    if (page.rows.length === 0) return
    const events = page.rows.map(toFeedEvent)
    // Serialized once per batch, not once per stream.
    const text = new Map(events.map(event => [event.id, sseEvent(event)]))
    const sites = [...new Set([...this.states].flatMap(s => s.listener.filter.subscriber !== null ? [s.listener.filter.subscriber] : []))]
    const subscribed = await subscriptionsAmong(await connection, this.deps.db, sites, [...new Set(events.map(e => e.entityId))])
    for (const state of this.states) {
      if (!state.live) continue
      const { filter } = state.listener
      const mine = events.filter(event => event.id > state.scanned && passesFilter(event, filter) &&
        (filter.subscriber === null || subscribed.has(`${filter.subscriber} ${event.entityId}`)))
      state.scanned = Math.max(state.scanned, page.scannedTo)
      if (mine.length > 0) this.write(state, mine.map(event => text.get(event.id)!).join(''))
    }
  }
}
