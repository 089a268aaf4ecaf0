/**
 * A repo and N client wikis, each in its own database on one PostgreSQL cluster, with the
 * small real host of the tests (test/support/test-host.ts). Workers run either in this
 * process or in child processes (child-workers.ts) that can be SIGKILLed. Used by the
 * benchmarks and by the fault tests.
 */
import { randomBytes } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import pg from 'pg'
import wikibase, { type WikibaseOptions } from '../../plugin/index.js'
import { createTestHost, type TestHost } from '../../test/support/test-host.js'
import { createDatabase, dropDatabase } from './bench-cluster.js'
import { createEntity, editEntity, type EditContext, type EditResult } from '../../plugin/repo/entities/entity-editor.js'
import type { EntityId } from '../../hooks/ids.js'
import type { WikibaseEntity } from '../../plugin/changes/wikibase-entity.js'
import { wikibaseInternals } from '../../plugin/facade.js'

/** One wiki as a worker process needs it: JSON-only options (no host, no pool). */
export interface WikiDefinition {
  options: Omit<WikibaseOptions, 'host' | 'pool'> & { database: string }
  /** Schema of the host's tables (pages, recentchanges) in the wiki's database. */
  hostSchema: string
}

export interface Wiki {
  siteId: string
  database: string
  url: string
  queueSchema: string
  dataSchema: string
  hostSchema: string
  app: FastifyInstance
  host: TestHost
  /** The pool of the wiki's database: the plugin's, the host's, and for assertions. */
  pool: pg.Pool
}

/**
 * Connections the wikis sharing one pool need: per runner one LISTEN connection and, per
 * concurrent job, the job's transaction plus the host's own queries (a job holding its
 * transaction waits for a second connection, so fewer deadlocks the pool), plus some slack.
 */
export function poolSize (wikis: WikiDefinition[], workerEnabled: boolean): number {
  if (!workerEnabled) return 6
  // Wikis sharing a queue schema (FarmSpec.sharedQueue) are served by one runner: counted once.
  const runners = new Map<string, number>()
  for (const w of wikis) {
    const key = w.options.schema?.queue === undefined ? `own:${w.options.siteId}` : `${w.options.database}|${w.options.schema.queue}`
    runners.set(key, Math.max(runners.get(key) ?? 0, w.options.worker?.concurrency ?? 4))
  }
  return [...runners.values()].reduce((n, concurrency) => n + 1 + 2 * concurrency, 0) + 4
}

/**
 * Starts wikis in this process with the bench host. Wikis in the same database share one
 * pool (`poolMax` connections), so a farm of many clients fits in max_connections.
 */
export async function startWikiApps (definitions: WikiDefinition[], workerEnabled: boolean, poolMax?: number, logLevel = process.env.BENCH_LOG_LEVEL ?? 'silent'): Promise<{ wikis: Wiki[], close: () => Promise<void> }> {
  const pools = new Map<string, pg.Pool>()
  const wikis: Wiki[] = []
  const close = async (): Promise<void> => {
    for (const wiki of wikis.splice(0).reverse()) await wiki.app.close()
    for (const pool of pools.values()) await pool.end()
    pools.clear()
  }
  try {
    for (const definition of definitions) {
      const url = definition.options.database
      let pool = pools.get(url)
      if (pool === undefined) {
        pool = new pg.Pool({ connectionString: url, max: poolMax ?? poolSize(definitions.filter(d => d.options.database === url), workerEnabled), idleTimeoutMillis: 2000, application_name: 'wikibase-bench' })
        pool.on('error', () => {})
        pool.on('connect', client => { client.on('error', () => {}) })
        pools.set(url, pool)
      }
      const host = await createTestHost({ pool, schema: definition.hostSchema }).ready()
      const app = Fastify({ logger: { level: logLevel } })
      const { database: _database, ...options } = definition.options
      const worker = { ...options.worker, enabled: workerEnabled && (options.worker?.enabled ?? true) }
      await app.register(wikibase, { ...options, pool, worker, host })
      await app.ready()
      const self = wikibaseInternals(app).self
      wikis.push({ siteId: options.siteId, database: new URL(url).pathname.slice(1), url, queueSchema: self.queueSchema, dataSchema: self.dataSchema, hostSchema: definition.hostSchema, app, host, pool })
    }
  } catch (error) {
    await close()
    throw error
  }
  return { wikis, close }
}

export interface FarmSpec {
  label: string
  clients: number
  worker?: { concurrency?: number, pollInterval?: number, heartbeatInterval?: number, deadAfter?: number }
  /** Worker concurrency of each client (default: worker.concurrency). */
  clientConcurrency?: number
  repoSettings?: WikibaseOptions['repoSettings']
  clientSettings?: WikibaseOptions['client']
  /** Where the job workers run: here, or in child processes started with `spawnWorkers`. */
  workers: 'in-process' | 'child'
  /** 'databases': a database per client; 'schemas': all clients in one database, a schema each. */
  layout?: 'databases' | 'schemas'
  /**
   * With layout 'schemas': every client's jobs in one queue schema (`clients_jobs`), for the
   * one job runner serving many wikis (issue 18, `runner`). Default SHARED_CLIENT_QUEUE.
   */
  sharedQueue?: boolean
}

