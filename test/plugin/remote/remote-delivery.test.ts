import t from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import type { AddressInfo } from 'node:net'
import type { JobHelpers } from 'graphile-worker'
import { edit, FEED } from '../repo/change-feed/feed-support.js'
import { SseClient } from '../../../bench/lib/sse-client.js'
import { startWiki } from '../../support/farm.js'
import { eventually, freshDatabase, queuedJobs } from '../../support/test-database.js'
import { createTestHost } from '../../support/test-host.js'
import { wikibaseInternals } from '../../../plugin/facade.js'
import { subscribe } from '../../../plugin/repo-reader/subscriptions.js'
import { pushKey } from '../../../plugin/remote/credentials.js'
import { revokeRemoteClient } from '../../../plugin/repo/remote-clients/remote-client-store.js'
import { registerRemoteClient } from '../../support/remote-client-registration.js'
import { registerChangePushRoute } from '../../../plugin/client/remote/change-push-route.js'
import { makePullChangesTask, queuePullChanges } from '../../../jobs/pull-changes.js'
import { tasksFor } from '../../../jobs/index.js'
import { crontabFor } from '../../../jobs/crontab.js'
import { buildTaskList } from '../../../plugin/queue/task-list.js'
import { joinRunner } from '../../../plugin/queue/shared-runner.js'
import { resolveOptions } from '../../../plugin/options.js'
import { withTransaction } from '../../../plugin/db/wiki-database.js'
import { readPullCursor } from '../../../plugin/client/remote/pull-cursor-store.js'
import type { WikiDatabase } from '../../../plugin/db/wiki-database.js'

/**
 * A repo pushing to a registered remote client over real HTTP (issue 19): the client's push
 * receiver on a Fastify instance of its own, writing into a client wiki's database; the repo's
 * worker dispatching and delivering. The client wiki's worker is off, so what was pushed stays
 * visible in its inbox. (Repo and client in separate processes: the cross-process tests.)
 */
const TOKEN = 'wbc_remote-delivery-test-token-0123456789abcdef'
const SITE = 'remotewiki'

interface Teardown { teardown: (fn: () => unknown) => void }
interface Receiver { app: FastifyInstance, port: number }

async function startReceiver (t: Teardown, db: WikiDatabase, port = 0): Promise<Receiver> {
  const app = Fastify({ logger: { level: process.env.TEST_LOG_LEVEL ?? 'silent' } })
  registerChangePushRoute(app, { routePrefix: '', db, repoSiteId: 'repo', siteId: SITE, pushKey: pushKey(TOKEN), log: app.log })
  await app.listen({ port, host: '127.0.0.1' })
  t.teardown(async () => { await app.close() })
  return { app, port: (app.server.address() as AddressInfo).port }
}

async function inbox (db: WikiDatabase): Promise<Array<{ id: number, change: any }>> {
  const { rows } = await db.pool.query<{ id: string, change: any }>(
    `SELECT ci_change_id AS id, ci_change AS change FROM ${db.dataSchema}.wbc_change_inbox ORDER BY ci_change_id`)
  return rows.map(r => ({ id: Number(r.id), change: r.change }))
}

async function pendingDeliveries (repo: WikiDatabase): Promise<number[]> {
  const { rows } = await repo.pool.query<{ id: string }>(
    `SELECT cd_change_id AS id FROM ${repo.dataSchema}.wb_changes_delivery WHERE cd_site_id = $1 ORDER BY 1`, [SITE])
  return rows.map(r => Number(r.id))
}

async function setup (t: Teardown, label: string): Promise<{ repo: FastifyInstance, repoDb: WikiDatabase, repoBase: string, client: WikiDatabase, receiver: Receiver }> {
  const url = await freshDatabase(t, label)
  const clientWiki = await startWiki(t, {
    siteId: SITE, roles: ['client'], database: url, schema: { data: 'rw', queue: 'rw_jobs' },
    repo: { siteId: 'repo', schema: { data: 'repo', queue: 'repo_jobs' } }, worker: { enabled: false }
  })
  const client = wikibaseInternals(clientWiki).self
  const receiver = await startReceiver(t, client)
  // No farm clients: the remote client is known only through its registration.
  const repo = await startWiki(t, {
    siteId: 'repo', roles: ['repo'], database: url, schema: { data: 'repo', queue: 'repo_jobs' },
    worker: { pollInterval: 50 }, host: createTestHost()
  })
  await repo.listen({ port: 0, host: '127.0.0.1' })
  const repoDb = wikibaseInternals(repo).self
  // As `clients add` registers it, while the repo runs.
  await registerRemoteClient(repoDb, SITE, `http://127.0.0.1:${receiver.port}`, TOKEN)
  await subscribe(repoDb.pool, repoDb, SITE, ['Q1'])
  return { repo, repoDb, repoBase: `http://127.0.0.1:${(repo.server.address() as AddressInfo).port}`, client, receiver }
}

