import { AssertionError } from 'node:assert'
import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type pg from 'pg'
import type { ClientHostServices, HostHooks, PageRecord, Tx, WikiHost } from '../hooks/contract.js'
// The plugin's `app.wikibase` decoration (its options, pool and host).
import type {} from '../plugin/index.js'
import { wikibaseInternals } from '../plugin/facade.js'

/** A recentchanges row as the host's adapter lists it (committed rows, any order). */
export interface ListedRecentChange {
  rc_id: number
  rc_timestamp: Date
  rc_namespace: number
  rc_title: string
  rc_comment: string
  rc_source: string
}

/**
 * What a wiki's own code does that the contract does not cover: the kit drives the host
 * through these. Titles are written with English namespace names (`Category:Foo bar`).
 */
export interface HostConformanceAdapter {
  /** A user's edit of page `title` with this wikitext (parse + LinksUpdateComplete in the save's transaction); the page as saved. */
  savePage: (title: string, wikitext: string) => Promise<PageRecord>
  /** The page's HTML as a reader gets it now (after any purge the plugin asked for). */
  renderedHtml: (title: string) => Promise<string>
  /** The committed rows of the host's recentchanges table. */
  recentChanges: () => Promise<ListedRecentChange[]>
  /** A deletion of the page (PageDeleteComplete in its transaction); without it that check is skipped. */
  deletePage?: (title: string) => Promise<void>
  /** A move keeping the page id (PageMoveComplete in its transaction); without it that check is skipped. */
  movePage?: (from: string, to: string) => Promise<void>
  /**
   * Headers of the plugin's REST writes in the main flow, naming a user who may create
   * properties and items (however the host's `onRequest` sets `request.wikiUser`).
   */
  restHeaders?: Record<string, string>
}

export interface HostConformanceOptions {
  /** The host's Fastify app with fastify-wikibase registered and ready. */
  app: FastifyInstance
  adapter: HostConformanceAdapter
  /** The host as registered (default `wikibaseInternals(app).host`). */
  host?: WikiHost
  /** The wiki's database (default the plugin's pool, `wikibaseInternals(app).self.pool`). */
  pool?: pg.Pool
  /** The wiki's content language (default `en`). */
  language?: string
  /** How long the main flow waits for a change to reach the page (default 30 s). */
  timeoutMs?: number
}

/** What every check works with: the host, a per-run name space for titles and ids, and the kit's own table. */
export interface ConformanceContext {
  app: FastifyInstance
  /** The kit checks a client wiki's host: the page services are there (checked before any check runs). */
  host: WikiHost<ClientHostServices>
  pool: pg.Pool
  adapter: HostConformanceAdapter
  language: string
  timeoutMs: number
  /** Unique per run, so the checks can run on a database that already holds pages. */
  nonce: string
  title: (name: string) => string
  /** An entity id of this run that no real entity has (Q900000000 and up). */
  fakeEntityId: (n: number) => string
  /** Adds a hook listener until the check ends. */
  listen: <K extends keyof HostHooks>(name: K, fn: HostHooks[K]) => void
  /** Writes a mark with a hook's `tx`: it commits or rolls back with that transaction. */
  mark: (tx: Tx, note: string) => Promise<void>
  /** The committed marks of the running check, in order. */
  marks: () => Promise<string[]>
  /** `txid_current()` of a transaction's connection. */
  txid: (tx: Tx) => Promise<string>
  /**
   * What the kit's parser function saw since the run began: `ParserFirstCallInit` when the host
   * fired it (the kit listens from its start), `function <arg>` for each `{{#conformancetest:<arg>}}`.
   */
  parserLog: string[]
  /** Polls `probe` until it gives a value, failing with `what` at the deadline. */
  waitFor: <T>(what: string, probe: () => Promise<T | undefined>) => Promise<T>
}

const CLIENT_SERVICES = ['pageIdsForTitles', 'pagesByIds', 'refreshLinks', 'purgeWebCache', 'insertRecentChanges'] as const

/** The host, when it offers a client wiki's page services (the kit's checks and main flow use them). */
function clientHost (host: WikiHost | undefined): WikiHost<ClientHostServices> {
  if (host === undefined) throw new TypeError('checkHostConformance: no host (register fastify-wikibase with `host`, or pass `host`)')
  const missing = CLIENT_SERVICES.filter(name => typeof host.services[name] !== 'function')
  if (missing.length > 0) throw new TypeError(`checkHostConformance: the kit checks a client wiki's host; this host lacks ${missing.join(', ')}`)
  return host as WikiHost<ClientHostServices>
}

export async function conformanceContext (options: HostConformanceOptions): Promise<ConformanceContext & { close: () => Promise<void>, startCheck: () => Promise<void>, endCheck: () => void }> {
  const host = clientHost(options.host ?? wikibaseInternals(options.app).host)
  const pool = options.pool ?? wikibaseInternals(options.app).self.pool
  const nonce = randomBytes(4).toString('hex')
  const table = `wikibase_conformance_${nonce}`
  await pool.query(`CREATE TABLE ${table} (id serial PRIMARY KEY, note text NOT NULL)`)
  const removers: Array<() => void> = []
  const timeoutMs = options.timeoutMs ?? 30_000
  const parserLog: string[] = []
  const removeParserInit = host.hooks.hook('ParserFirstCallInit', parser => {
    parserLog.push('ParserFirstCallInit')
    parser.setFunctionHook('conformancetest', (context, [arg = '']) => {
      parserLog.push(`function ${arg}`)
      context.output.extensionData.set('conformance', arg)
      return `<${arg}>`
    })
  })
  const fakeBase = 900_000_000 + (parseInt(nonce, 16) % 100_000) * 1000
  return {
    app: options.app,
    host,
    pool,
    adapter: options.adapter,
    language: options.language ?? 'en',
    timeoutMs,
    nonce,
    title: name => `Conformance ${nonce} ${name}`,
    fakeEntityId: n => `Q${fakeBase + n}`,
    listen: (name, fn) => { removers.push(host.hooks.hook(name, fn as never)) },
    mark: async (tx, note) => { await tx.query(`INSERT INTO ${table} (note) VALUES ($1)`, [note]) },
    marks: async () => (await pool.query<{ note: string }>(`SELECT note FROM ${table} ORDER BY id`)).rows.map(r => r.note),
    parserLog,
    txid: async tx => (await tx.query<{ txid: string }>('SELECT txid_current()::text AS txid')).rows[0]!.txid,
    waitFor: async (what, probe) => {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const value = await probe()
        if (value !== undefined) return value
        if (Date.now() > deadline) throw new AssertionError({ message: `timed out after ${timeoutMs} ms waiting for: ${what}` })
        await new Promise(resolve => setTimeout(resolve, 50))
      }
    },
    startCheck: async () => { await pool.query(`TRUNCATE ${table}`) },
    endCheck: () => { for (const remove of removers.splice(0)) remove() },
    close: async () => { removeParserInit(); await pool.query(`DROP TABLE IF EXISTS ${table}`) }
  }
}
