import t from 'tap'
import { spawn } from 'node:child_process'
import { startWiki } from '../../../support/farm.js'
import { freshDatabase, queuedJobs } from '../../../support/test-database.js'
import { resubmitChanges } from '../../../../plugin/repo/dispatch/change-resubmitter.js'
import { runChangesResubmit, runChangesStats } from '../../../../cli/changes-command.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

t.test('resubmit re-queues only changes older than the minimum age (ResubmitChangesTest)', async t => {
  const url = await freshDatabase(t, 'resubmit')
  const app = await startWiki(t, { siteId: 'repo', roles: ['repo'], database: url, clients: [{ siteId: 'enwiki' }], worker: { enabled: false } })
  const db = wikibaseInternals(app).self
  await db.pool.query(`
    INSERT INTO wb_changes (change_type, change_time, change_object_id, change_info, change_shard) VALUES
      ('wikibase-item~update', now() - interval '15 minutes', 'Q1', '{}', 7),
      ('wikibase-item~update', now() - interval '5 seconds', 'Q2', '{}', 2)`)
  const result = await resubmitChanges(db, 300)
  t.same(result, { shards: [7], clients: [] })
  const jobs = await queuedJobs(db.pool, 'wikibase_jobs', 'wikibase:dispatchChanges')
  t.same(jobs.map(j => [j.payload, j.key]), [[{ shard: 7 }, 'repo/dispatch:7']], 'the job of the stuck row\'s shard, keyed as edits key it')

  await resubmitChanges(db, 300)
  t.equal((await queuedJobs(db.pool, 'wikibase_jobs', 'wikibase:dispatchChanges')).length, 1, 'running it again collapses into the pending job')
})

t.test('a delivery pending longer than the minimum age is re-queued', async t => {
  const url = await freshDatabase(t, 'resubmitdelivery')
  const app = await startWiki(t, { siteId: 'repo', roles: ['repo'], database: url, clients: [{ siteId: 'enwiki' }], worker: { enabled: false } })
  const db = wikibaseInternals(app).self
  await db.pool.query(`
    WITH c AS (INSERT INTO wb_changes (change_type, change_time, change_object_id, change_info)
               VALUES ('wikibase-item~update', now() - interval '1 hour', 'Q9', '{}') RETURNING change_id)
    INSERT INTO wb_changes_delivery (cd_change_id, cd_site_id, cd_queued_at) SELECT change_id, 'enwiki', now() - interval '1 hour' FROM c`)
  const result = await runChangesResubmit({ database: url, schema: 'public', queueSchema: 'wikibase_jobs', siteId: 'repo', minAge: '600' })
  t.same(result, { shards: [], clients: ['enwiki'] }, 'an assigned row is not dispatched again, only its delivery')
  t.same((await queuedJobs(db.pool, 'wikibase_jobs', 'wikibase:deliverChanges')).map(j => [j.payload, j.key]), [[{ clientSiteId: 'enwiki' }, 'repo/deliver:enwiki']])
  const stats = await runChangesStats({ database: url, schema: 'public', queueSchema: 'wikibase_jobs', siteId: 'repo' })
  t.match(stats, { numberOfChanges: 1, numberOfEntities: 1, undispatchedChanges: 0, clients: [{ siteId: 'enwiki', pendingChanges: 1 }] })
  t.ok(stats.oldestAgeSeconds >= 3599, 'the backlog is an hour old')
  await t.rejects(runChangesResubmit({ database: url, schema: 'public', queueSchema: 'wikibase_jobs', siteId: 'repo', minAge: 'soon' }), /--min-age must be a whole number of seconds, got "soon"/)
})

t.test('fastify-wikibase changes --help lists the commands', async t => {
  const child = spawn('./bin/fastify-wikibase.js', ['changes', '--help'], { cwd: new URL('../../../..', import.meta.url) })
  let out = ''
  child.stdout.on('data', d => { out += String(d) })
  const code = await new Promise(resolve => child.on('exit', resolve))
  t.equal(code, 0)
  t.match(out, /resubmit \[options\]/)
  t.match(out, /stats \[options\]/)
})
