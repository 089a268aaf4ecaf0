import t from 'tap'
import Fastify from 'fastify'
import Type from 'typebox'
import wikibase from '../../../plugin/index.js'
import { defineTask } from '../../../plugin/queue/task-definition.js'
import { buildTaskList } from '../../../plugin/queue/task-list.js'
import { startWorker } from '../../../plugin/queue/worker.js'
import { addJob, addJobs } from '../../../plugin/queue/enqueue.js'
import { wikiJobKey } from '../../../plugin/queue/job-wiki.js'
import { withTransaction } from '../../../plugin/db/wiki-database.js'
import { eventually, freshDatabase, testPool } from '../../support/test-database.js'
import { wikibaseInternals } from '../../../plugin/facade.js'

t.test('job payloads are validated: a bad payload fails the job permanently with a clear message', async t => {
  const url = await freshDatabase(t, 'jobs')
  const app = Fastify({ logger: false })
  await app.register(wikibase,
    { siteId: 'enwiki', roles: ['repo'], database: url, schema: { data: 'enwiki', queue: 'enwiki_jobs' }, worker: { enabled: false } })
  await app.ready()
  t.teardown(async () => { await app.close() })

  const seen: unknown[] = []
  const probe = defineTask({
    name: 'wikibase:dispatchChanges',
    payload: Type.Object({ entityId: Type.String({ pattern: '^Q[0-9]+$' }) }, { additionalProperties: false }),
    run: async payload => { seen.push(payload) }
  })
  const runner = await startWorker({
    db: wikibaseInternals(app).self,
    settings: { enabled: true, concurrency: 2, pollInterval: 100, heartbeatInterval: 1000, deadAfter: 5000 },
    taskList: buildTaskList([probe], 'enwiki_jobs'),
    crontab: '',
    log: app.log
  })
  t.teardown(async () => { await runner.stop() })

  const pool = testPool(t, url)
  await withTransaction(wikibaseInternals(app).self.pool, async tx => {
    await addJob(tx, wikibaseInternals(app).self, 'wikibase:dispatchChanges', { entityId: 'Q42' })
    await tx.query("SELECT enwiki_jobs.add_job('wikibase:dispatchChanges', '{\"entityId\": \"banana\", \"extra\": 1}'::json)")
  })

  const failed = await eventually(async () => {
    const { rows } = await pool.query<{ attempts: number, max_attempts: number, last_error: string, locked_at: Date | null }>(
      `SELECT attempts, max_attempts, last_error, locked_at FROM enwiki_jobs._private_jobs
        WHERE payload->>'entityId' = 'banana' AND last_error IS NOT NULL AND locked_at IS NULL`)
    return rows[0]
  })
  t.equal(failed.attempts, 1, 'tried once')
  t.equal(failed.max_attempts, 1, 'no retries left: failed permanently')
  t.match(failed.last_error,
    /^invalid payload for task wikibase:dispatchChanges: extra is unknown \(not allowed here\); entityId must match pattern "\^Q\[0-9\]\+\$"$/)
  await eventually(async () => seen.length === 1 ? true : undefined)
  t.same(seen, [{ entityId: 'Q42' }], 'the handler ran only for the valid payload')
})

t.test('a job queued in a transaction that rolls back is never run', async t => {
  const url = await freshDatabase(t, 'txjobs')
  const app = Fastify({ logger: false })
  await app.register(wikibase, { siteId: 'enwiki', roles: ['repo'], database: url, worker: { enabled: false } })
  await app.ready()
  t.teardown(async () => { await app.close() })
  const db = wikibaseInternals(app).self
  await t.rejects(withTransaction(db.pool, async tx => {
    await addJob(tx, db, 'wikibase:dispatchChanges', { entityId: 'Q1' }, { jobKey: 'Q1' })
    throw new Error('the edit failed')
  }), /the edit failed/)
  await withTransaction(db.pool, async tx => {
    await addJob(tx, db, 'wikibase:dispatchChanges', { entityId: 'Q2' }, { jobKey: 'Q2' })
    await addJob(tx, db, 'wikibase:dispatchChanges', { entityId: 'Q2' }, { jobKey: 'Q2' })
  })
  const { rows } = await db.pool.query<{ key: string, payload: unknown }>('SELECT key, payload FROM wikibase_jobs._private_jobs ORDER BY id')
  t.same(rows, [{ key: 'enwiki/Q2', payload: { entityId: 'Q2' } }], 'only the committed job exists, and jobs with one key collapse (the key is the wiki\'s)')
})

