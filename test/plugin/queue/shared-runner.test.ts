import t, { type Test } from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import Type from 'typebox'
import wikibase from '../../../plugin/index.js'
import { defineTask } from '../../../plugin/queue/task-definition.js'
import { buildTaskList } from '../../../plugin/queue/task-list.js'
import { joinRunner, sharedRunners } from '../../../plugin/queue/shared-runner.js'
import { addJob } from '../../../plugin/queue/enqueue.js'
import type { WikiWorker } from '../../../plugin/queue/worker.js'
import { withTransaction, type WikiDatabase } from '../../../plugin/db/wiki-database.js'
import type { SiteGlobalId } from '../../../hooks/ids.js'
import { eventually, freshDatabase } from '../../support/test-database.js'
import { wikibaseInternals } from '../../../plugin/facade.js'

const settings = { enabled: true, concurrency: 3, pollInterval: 50, heartbeatInterval: 1000, deadAfter: 5000 }

/** One migrated wiki whose database and queue schema `farm_jobs` the farm's wikis share. */
async function farmDatabase (t: Test, label: string) {
  const url = await freshDatabase(t, label)
  const app = Fastify({ logger: false })
  await app.register(wikibase, { siteId: 'home', roles: ['repo'], database: url, schema: { data: 'public', queue: 'farm_jobs' }, worker: { enabled: false } })
  await app.ready()
  t.teardown(async () => { await app.close() })
  return { app, db: wikibaseInternals(app).self }
}

interface FarmWiki { db: WikiDatabase, worker: WikiWorker }

/** `count` wikis of one queue in this process, each recording the jobs its own task ran. */
async function joinWikis (t: Test, home: WikiDatabase, log: Parameters<typeof joinRunner>[0]['log'], names: string[], ran: Array<[string, string]>) {
  const wikis: FarmWiki[] = []
  for (const name of names) {
    const db: WikiDatabase = { ...home, siteId: name as SiteGlobalId }
    const task = defineTask({
      name: 'wikibase:dispatchChanges',
      payload: Type.Object({ entityId: Type.String() }, { additionalProperties: false }),
      run: async payload => { ran.push([name, payload.entityId]) }
    })
    const worker = await joinRunner({ db, settings, taskList: buildTaskList([task], db.queueSchema), crontab: '', log })
    wikis.push({ db, worker })
  }
  t.teardown(async () => { for (const wiki of wikis) await wiki.worker.stop() })
  return wikis
}

const queue = async (db: WikiDatabase, entityId: string, jobKey?: string): Promise<void> => {
  await withTransaction(db.pool, async tx => {
    await addJob(tx, db, 'wikibase:dispatchChanges', { entityId }, jobKey === undefined ? {} : { jobKey })
  })
}

const farmRunners = () => sharedRunners().filter(r => r.queue.includes('"farm_jobs"'))

t.test('20 wikis sharing a queue: one runner; each job runs in its own wiki; one wiki leaving leaves the others running', async t => {
  const { app, db: home } = await farmDatabase(t, 'sharedrunner')
  const ran: Array<[string, string]> = []
  const names = Array.from({ length: 20 }, (_, i) => `wiki${i}`)
  const wikis = await joinWikis(t, home, app.log, names, ran)

  t.same(farmRunners().map(r => r.wikis), [names], 'one runner for the queue, serving the 20 wikis')
  t.equal(new Set(wikis.map(w => w.worker.runner)).size, 1, 'every wiki has the same graphile-worker runner')
  const ids = wikis[0]!.worker.workerIds()
  // graphile-worker's workers and the id of their pool (it locks with that id too).
  t.equal(ids.length, settings.concurrency + 1, 'graphile-worker workers of one runner: its concurrency, not 20 times it')
  t.ok(wikis.every(w => w.worker.workerIds().join() === ids.join()), 'the same workers for every wiki')
  // Each graphile-worker runner keeps one connection LISTENing for new jobs: count them in PostgreSQL.
  const listeners = await eventually(async () => {
    const { rows } = await home.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE \'LISTEN "jobs:insert"%\'')
    return rows[0]!.n > 0 ? rows[0]!.n : undefined
  })
  t.equal(listeners, 1, 'one connection listens for the queue\'s new jobs, not 20')

  for (const [i, wiki] of wikis.entries()) await queue(wiki.db, `Q${i}`)
  await eventually(async () => ran.length >= 20 ? true : undefined)
  t.same([...ran].sort(), names.map((name, i) => [name, `Q${i}`]).sort(), "each wiki's job ran in that wiki's task, once")

  // A wiki leaves: the runner goes on for the others; its jobs wait for a runner that serves it.
  await wikis[0]!.worker.stop()
  t.same(farmRunners().map(r => r.wikis), [names.slice(1)], 'still one runner, for the 19 others')
  ran.length = 0
  await queue(wikis[0]!.db, 'Q100')
  await queue(wikis[1]!.db, 'Q101')
  await eventually(async () => ran.length >= 1 ? true : undefined)
  t.same(ran, [['wiki1', 'Q101']], 'the job of a wiki still here runs')
  const { rows } = await home.pool.query<{ attempts: number, locked_by: string | null }>(
    "SELECT attempts, locked_by FROM farm_jobs._private_jobs WHERE payload->>'entityId' = 'Q100'")
  t.equal(rows.length, 1, 'the job of the wiki that left is still queued')
  t.ok(rows[0]!.attempts <= 1, 'at most one attempt spent on it: its wiki\'s flag is then skipped')
})

