/**
 * Issue 19's cross-process harness: a repo (test/support/remote-repo-process.ts) and a remote
 * client wiki (example-wiki/remote-server.ts, remotewiki of `npm run example`) as two Node
 * processes with a database each, connected only over HTTP: the client gets its own
 * database's connection string, the repo's URL and its token, nothing else. Readiness is
 * checked over HTTP with a deadline; either process can be SIGKILLed and started again on the
 * same port and database. The test process reads both databases for its assertions only.
 */
import { fileURLToPath } from 'node:url'
import type pg from 'pg'
import { spawnRemoteWiki, spawnWikiProcess, type WikiProcess } from '../../example-wiki/remote-process.js'
import type { FarmWiki } from '../../example-wiki/seed/seed.js'
import { freshDatabase, testPool } from './test-database.js'
import type { RepoProcessSpec } from './remote-repo-process.js'
import { freePort, waitForHttp } from './remote-http.js'

interface Teardown { teardown: (fn: () => unknown) => void }

export const REPO_SITE = 'repowiki'
export const REMOTE_SITE = 'remotewiki'
const HOST = '127.0.0.1'
const REPO_ENTRY = fileURLToPath(new URL('./remote-repo-process.ts', import.meta.url))

/** One of the two wikis: its URL (trailing slash) and its process, which can crash and come back. */
export interface WikiNode {
  url: string
  /** The connection string of its database and a small pool on it, for assertions. */
  database: string
  pool: pg.Pool
  pid: () => number
  running: () => boolean
  /** SIGKILL: the crash. */
  kill: () => Promise<void>
  /** SIGTERM, jobs finish. */
  stop: () => Promise<void>
  /** Starts it again (same port, same database); resolves once it answers over HTTP. */
  start: () => Promise<void>
}

export interface RemotePair {
  repo: WikiNode
  client: WikiNode
  /** remotewiki's credential as `clients add` printed it. */
  token: string
  adminPassword: string
}

export interface RemotePairOptions {
  /** graphile-worker poll interval of both processes (ms; default 200). */
  pollInterval?: number
  /** Their log level (default TEST_LOG_LEVEL, else silent). */
  logLevel?: string
}

function node<Ready> (url: string, database: string, pool: pg.Pool, spawnIt: () => Promise<WikiProcess<Ready>>, onReady: (ready: Ready) => void): { node: WikiNode, first: Promise<void> } {
  let current: WikiProcess<Ready> | undefined
  let running = false
  const start = async (): Promise<void> => {
    if (running) throw new Error(`${url} is running`)
    current = await spawnIt()
    running = true
    void current.exited.then(() => { running = false })
    onReady(current.ready)
    await waitForHttp(`${url}wiki/Main_Page`)
  }
  return {
    node: {
      url,
      database,
      pool,
      pid: () => current?.pid ?? 0,
      running: () => running,
      kill: async () => { await current?.kill() },
      stop: async () => { await current?.stop() },
      start
    },
    first: start()
  }
}

interface Ports { repoUrl: string, clientUrl: string, remoteWiki: FarmWiki }

async function ports (): Promise<Ports> {
  const [repoPort, clientPort] = [await freePort(), await freePort()]
  const clientUrl = `http://${HOST}:${clientPort}/`
  return { repoUrl: `http://${HOST}:${repoPort}/`, clientUrl, remoteWiki: { siteId: REMOTE_SITE, language: 'en', url: clientUrl, remote: true } }
}

const ADMIN_PASSWORD = 'remote-pair-admin'

/** The repo process (fixture entities; remotewiki registered at `at.clientUrl`); resolves with it and remotewiki's token. */
async function startRepoNode (t: Teardown, label: string, at: Ports, logLevel: string, pollInterval: number): Promise<{ repo: WikiNode, token: () => string }> {
  const database = await freshDatabase(t, `${label}repo`)
  const port = Number(new URL(at.repoUrl).port)
  const spec: RepoProcessSpec = {
    siteId: REPO_SITE, database, host: HOST, port, adminPassword: ADMIN_PASSWORD, remoteClients: [at.remoteWiki], logLevel, pollInterval
  }
  let token = ''
  const repo = node<{ url: string, tokens: Record<string, string> }>(at.repoUrl, database, testPool(t, database),
    async () => await spawnWikiProcess(REPO_ENTRY, `${label} repo`, { REMOTE_TEST_REPO: JSON.stringify(spec) }),
    ready => { token = ready.tokens[REMOTE_SITE]! })
  await repo.first.catch(async (error: unknown) => { await repo.node.stop(); throw error })
  return { repo: repo.node, token: () => token }
}

