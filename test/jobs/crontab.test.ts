import t from 'tap'
import { parseCrontab } from 'graphile-worker'
import { saveEdit, startWiki } from '../support/farm.js'
import { eventually, freshDatabase, queuedJobs } from '../support/test-database.js'
import { newEntityChange } from '../../plugin/changes/entity-change.js'
import { emptyEntityDiffChangedAspects } from '../../plugin/changes/entity-diff-changed-aspects.js'
import { parseEntityId } from '../../hooks/ids.js'
import { subscribe } from '../../plugin/repo-reader/subscriptions.js'
import { resolveOptions } from '../../plugin/options.js'
import { schemaProblems, formatProblems } from '../../plugin/schema-problems.js'
import { CronPayloadError, cronIdentifier, cronItemsFor, crontabFor, formatCrontab } from '../../jobs/crontab.js'
import { ResubmitChangesPayload } from '../../plugin/queue/task-payloads.js'
import { createTestHost } from '../support/test-host.js'
import { wikibaseInternals } from '../../plugin/facade.js'

/**
 * Issue 14.1: graphile-worker's crontab adds `_cron: { ts, backfilled }` to the payload of each
 * job it queues; a cron task whose schema refused it failed every run for good, so the resubmit
 * sweep never ran. Here the sweep runs the way it runs in a wiki: queued by graphile-worker's
 * own crontab (a backfill at start-up of the runs that were due while the worker was down).
 */

const defaults = resolveOptions({ siteId: 'repo', roles: ['repo'], database: 'postgres://x/y' }).repoSettings

t.test('the crontab a repo registers, as graphile-worker parses it', async t => {
  const text = crontabFor('repo', new Set(['repo']), defaults)
  const feedSweep = '23 * * * * wikibase:sweepChangeFeed ?id=sweepChangeFeed-repo&max=1&jobKey=repo%2Fsweep-change-feed&fill=1h {}'
  t.equal(text, `*/5 * * * * wikibase:resubmitChanges ?id=resubmitChanges-repo&max=1&jobKey=repo%2Fresubmit-changes&fill=1h {}\n${feedSweep}`)
  const [item, feed, ...more] = parseCrontab(text)
  t.same(more, [])
  t.match(item, { task: 'wikibase:resubmitChanges', identifier: 'resubmitChanges-repo', payload: {}, options: { maxAttempts: 1, jobKey: 'repo/resubmit-changes', backfillPeriod: 3_600_000 } })
  t.match(feed, { task: 'wikibase:sweepChangeFeed', identifier: 'sweepChangeFeed-repo', payload: {}, options: { maxAttempts: 1, jobKey: 'repo/sweep-change-feed', backfillPeriod: 3_600_000 } })
  t.equal(crontabFor('repo', new Set(['client']), defaults), '', 'clients have no crontab')
  t.equal(crontabFor('repo', new Set(['repo']), { ...defaults, resubmitSchedule: '' }), feedSweep, "'' turns the resubmit sweep off (the feed's retention sweep stays)")
  t.equal(crontabFor('repo', new Set(['repo']), { ...defaults, resubmitBackfill: '' }),
    `*/5 * * * * wikibase:resubmitChanges ?id=resubmitChanges-repo&max=1&jobKey=repo%2Fresubmit-changes {}\n${feedSweep}`, "'' for no backfill")
  const [other] = parseCrontab(crontabFor('dewiki', new Set(['repo']), defaults))
  t.match(other, { identifier: 'resubmitChanges-dewiki', options: { jobKey: 'dewiki/resubmit-changes' } }, 'another wiki on a shared queue: its own line and key')
})

t.test('a client in remote mode pulls its repo\'s change feed every minute', async t => {
  const text = crontabFor('remotewiki', new Set(['client']), defaults, 'repo')
  t.equal(text, '* * * * * wikibase:pullChanges ?id=pullChanges-remotewiki&max=1&jobKey=remotewiki%2Fpull-changes%3Arepo {"repoSiteId":"repo"}')
  const [item, ...more] = parseCrontab(text)
  t.same(more, [])
  t.match(item, { task: 'wikibase:pullChanges', identifier: 'pullChanges-remotewiki', payload: { repoSiteId: 'repo' }, options: { maxAttempts: 1, jobKey: 'remotewiki/pull-changes:repo' } })
})

t.test('cron payloads: `_cron` as graphile-worker sets it is accepted, anything else unknown is not', async t => {
  const ts = '2026-12-02T16:05:00.000Z'
  const cases: Array<[string, unknown, string[]]> = [
    ['a crontab run', { _cron: { ts, backfilled: false } }, []],
    ['a backfilled crontab run', { _cron: { ts, backfilled: true } }, []],
    ['a crontab run with its own payload', { minimumAge: 60, _cron: { ts, backfilled: false } }, []],
    ['queued by hand', {}, []],
    ['another unknown key', { _cron: { ts, backfilled: false }, extra: 1 }, ['extra is unknown (not allowed here)']],
    ['an unknown key inside _cron', { _cron: { ts, backfilled: false, by: 'x' } }, ['_cron.by is unknown (not allowed here)']],
    ['_cron without backfilled', { _cron: { ts } }, ['_cron.backfilled is required']],
    ['_cron.ts not a time', { _cron: { ts: 'yesterday', backfilled: false } }, ['_cron.ts must match pattern "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$"']],
    ['_cron not an object', { _cron: 'now' }, ['_cron must be object']]
  ]
  for (const [name, payload, problems] of cases) {
    t.same(formatProblems(schemaProblems(ResubmitChangesPayload, payload)).map(p => p.replace(/ \(got .*\)$/, '')), problems, name)
  }
})