/**
 * THE switch for all benchmarks and tests using the farm: clients of a 'schemas' farm share
 * one queue schema, served by one job runner per process (plugin/queue/shared-runner.ts).
 * On by default; BENCH_SHARED_QUEUE=0 gives each client its own queue and runner.
 */
export const SHARED_CLIENT_QUEUE = process.env.BENCH_SHARED_QUEUE !== '0'

export interface Farm {
  spec: FarmSpec
  repo: Wiki
  clients: Wiki[]
  /** [repo, ...clients] */
  definitions: WikiDefinition[]
  ctx: EditContext
  close: () => Promise<void>
}

export const editor = { id: 5, name: 'Editor', anonymous: false, bot: false }
export const botUser = { id: 6, name: 'Bot', anonymous: false, bot: true }

export async function startFarm (spec: FarmSpec): Promise<Farm> {
  const tag = `${spec.label.replace(/[^a-z0-9]/g, '').slice(0, 16)}_${randomBytes(3).toString('hex')}`
  const layout = spec.layout ?? 'databases'
  const repoName = `wbb_${tag}_repo`
  const clientNames = layout === 'schemas' ? [`wbb_${tag}_clients`] : Array.from({ length: spec.clients }, (_, i) => `wbb_${tag}_c${i}`)
  const databases = [repoName, ...clientNames]
  const repoUrl = await createDatabase(repoName)
  const clientUrls = await Promise.all(clientNames.map(createDatabase))
  const worker = { concurrency: 4, pollInterval: 1000, ...spec.worker }
  const clientIds = Array.from({ length: spec.clients }, (_, i) => `client${i}wiki`)
  const sharedQueue = layout === 'schemas' && (spec.sharedQueue ?? SHARED_CLIENT_QUEUE)
  const where = (i: number): { database: string, schema?: { data: string, queue: string } } =>
    layout === 'schemas' ? { database: clientUrls[0]!, schema: { data: `c${i}`, queue: sharedQueue ? 'clients_jobs' : `c${i}_jobs` } } : { database: clientUrls[i]! }
  const definitions: WikiDefinition[] = [
    {
      hostSchema: 'host',
      options: {
        siteId: 'repowiki', roles: ['repo'], database: repoUrl, worker,
        clients: clientIds.map((siteId, i) => ({ siteId, ...where(i) })),
        repoSettings: { resubmitSchedule: '', ...spec.repoSettings }
      }
    },
    ...clientIds.map((siteId, i) => ({
      hostSchema: layout === 'schemas' ? `host${i}` : 'host',
      options: {
        siteId, roles: ['client' as const], ...where(i), worker: { ...worker, concurrency: spec.clientConcurrency ?? worker.concurrency },
        repo: { siteId: 'repowiki', database: repoUrl }, client: spec.clientSettings ?? {}
      }
    }))
  ]
  const inProcess = spec.workers === 'in-process'
  const clientApps = await startWikiApps(definitions.slice(1), inProcess, inProcess ? undefined : 4)
  const repoApp = await startWikiApps(definitions.slice(0, 1), inProcess, inProcess ? undefined : 22)
  const repo = repoApp.wikis[0]!
  // The editor called directly, as the plugin's routes call it: with the repo's dispatch delay.
  const ctx: EditContext = { db: wikibaseInternals(repo.app).self, host: repo.host, user: editor, dispatchDelayMs: wikibaseInternals(repo.app).options.repoSettings.dispatchDelay, dispatchShards: wikibaseInternals(repo.app).options.repoSettings.dispatchShards }
  return {
    spec, repo, clients: clientApps.wikis, definitions, ctx,
    close: async () => {
      await repoApp.close()
      await clientApps.close()
      for (const name of databases) await dropDatabase(name)
    }
  }
}

export const item = (labels: Record<string, string>): WikibaseEntity => ({
  type: 'item',
  labels: Object.fromEntries(Object.entries(labels).map(([language, value]) => [language, { language, value }])),
  descriptions: {}, aliases: {}, claims: {}, sitelinks: {}
} as unknown as WikibaseEntity)

/** Creates `n` items, `parallel` at a time; returns their ids in order. */
export async function createItems (farm: Farm, n: number, parallel = 8): Promise<EntityId[]> {
  const ids: EntityId[] = new Array(n)
  let next = 0
  await Promise.all(Array.from({ length: Math.min(parallel, n) }, async () => {
    for (;;) {
      const i = next++
      if (i >= n) return
      ids[i] = (await createEntity(farm.ctx, 'item', item({ en: `Item ${i}` }))).entityId
    }
  }))
  return ids
}

/** An edit of the item's English label (a change every subscribed L.en / X usage sees). */
export async function editLabel (farm: Farm, entityId: EntityId, value: string, ctx: EditContext = farm.ctx, comment = 'bench edit'): Promise<EditResult> {
  return await editEntity(ctx, entityId, entity => ({ ...entity, labels: { ...entity.labels, en: { language: 'en', value } } }), { comment, bot: ctx.user.bot })
}