t.test('keyed jobs of two wikis with the same key both run; the last wiki to leave stops the runner', async t => {
  const { app, db: home } = await farmDatabase(t, 'sharedkeys')
  const ran: Array<[string, string]> = []
  const wikis = await joinWikis(t, home, app.log, ['enwiki', 'dewiki'], ran)
  // Queued in one transaction, before either can run: same key, two wikis.
  await withTransaction(home.pool, async tx => {
    for (const wiki of wikis) await addJob(tx, wiki.db, 'wikibase:dispatchChanges', { entityId: 'Q1' }, { jobKey: 'dispatch:Q1' })
  })
  await eventually(async () => ran.length >= 2 ? true : undefined)
  t.same([...ran].sort(), [['dewiki', 'Q1'], ['enwiki', 'Q1']], 'both ran, each in its wiki')
  for (const wiki of wikis) await wiki.worker.stop()
  t.same(farmRunners(), [], 'no runner once every wiki has left')
})

t.test('jobs queued before jobs were marked: run by the queue\'s only wiki; refused on a shared queue until one wiki is left', async t => {
  const { app, db: home } = await farmDatabase(t, 'sharedold')
  await home.pool.query("SELECT farm_jobs.add_job('wikibase:dispatchChanges', '{\"entityId\": \"Q7\"}'::json)")
  const ran: Array<[string, string]> = []
  const [only] = await joinWikis(t, home, app.log, ['enwiki'], ran)
  await eventually(async () => ran.length >= 1 ? true : undefined)
  t.same(ran, [['enwiki', 'Q7']], 'an unmarked job runs in the one wiki of its queue')

  await joinWikis(t, home, app.log, ['dewiki'], ran)
  await home.pool.query("SELECT farm_jobs.add_job('wikibase:dispatchChanges', '{\"entityId\": \"Q8\"}'::json)")
  const failed = await eventually(async () => {
    const { rows } = await home.pool.query<{ last_error: string | null }>("SELECT last_error FROM farm_jobs._private_jobs WHERE payload->>'entityId' = 'Q8'")
    return rows[0]?.last_error ?? undefined
  })
  t.match(failed, /^job wikibase:dispatchChanges cannot run here: it names no wiki and 2 wikis share this queue/, 'unmarked on a shared queue: failed, kept for a retry')
  t.same(ran, [['enwiki', 'Q7']])
  t.ok(only)
})

t.test('wikis registered with the same queue schema share one runner through the plugin', async t => {
  const url = await freshDatabase(t, 'sharedplugin')
  const apps: FastifyInstance[] = []
  for (const site of ['enwiki', 'dewiki', 'frwiki']) {
    const app = Fastify({ logger: false })
    await app.register(wikibase, {
      siteId: site, roles: ['client'], database: url, schema: { data: site, queue: 'farm_jobs' },
      repo: { siteId: 'repo', schema: { data: 'repo', queue: 'repo_jobs' } }, worker: { pollInterval: 100 }
    })
    await app.ready()
    apps.push(app)
  }
  t.teardown(async () => { for (const app of apps) await app.close() })
  t.same(farmRunners().map(r => r.wikis), [['enwiki', 'dewiki', 'frwiki']], 'one runner, three wikis')
  t.equal(new Set(apps.map(app => wikibaseInternals(app).worker!.runner)).size, 1)
  await apps[0]!.close()
  t.same(farmRunners().map(r => r.wikis), [['dewiki', 'frwiki']], 'the wiki whose pool the runner used left: it runs on the next wiki\'s pool')
  const worker = wikibaseInternals(apps[1]!).worker!
  const pool = wikibaseInternals(apps[1]!).self.pool
  const ids = [...worker.workerIds()].sort()
  t.equal(ids.length, 4 + 1, 'the new runner has its workers (default concurrency 4)')
  for (const site of ['dewiki', 'frwiki']) {
    const beating = await eventually(async () => {
      const { rows } = await pool.query<{ id: string }>(`SELECT jw_worker_id AS id FROM ${site}.wb_job_workers ORDER BY 1`)
      return rows.length === ids.length ? rows.map(r => r.id) : undefined
    })
    t.same(beating, ids, `the runner's workers beat in ${site}'s table`)
  }
})
