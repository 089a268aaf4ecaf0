/**
 * (8) Remote client latency (issue 19): a repo and a remote client wiki (remotewiki of the
 * example) as two processes with a database each, connected only over HTTP (the repo's push,
 * the client's subscriptions and catch-up). One edit at a time through the repo's action API;
 * from the edit's answer (committed) to the recentchanges row committed on the remote client
 * (LISTEN/NOTIFY from a trigger on the row, received in this process). Items: Q84 and Q183,
 * whose English labels the client's seeded pages use. Target: p50 under 50 ms on the loopback.
 */
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { spawnRemoteWiki, spawnWikiProcess, type WikiProcess } from '../example-wiki/remote-process.js'
import type { RepoProcessSpec } from '../test/support/remote-repo-process.js'
import { freePort, repoEditor, waitForHttp } from '../test/support/remote-http.js'
import { createDatabase, dropDatabase } from './lib/bench-cluster.js'
import { rawRoundTrip } from './lib/raw-queue.js'
import { printTable, sleep, summary } from './lib/report.js'

export interface RemoteBenchConfig { edits: number, pollInterval: number, rawSamples: number }

const REPO_ENTRY = fileURLToPath(new URL('../test/support/remote-repo-process.ts', import.meta.url))
const HOST = '127.0.0.1'
const ITEMS = ['Q84', 'Q183']
const WARMUP = 5

export async function remoteBench (config: RemoteBenchConfig): Promise<Record<string, unknown>> {
  const suffix = randomBytes(3).toString('hex')
  const names = { repo: `wbb_rrepo_${suffix}`, client: `wbb_rclient_${suffix}` }
  const repoDatabase = await createDatabase(names.repo)
  const clientDatabase = await createDatabase(names.client)
  const processes: Array<WikiProcess<unknown>> = []
  const listener = new pg.Client({ connectionString: clientDatabase, application_name: 'wikibase-bench-remote' })
  try {
    const [repoPort, clientPort] = [await freePort(), await freePort()]
    const repoUrl = `http://${HOST}:${repoPort}/`
    const clientUrl = `http://${HOST}:${clientPort}/`
    const remoteWiki = { siteId: 'remotewiki', language: 'en', url: clientUrl, remote: true }
    const logLevel = process.env.BENCH_LOG_LEVEL ?? 'silent'
    const spec: RepoProcessSpec = {
      siteId: 'repowiki', database: repoDatabase, host: HOST, port: repoPort, adminPassword: randomBytes(12).toString('hex'),
      remoteClients: [remoteWiki], logLevel, pollInterval: config.pollInterval
    }
    const repo = await spawnWikiProcess<{ tokens: Record<string, string> }>(REPO_ENTRY, 'bench repo', { REMOTE_TEST_REPO: JSON.stringify(spec) })
    processes.push(repo)
    const client = await spawnRemoteWiki({
      siteId: 'remotewiki', language: 'en', host: HOST, port: clientPort, database: clientDatabase,
      repo: { siteId: 'repowiki', url: repoUrl.replace(/\/$/, '') },
      farm: [{ siteId: 'repowiki', language: 'en', url: repoUrl }, remoteWiki], logLevel, pollInterval: config.pollInterval
    }, repo.ready.tokens.remotewiki!)
    processes.push(client)
    await waitForHttp(`${clientUrl}wiki/Main_Page`)

    // Every injected row announces itself at its commit.
    await listener.connect()
    await listener.query(`
      CREATE FUNCTION public.bench_rc_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.rc_source = 'wb' THEN
          PERFORM pg_notify('bench_rc', (NEW.rc_params -> 'wikibase-repo-change' ->> 'object_id') || ':' || (NEW.rc_params -> 'wikibase-repo-change' ->> 'revision_id'));
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER bench_rc_notify AFTER INSERT ON wiki.recentchanges FOR EACH ROW EXECUTE FUNCTION public.bench_rc_notify();`)
    const arrivals = new Map<string, number>()
    listener.on('notification', message => { if (message.payload !== undefined) arrivals.set(message.payload, performance.now()) })
    await listener.query('LISTEN bench_rc')

    // The client subscribes over HTTP (its outbox job) once its pages are rendered.
    await subscribed(repoDatabase, ITEMS, 60_000)
    const editor = repoEditor(repoUrl)
    const latencies: number[] = []
    const missing: string[] = []
    const started = performance.now()
    for (let i = 0; i < config.edits + WARMUP; i++) {
      const entity = ITEMS[i % ITEMS.length]!
      const revision = await editor.setLabel(entity, 'en', `${entity} bench ${i}`)
      const t0 = performance.now()
      const key = `${entity}:${revision}`
      const deadline = t0 + 10_000
      while (!arrivals.has(key) && performance.now() < deadline) await sleep(0.5)
      const at = arrivals.get(key)
      if (at === undefined) { missing.push(key); continue }
      if (i >= WARMUP) latencies.push(Math.max(0, at - t0))
    }
    const seconds = (performance.now() - started) / 1000
    const raw = summary(await rawRoundTrip(config.rawSamples, { concurrency: 4, pollInterval: config.pollInterval }))
    const remote = summary(latencies)
    printTable(`Remote client latency, ${latencies.length} edits one at a time over HTTP (ms)`, [
      { measure: 'edit answered → RC row committed on the remote client', ...remote },
      { measure: 'raw graphile-worker add_job → task start', ...raw },
      { measure: 'ratio p50 (remote / raw)', p50: Math.round((remote.p50 / raw.p50) * 10) / 10 }
    ])
    return {
      config, seconds: Math.round(seconds), missing: missing.length,
      remoteClientMs: remote, rawRoundTripMs: raw,
      targets: { p50Ms: 50, p50Met: remote.p50 < 50 }
    }
  } finally {
    await listener.end().catch(() => {})
    for (const child of processes.reverse()) await child.stop()
    await dropDatabase(names.client)
    await dropDatabase(names.repo)
  }
}

/** Until the repo holds remotewiki's subscriptions to `entities`, or the deadline. */
async function subscribed (repoDatabase: string, entities: string[], timeoutMs: number): Promise<void> {
  const client = new pg.Client({ connectionString: repoDatabase, application_name: 'wikibase-bench-remote' })
  await client.connect()
  try {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const { rows } = await client.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM public.wb_changes_subscription WHERE cs_subscriber_id = 'remotewiki' AND cs_entity_id = ANY($1)", [entities])
      if (rows[0]!.n === entities.length) return
      if (Date.now() > deadline) throw new Error(`remotewiki did not subscribe to ${entities.join(', ')} within ${timeoutMs} ms`)
      await sleep(50)
    }
  } finally {
    await client.end()
  }
}