t.test('a crontab task whose payload schema refuses `_cron` fails at start-up, not at every run', async t => {
  t.throws(() => formatCrontab([{ schedule: '* * * * *', task: 'wikibase:dispatchChangeDeletion', options: { max: 1, jobKey: 'k' }, payload: { entityId: 'Q1' } }]),
    new CronPayloadError('wikibase:dispatchChangeDeletion', ['_cron is unknown (not allowed here)']))
})

t.test('a backfilled crontab run of every cron task succeeds; the sweep re-queues a stuck change and it is delivered', async t => {
  const url = await freshDatabase(t, 'resubmitcron')
  const repoSchema = { data: 'repo', queue: 'repo_jobs' }
  const repoOptions = { siteId: 'repo', roles: ['repo' as const], database: url, schema: repoSchema, clients: [{ siteId: 'enwiki', schema: { data: 'en', queue: 'en_jobs' } }], host: createTestHost() }
  // The client's own worker is off: what the repo delivered stays visible in its queue.
  const en = await startWiki(t, { siteId: 'enwiki', roles: ['client'], database: url, schema: { data: 'en', queue: 'en_jobs' }, repo: { siteId: 'repo', schema: repoSchema }, worker: { enabled: false } })

  // An edit whose dispatch job was lost, an hour ago, while the repo's worker was not running.
  const down = await startWiki(t, { ...repoOptions, worker: { enabled: false } })
  const pool = wikibaseInternals(down).self.pool
  await subscribe(pool, wikibaseInternals(down).self, 'enwiki', ['Q1'])
  await saveEdit(down, newEntityChange('update', parseEntityId('Q1'), { compactDiff: { ...emptyEntityDiffChangedAspects(), labelChanges: ['en'] } }))
  await pool.query("UPDATE repo.wb_changes SET change_time = now() - interval '1 hour'")
  await pool.query('DELETE FROM repo_jobs._private_jobs')
  const [stuck] = (await pool.query<{ change_id: string }>('SELECT change_id FROM repo.wb_changes')).rows
  // graphile-worker backfills only crontab lines it has seen before, and only runs due since
  // then: it saw them two hours ago, so each line's `fill=1h` window holds one run whatever the
  // clock says (the hourly feed sweep at :23 is due once in any hour).
  const items = cronItemsFor(new Set(['repo']), defaults)
  t.ok(items.length > 0)
  await pool.query(`INSERT INTO repo_jobs._private_known_crontabs (identifier, known_since)
    SELECT unnest($1::text[]), now() - interval '2 hours'`, [items.map(item => cronIdentifier('repo', item.task))])
  await down.close()

  const repo = await startWiki(t, { ...repoOptions, worker: { pollInterval: 100 } })
  const repoPool = wikibaseInternals(repo).self.pool
  const delivered = await eventually(async () => {
    const jobs = await queuedJobs(wikibaseInternals(en).self.pool, 'en_jobs', 'wikibase:handleInbox')
    return jobs.length > 0 ? jobs : undefined
  }, 30_000)
  t.equal(delivered.length, 1)
  const { rows: inbox } = await wikibaseInternals(en).self.pool.query<{ id: string, entity: string }>(
    `SELECT ci_change_id AS id, ci_change->>'object_id' AS entity FROM ${wikibaseInternals(en).self.dataSchema}.wbc_change_inbox`)
  t.same(inbox.map(r => [Number(r.id), r.entity]), [[Number(stuck!.change_id), 'Q1']], 'the stuck change reached the client')

  for (const item of items) {
    const ran = await eventually(async () => {
      const { rows } = await repoPool.query<{ last_execution: Date | null }>('SELECT last_execution FROM repo_jobs._private_known_crontabs WHERE identifier = $1', [cronIdentifier('repo', item.task)])
      const pending = await queuedJobs(repoPool, 'repo_jobs', item.task)
      return rows[0]?.last_execution != null && pending.length === 0 ? true : pending.find(job => job.last_error !== null) ?? undefined
    }, 30_000)
    t.equal(ran, true, `${item.task}: its backfilled cron run was queued and succeeded`)
  }
  await eventually(async () => {
    const { rows } = await repoPool.query<{ n: number }>('SELECT count(*)::int AS n FROM repo.wb_changes')
    return rows[0]!.n === 0 ? true : undefined
  })
  t.same((await repoPool.query('SELECT id, last_error FROM repo_jobs._private_jobs WHERE last_error IS NOT NULL')).rows, [], 'no job failed')
})