/**
 * On every client, `pagesPerEntity` pages use each entity (aspect `L.en`): host pages,
 * wbc_entity_usage rows, and the client's subscription in the repo; in bulk SQL.
 */
export async function usePages (farm: Farm, entityIds: readonly string[], pagesPerEntity = 1, aspect = 'L.en', clients: Wiki[] = farm.clients): Promise<void> {
  for (const client of clients) {
    const h = pg.escapeIdentifier(client.hostSchema)
    await client.pool.query(`
      WITH e AS (SELECT id, ord FROM unnest($1::text[]) WITH ORDINALITY AS u(id, ord)),
      p AS (
        INSERT INTO ${h}.page (page_namespace, page_title, page_latest, page_len, page_lang)
        SELECT 0, 'Page_' || e.id || '_' || n, 1, 100, 'en' FROM e, generate_series(1, $2::int) AS n
        ON CONFLICT DO NOTHING
        RETURNING page_id, page_title)
      INSERT INTO ${pg.escapeIdentifier(client.dataSchema)}.wbc_entity_usage (eu_entity_id, eu_aspect, eu_page_id)
      SELECT split_part(p.page_title, '_', 2), $3, p.page_id FROM p
      ON CONFLICT DO NOTHING`, [entityIds, pagesPerEntity, aspect])
    await farm.repo.pool.query(`
      INSERT INTO wb_changes_subscription (cs_entity_id, cs_subscriber_id)
      SELECT id, $2 FROM unnest($1::text[]) AS id ON CONFLICT DO NOTHING`, [entityIds, client.siteId])
  }
}

export interface RcArrival { key: string, at: number, client: string }

/**
 * A LISTEN connection per client: a trigger on host.recentchanges notifies at commit with
 * `<object_id>:<revision_id>` of the repo change, so arrival is measured when the row is
 * visible, without polling.
 */
export async function watchRecentChanges (
  clients: Wiki[], onRow: (arrival: RcArrival) => void, onLost: (client: string, reason: string) => void = () => {}
): Promise<() => Promise<void>> {
  let stopping = false
  const listeners: pg.Client[] = []
  for (const client of clients) {
    const h = pg.escapeIdentifier(client.hostSchema)
    await client.pool.query(`
      CREATE OR REPLACE FUNCTION ${h}.bench_rc_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify(TG_ARGV[0], (NEW.row->'rc_params'->'wikibase-repo-change'->>'object_id') || ':' ||
          (NEW.row->'rc_params'->'wikibase-repo-change'->>'revision_id'));
        RETURN NULL;
      END $$;
      DROP TRIGGER IF EXISTS bench_rc_notify ON ${h}.recentchanges;
      CREATE TRIGGER bench_rc_notify AFTER INSERT ON ${h}.recentchanges FOR EACH ROW EXECUTE FUNCTION ${h}.bench_rc_notify('bench_rc_${client.hostSchema}');`)
    const listener = new pg.Client({ connectionString: client.url, application_name: 'wikibase-bench-listen' })
    // A listener that errs or ends early stops seeing rows: said, so a missed figure is not read as slow propagation.
    listener.on('error', error => { if (!stopping) onLost(client.siteId, error.message) })
    listener.on('end', () => { if (!stopping) onLost(client.siteId, 'connection ended') })
    await listener.connect()
    listener.on('notification', message => { onRow({ key: message.payload ?? '', at: performance.now(), client: client.siteId }) })
    await listener.query(`LISTEN ${pg.escapeIdentifier(`bench_rc_${client.hostSchema}`)}`)
    listeners.push(listener)
  }
  return async () => {
    stopping = true
    for (const l of listeners) await l.end().catch(() => {})
  }
}

/** Jobs waiting or running in a wiki's queue. */
export async function queueLength (wiki: Wiki): Promise<number> {
  const q = pg.escapeIdentifier(wiki.queueSchema)
  const { rows } = await wiki.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${q}._private_jobs WHERE attempts < max_attempts`)
  return rows[0]!.n
}

/** Undelivered wb_changes rows on the repo. */
export async function changeBacklog (farm: Farm): Promise<number> {
  const { rows } = await farm.repo.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM wb_changes')
  return rows[0]!.n
}

/** One wiki per queue schema of the farm (clients sharing a queue schema give one). */
export function distinctQueues (wikis: Wiki[]): Wiki[] {
  const seen = new Map<string, Wiki>()
  for (const wiki of wikis) if (!seen.has(`${wiki.url}|${wiki.queueSchema}`)) seen.set(`${wiki.url}|${wiki.queueSchema}`, wiki)
  return [...seen.values()]
}

/** Polls until every queue of the farm is empty and the repo holds no change rows. */
export async function drained (farm: Farm, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const lengths = await Promise.all(distinctQueues([farm.repo, ...farm.clients]).map(queueLength))
    if (lengths.every(n => n === 0) && await changeBacklog(farm) === 0) return true
    if (Date.now() > deadline) return false
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}