t.test('a registered remote client gets each dispatch run as one signed push into its inbox', async t => {
  const { repo, repoDb, client } = await setup(t, 'rdpush')
  await edit(repo, 'Q1')
  await edit(repo, 'Q2') // no subscriber: not sent
  const rows = await eventually(async () => { const r = await inbox(client); return r.length === 1 ? r : undefined })
  t.match(rows[0]!.change, { type: 'wikibase-item~update', object_id: 'Q1' })
  t.equal(rows[0]!.change.id, rows[0]!.id)
  t.equal(typeof rows[0]!.change.info, 'string', 'info is JSON text, as farm clients get it')
  t.equal((await queuedJobs(client.pool, 'rw_jobs', 'wikibase:handleInbox')).length, 1, 'the drain job was queued with the rows')
  await eventually(async () => {
    const { rows: left } = await repoDb.pool.query('SELECT 1 FROM repo.wb_changes')
    return left.length === 0 ? true : undefined
  })
  t.same(await pendingDeliveries(repoDb), [], 'delivered inline: no delivery pending')
  const { rows: state } = await repoDb.pool.query('SELECT ds_delivered_total AS n FROM repo.wb_dispatch_client_state WHERE ds_site_id = $1', [SITE])
  t.equal(Number(state[0]!.n), 1, 'counted as delivered to the remote client')
  const { rows: seen } = await client.pool.query('SELECT count(*)::int AS n FROM rw.wbc_push_seen')
  t.equal(seen[0]!.n, 1, 'the push id was recorded')
})

t.test('a revoked remote client gets nothing', async t => {
  const { repo, repoDb, client } = await setup(t, 'rdrevoke')
  await revokeRemoteClient(repoDb.pool, repoDb, SITE)
  await edit(repo, 'Q1')
  await eventually(async () => {
    const { rows } = await repoDb.pool.query('SELECT (SELECT count(*) FROM repo.wb_changes) + (SELECT count(*) FROM repo_jobs._private_jobs) AS n')
    return Number(rows[0]!.n) === 0 ? true : undefined
  })
  t.same(await inbox(client), [])
  t.same(await pendingDeliveries(repoDb), [])
})

t.test('client down: deliveries wait; the delivery job pushes them once it is back; nothing lost or duplicated', async t => {
  const { repo, repoDb, client, receiver } = await setup(t, 'rdoutage')
  await edit(repo, 'Q1')
  await eventually(async () => (await inbox(client)).length === 1 ? true : undefined)
  await receiver.app.close()
  for (let i = 0; i < 3; i++) await edit(repo, 'Q1')
  const waiting = await eventually(async () => { const d = await pendingDeliveries(repoDb); return d.length === 3 ? d : undefined })
  // The delivery job tried (no listener: connection refused) and waits for its backoff.
  const [job] = await eventually(async () => {
    const jobs = await queuedJobs(repoDb.pool, 'repo_jobs', 'wikibase:deliverChanges')
    return jobs.length === 1 && jobs[0]!.last_error !== null ? jobs : undefined
  })
  t.match(job!.last_error, /push to remotewiki failed/)
  t.equal((await inbox(client)).length, 1, 'nothing arrived meanwhile')
  await startReceiver(t, client, receiver.port)
  // The backoff made to elapse by hand: what is tested is the retry, not the machine's speed.
  await repoDb.pool.query("UPDATE repo_jobs._private_jobs SET run_at = now() WHERE task_id = (SELECT id FROM repo_jobs._private_tasks WHERE identifier = 'wikibase:deliverChanges')")
  const rows = await eventually(async () => { const r = await inbox(client); return r.length === 4 ? r : undefined })
  t.same(rows.slice(1).map(r => r.id), waiting, 'the waiting changes, in order, once each')
  await eventually(async () => (await pendingDeliveries(repoDb)).length === 0 ? true : undefined)
  const { rows: left } = await repoDb.pool.query('SELECT count(*)::int AS n FROM repo.wb_changes')
  t.equal(left[0]!.n, 0, 'every change delivered and deleted')
})