/** The repo alone, in its process (the feed's tests need no client). */
export async function startRepoProcess (t: Teardown, label: string, options: RemotePairOptions = {}): Promise<WikiNode> {
  const logLevel = options.logLevel ?? process.env.TEST_LOG_LEVEL ?? 'silent'
  const { repo } = await startRepoNode(t, label, await ports(), logLevel, options.pollInterval ?? 200)
  t.teardown(async () => { await repo.stop() })
  return repo
}

/**
 * Starts the repo (fixture entities, remotewiki registered), then remotewiki with the token the
 * registration printed (its pages seeded: they use the repo's items, so it subscribes over
 * HTTP). Both are stopped when the test ends (SIGTERM, then SIGKILL after a grace period).
 */
export async function startRemotePair (t: Teardown, label: string, options: RemotePairOptions = {}): Promise<RemotePair> {
  const logLevel = options.logLevel ?? process.env.TEST_LOG_LEVEL ?? 'silent'
  const pollInterval = options.pollInterval ?? 200
  const at = await ports()
  const { repo, token } = await startRepoNode(t, label, at, logLevel, pollInterval)
  // The client first (its jobs finish while the repo still answers), then the repo.
  const started: { client?: WikiNode } = {}
  t.teardown(async () => { await started.client?.stop(); await repo.stop() })
  const database = await freshDatabase(t, `${label}remote`)
  const client = node(at.clientUrl, database, testPool(t, database),
    async () => await spawnRemoteWiki({
      siteId: REMOTE_SITE,
      language: 'en',
      host: HOST,
      port: Number(new URL(at.clientUrl).port),
      database,
      repo: { siteId: REPO_SITE, url: at.repoUrl.replace(/\/$/, '') },
      farm: [{ siteId: REPO_SITE, language: 'en', url: at.repoUrl }, at.remoteWiki],
      logLevel,
      adminPassword: ADMIN_PASSWORD,
      pollInterval
    }, token()), () => {})
  started.client = client.node
  await client.first
  return { repo, client: client.node, token: token(), adminPassword: ADMIN_PASSWORD }
}

/** A repo change as the client injected it into its recentchanges (the engine's `wiki` schema). */
export interface InjectedRow { entity: string, revision: number, title: string }

/** The client's injected rows, in insertion order. */
export async function injectedRows (client: WikiNode): Promise<InjectedRow[]> {
  const { rows } = await client.pool.query<{ entity: string, revision: string, title: string }>(
    `SELECT rc_params -> 'wikibase-repo-change' ->> 'object_id' AS entity, rc_params -> 'wikibase-repo-change' ->> 'revision_id' AS revision, rc_title AS title
       FROM wiki.recentchanges WHERE rc_source = 'wb' ORDER BY rc_id`)
  return rows.map(r => ({ entity: r.entity, revision: Number(r.revision), title: r.title }))
}

/** The entities the repo has remotewiki subscribed to (its rows of wb_changes_subscription). */
export async function remoteSubscriptions (repo: WikiNode): Promise<string[]> {
  const { rows } = await repo.pool.query<{ id: string }>(
    'SELECT cs_entity_id AS id FROM public.wb_changes_subscription WHERE cs_subscriber_id = $1 ORDER BY 1', [REMOTE_SITE])
  return rows.map(r => r.id)
}

/** The wb_changes ids of the repo's changes of these revisions (the feed keeps them: wb_changes is emptied by dispatch). */
export async function changeIdsOf (repo: WikiNode, revisions: number[]): Promise<Map<number, number>> {
  const { rows } = await repo.pool.query<{ revision: string, change: string | null }>(
    'SELECT cf_revision_id AS revision, cf_change_id AS change FROM public.wb_change_feed WHERE cf_revision_id = ANY($1::bigint[])', [revisions])
  return new Map(rows.filter(r => r.change !== null).map(r => [Number(r.revision), Number(r.change)]))
}

/** The repo change ids the client has handled (wbc_handled_changes), ascending. */
export async function handledChangeIds (client: WikiNode): Promise<number[]> {
  const { rows } = await client.pool.query<{ id: string }>('SELECT hc_change_id AS id FROM public.wbc_handled_changes WHERE hc_repo_site_id = $1 ORDER BY 1', [REPO_SITE])
  return rows.map(r => Number(r.id))
}

/** A page of the client as a reader gets it (the HTML). */
export async function clientPage (client: WikiNode, title: string): Promise<string> {
  const response = await fetch(`${client.url}wiki/${encodeURIComponent(title.replace(/ /g, '_'))}`)
  const html = await response.text()
  if (response.status !== 200) throw new Error(`${title}: HTTP ${response.status}`)
  return html
}