t.test('a keyed job added while workers keep taking that key is never lost (graphile-worker #580)', async t => {
  const url = await freshDatabase(t, 'keyrace')
  const app = Fastify({ logger: false })
  await app.register(wikibase, { siteId: 'enwiki', roles: ['repo'], database: url, worker: { enabled: false } })
  await app.ready()
  const db = wikibaseInternals(app).self
  await db.pool.query('CREATE TABLE pending_work (n int PRIMARY KEY, done boolean NOT NULL DEFAULT false)')

  // The task does what dispatch does: it takes every committed row there is when it runs.
  const sweep = defineTask({
    name: 'wikibase:dispatchChanges',
    payload: Type.Object({ entityId: Type.String() }),
    run: async () => { await db.pool.query('UPDATE pending_work SET done = true WHERE NOT done') }
  })
  const runner = await startWorker({
    db, settings: { enabled: true, concurrency: 4, pollInterval: 50, heartbeatInterval: 1000, deadAfter: 5000 },
    taskList: buildTaskList([sweep], db.queueSchema), crontab: '', log: app.log
  })
  t.teardown(async () => { await runner.stop(); await app.close() })

  // After addJob the write must be covered by a job that has not started yet: a running job
  // began before this transaction commits and cannot see its write.
  const WRITES = 1500
  let next = 0
  let uncovered = 0
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (next < WRITES) {
      const n = next++
      const jobKey = `dispatch:Q${n % 3}`
      await withTransaction(db.pool, async tx => {
        await tx.query('INSERT INTO pending_work (n) VALUES ($1)', [n])
        await addJob(tx, db, 'wikibase:dispatchChanges', { entityId: 'Q1' }, { jobKey, jobKeyMode: 'preserve_run_at' })
        const { rows } = await tx.query(`SELECT 1 FROM ${db.queueSchema}._private_jobs WHERE key = $1 AND locked_at IS NULL`, [wikiJobKey(db.siteId, jobKey)])
        if (rows.length === 0) uncovered += 1
      })
    }
  }))
  t.equal(uncovered, 0, `each of ${WRITES} writes has a job waiting for it when it commits`)
  const left = await eventually(async () => {
    const { rows } = await db.pool.query<{ left: number, queued: number }>(
      `SELECT (SELECT count(*)::int FROM pending_work WHERE NOT done) AS left,
              (SELECT count(*)::int FROM ${db.queueSchema}._private_jobs) AS queued`)
    return rows[0]!.queued === 0 ? rows[0]!.left : undefined
  }, 30_000)
  t.equal(left, 0, `all ${WRITES} writes were swept once the queue was empty`)
})

t.test('keyed jobs queued in one add_jobs call: one job per key, the last payload of a key wins, pending keys collapse', async t => {
  const url = await freshDatabase(t, 'keyedjobs')
  const app = Fastify({ logger: false })
  await app.register(wikibase, { siteId: 'enwiki', roles: ['repo', 'client'], database: url, worker: { enabled: false } })
  await app.ready()
  t.teardown(async () => { await app.close() })
  const db = wikibaseInternals(app).self
  const page = (id: number, title: string) => ({ page: { id, namespace: 0, title }, cause: { action: 'update', agent: 'uid:0' } })
  await withTransaction(db.pool, async tx => {
    await addJobs(tx, db, 'wikibase:refreshLinks',
      Array.from({ length: 1000 }, (_, i) => ({ jobKey: `refreshLinks:${i + 1}`, payload: page(i + 1, `P${i + 1}`) })))
    await addJobs(tx, db, 'wikibase:refreshLinks', [
      { jobKey: 'refreshLinks:1', payload: page(1, 'first') },
      { jobKey: 'refreshLinks:1', payload: page(1, 'second') }
    ])
  })
  await withTransaction(db.pool, async tx => {
    await addJobs(tx, db, 'wikibase:refreshLinks', [{ jobKey: 'refreshLinks:2', payload: page(2, 'again') }])
  })
  const { rows } = await db.pool.query<{ n: number, keys: number }>(
    'SELECT count(*)::int AS n, count(DISTINCT key)::int AS keys FROM wikibase_jobs._private_jobs')
  t.same(rows[0], { n: 1000, keys: 1000 }, 'one job per page')
  const titles = await db.pool.query<{ key: string, title: string }>(
    "SELECT key, payload->'page'->>'title' AS title FROM wikibase_jobs._private_jobs WHERE key IN ('enwiki/refreshLinks:1', 'enwiki/refreshLinks:2') ORDER BY key")
  t.same(titles.rows, [{ key: 'enwiki/refreshLinks:1', title: 'second' }, { key: 'enwiki/refreshLinks:2', title: 'again' }])
})