t.test('pull: after changes made while the push endpoint was down, the client catches up in order from its cursor', async t => {
  const { repo, repoDb, repoBase, client, receiver } = await setup(t, 'rdpull')
  const pull = makePullChangesTask({ db: client, repoSiteId: 'repo', siteId: SITE, repoUrl: repoBase, token: TOKEN, log: repo.log })
  const run = async (): Promise<void> => { await pull.run({ repoSiteId: 'repo' }, {} as JobHelpers) }
  await edit(repo, 'Q1') // before the first pull: pushed, not pulled
  await eventually(async () => (await inbox(client)).length === 1 ? true : undefined)
  await run()
  const start = await readPullCursor(client.pool, client, 'repo')
  t.equal(start, 1, 'the first pull starts from now: the cursor is the newest feed id')
  await receiver.app.close()
  await edit(repo, 'Q1')
  await edit(repo, 'Q2') // not subscribed: filtered out, but the cursor passes it
  await edit(repo, 'Q1')
  await eventually(async () => (await pendingDeliveries(repoDb)).length === 2 ? true : undefined)
  await run()
  const rows = await inbox(client)
  t.equal(rows.length, 3, 'the two changes made during the outage were pulled')
  t.same(rows.map(r => r.change.object_id), ['Q1', 'Q1', 'Q1'])
  t.same(rows.slice(1).map(r => r.id), await pendingDeliveries(repoDb), 'exactly the changes whose push failed, in order')
  t.equal(await readPullCursor(client.pool, client, 'repo'), 4, 'the cursor is past the unsubscribed entry too')
  await run()
  t.equal((await inbox(client)).length, 3, 'a second pull adds nothing')
  // The delayed pushes arrive too: the inbox keeps one row per change.
  await startReceiver(t, client, receiver.port)
  await repoDb.pool.query("UPDATE repo_jobs._private_jobs SET run_at = now() WHERE task_id = (SELECT id FROM repo_jobs._private_tasks WHERE identifier = 'wikibase:deliverChanges')")
  await eventually(async () => (await pendingDeliveries(repoDb)).length === 0 ? true : undefined)
  t.same((await inbox(client)).map(r => r.id), rows.map(r => r.id), 'no duplicate after the late push')
  // The drain handled the first change (as wikibase:handleInbox records it); a pull that reads
  // the feed from its start again does not queue it again.
  await client.pool.query('DELETE FROM rw.wbc_change_inbox WHERE ci_change_id = $1', [rows[0]!.id])
  await client.pool.query("INSERT INTO rw.wbc_handled_changes (hc_repo_site_id, hc_change_id) VALUES ('repo', $1)", [rows[0]!.id])
  await client.pool.query('UPDATE rw.wbc_pull_cursor SET pc_feed_id = 0')
  await run()
  t.same((await inbox(client)).map(r => r.id), rows.slice(1).map(r => r.id), 'a handled change is not pulled into the inbox again')
  t.equal(await readPullCursor(client.pool, client, 'repo'), 4)
})

t.test('feed events carry the change exactly as it is pushed', async t => {
  const { repo, repoBase, client } = await setup(t, 'rdfeed')
  await edit(repo, 'Q1')
  await edit(repo, 'Q2')
  const [pushed] = await eventually(async () => { const r = await inbox(client); return r.length === 1 ? r : undefined })
  const response = await fetch(`${repoBase}${FEED}`, { headers: { accept: 'application/json' } })
  const page = await response.json() as { changes: Array<{ changeId: number | null, entityId: string, change: unknown }> }
  t.same(page.changes.map(e => [e.entityId, e.changeId]), [['Q1', pushed!.id], ['Q2', null]])
  t.same(page.changes[0]!.change, pushed!.change, 'the wire form, info text and all')
  t.equal(page.changes[1]!.change, null, 'no wb_changes row: no change')
  const stream = new SseClient(`${repoBase}${FEED}?since=0`)
  t.teardown(() => { stream.close() })
  await stream.waitFor(c => c.events.length === 2)
  t.same(stream.events.map(e => e.data.change), [pushed!.change, null], 'the stream carries it too')
})

t.test('pullChanges on a worker: the task list and crontab of remote mode, queued at start', async t => {
  const { repo, client, receiver } = await setup(t, 'rdworker')
  const deps = { db: client, repoSiteId: 'repo', siteId: SITE, repoUrl: `http://127.0.0.1:${(repo.server.address() as AddressInfo).port}`, token: TOKEN, log: repo.log }
  const settings = resolveOptions({ siteId: SITE, roles: ['client'], database: 'postgres://x/y', repo: { siteId: 'repo' }, worker: { pollInterval: 50 } })
  // Only the remote-mode task: the inbox's drain job stays queued, so what was pulled stays visible.
  const worker = await joinRunner({
    db: client,
    settings: settings.worker,
    taskList: buildTaskList(tasksFor({ repo: null, client: null, remotePull: deps }), client.queueSchema),
    crontab: crontabFor(SITE, settings.roles, settings.repoSettings, 'repo'),
    log: repo.log
  })
  t.teardown(async () => { await worker.stop() })
  await withTransaction(client.pool, async tx => { await queuePullChanges(tx, client, 'repo') })
  await eventually(async () => await readPullCursor(client.pool, client, 'repo') === null ? undefined : true)
  await receiver.app.close()
  await edit(repo, 'Q1')
  await withTransaction(client.pool, async tx => { await queuePullChanges(tx, client, 'repo') })
  const rows = await eventually(async () => { const r = await inbox(client); return r.length === 1 ? r : undefined })
  t.match(rows[0]!.change, { object_id: 'Q1', type: 'wikibase-item~update' })
  t.equal(await readPullCursor(client.pool, client, 'repo'), 1)
  t.same((await queuedJobs(client.pool, 'rw_jobs', 'wikibase:pullChanges')).filter(j => j.last_error !== null), [], 'no failed pull')
})
