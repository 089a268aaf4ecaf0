import t from 'tap'
import pg from 'pg'
import type { FastifyInstance } from 'fastify'
import { recentChange, saveEdit, startWiki } from '../support/farm.js'
import { eventually, freshDatabase, queuedJobs } from '../support/test-database.js'
import { newEntityChange, toMwTimestamp, type EntityChange } from '../../plugin/changes/entity-change.js'
import { emptyEntityDiffChangedAspects, type EntityDiffChangedAspects } from '../../plugin/changes/entity-diff-changed-aspects.js'
import { parseEntityId } from '../../hooks/ids.js'
import { subscribe } from '../../plugin/repo-reader/subscriptions.js'
import { addJob } from '../../plugin/queue/enqueue.js'
import { withTransaction } from '../../plugin/db/wiki-database.js'
import { createTestHost } from '../support/test-host.js'
import { wikibaseInternals } from '../../plugin/facade.js'

function changeOf (entity: string, aspects: Partial<EntityDiffChangedAspects> = { statementChangesExcludingQualOrRefOnlyChanges: ['P1'] }): EntityChange {
  return newEntityChange('update', parseEntityId(entity), { compactDiff: { ...emptyEntityDiffChangedAspects(), ...aspects } })
}

async function changeRows (app: FastifyInstance): Promise<number> {
  const { rows } = await wikibaseInternals(app).self.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${wikibaseInternals(app).self.dataSchema}.wb_changes`)
  return rows[0]!.n
}

/**
 * What a client was sent, one entry per push: the rows of its inbox that one push put there
 * (one transaction: one ci_received_at), and the drain job queued with them.
 */
const notifications = async (app: FastifyInstance): Promise<Array<{ payload: any }>> => {
  const self = wikibaseInternals(app).self
  const { rows } = await self.pool.query<{ repo: string, changes: unknown[] }>(
    `SELECT ci_repo_site_id AS repo, json_agg(ci_change ORDER BY ci_change_id) AS changes FROM ${self.dataSchema}.wbc_change_inbox
      GROUP BY ci_repo_site_id, ci_received_at ORDER BY min(ci_change_id)`)
  const drains = await queuedJobs(self.pool, self.queueSchema, 'wikibase:handleInbox')
  if (rows.length > 0 && drains.length !== 1) throw new Error(`inbox rows wait for one drain job, not ${drains.length}`)
  return rows.map(r => ({ payload: { repoSiteId: r.repo, changes: r.changes } }))
}

t.test('DispatchChanges in one database (facts §7.18)', async t => {
  const url = await freshDatabase(t, 'dispatch')
  // W: a client whose own worker is off, so what it was sent stays visible in its queue.
  const w = await startWiki(t, { siteId: 'W', roles: ['client'], database: url, schema: { data: 'w', queue: 'w_jobs' }, repo: { siteId: 'repo', schema: { data: 'repo', queue: 'repo_jobs' } }, worker: { enabled: false } })
  const repo = await startWiki(t, {
    siteId: 'repo', roles: ['repo'], database: url, schema: { data: 'repo', queue: 'repo_jobs' },
    clients: [{ siteId: 'W', schema: { data: 'w', queue: 'w_jobs' } }], worker: { concurrency: 2, pollInterval: 100 }, host: createTestHost()
  })
  const db = wikibaseInternals(repo).self
  const dispatched = async (entity: string): Promise<void> => {
    await eventually(async () => {
      const { rows } = await db.pool.query<{ n: number }>('SELECT (SELECT count(*) FROM repo.wb_changes WHERE change_object_id = $1) + (SELECT count(*) FROM repo_jobs._private_jobs) AS n', [entity])
      return Number(rows[0]!.n) === 0 ? true : undefined
    })
  }

  t.test('a subscribed change becomes one notification on W carrying the row; the row is deleted', async t => {
    await subscribe(db.pool, db, 'W', ['Q1'])
    const time = new Date('2026-01-02T03:04:05Z')
    await saveEdit(repo, changeOf('Q1'), recentChange({ rc_this_oldid: 123, rc_last_oldid: 122, rc_user: 43, rc_user_text: 'U43', rc_timestamp: time, rc_cur_id: 9, rc_comment: 'c' }))
    await dispatched('Q1')
    const [job, ...more] = await notifications(w)
    t.same(more, [])
    t.equal(job!.payload.repoSiteId, 'repo')
    const [sent] = job!.payload.changes
    t.match(sent, { type: 'wikibase-item~update', time: toMwTimestamp(time), object_id: 'Q1', revision_id: 123, user_id: 43 })
    t.equal(typeof sent.id, 'number')
    const info = JSON.parse(sent.info)
    t.same(info.metadata, { bot: 0, page_id: 9, rev_id: 123, parent_id: 122, comment: 'c', user_text: 'U43', central_user_id: 0 })
    t.equal(JSON.parse(info.compactDiff).statementChangesExcludingQualOrRefOnlyChanges[0], 'P1')
    t.equal(await changeRows(repo), 0)
  })

  t.test('a subscriber that is not a configured client is skipped and the rows are deleted', async t => {
    const before = (await notifications(w)).length
    await subscribe(db.pool, db, 'client', ['Q2'])
    await saveEdit(repo, changeOf('Q2'))
    await dispatched('Q2')
    t.equal((await notifications(w)).length, before, 'nothing in the inbox of W')
    t.equal(await changeRows(repo), 0)
  })

  t.test('a subscription without change rows sends nothing', async t => {
    const before = (await notifications(w)).length
    await subscribe(db.pool, db, 'W', ['Q3'])
    await withTransaction(db.pool, async tx => { await addJob(tx, db, 'wikibase:dispatchChanges', { entityId: 'Q3' }) })
    await dispatched('Q3')
    t.equal((await notifications(w)).length, before)
  })

  t.test('a new sitelink to W reaches W without a subscription', async t => {
    await saveEdit(repo, changeOf('Q50', { siteLinkChanges: { W: [null, 'some_page', false] } }))
    await dispatched('Q50')
    const last = (await notifications(w)).pop()
    t.equal(last!.payload.changes[0].object_id, 'Q50')
  })
})

t.test('a burst of 50 edits is one dispatch run, and each subscriber gets every change once', async t => {
  const url = await freshDatabase(t, 'burst')
  const clientOptions = (id: string) => ({ siteId: id, roles: ['client' as const], database: url, schema: { data: id, queue: `${id}_jobs` }, repo: { siteId: 'repo', schema: { data: 'repo', queue: 'repo_jobs' } }, worker: { enabled: false } })
  const en = await startWiki(t, clientOptions('enwiki'))
  const de = await startWiki(t, clientOptions('dewiki'))
  const repo = await startWiki(t, {
    siteId: 'repo', roles: ['repo'], database: url, schema: { data: 'repo', queue: 'repo_jobs' },
    clients: ['enwiki', 'dewiki'].map(id => ({ siteId: id, schema: { data: id, queue: `${id}_jobs` } })),
    // A delay no busy machine outlasts while the 50 edits are saved; it is then made to elapse
    // by hand, so what is tested is the collapse of the burst, not the speed of the machine.
    repoSettings: { dispatchDelay: 600_000 }, worker: { pollInterval: 100 }, host: createTestHost()
  })
  const runs: number[][] = []
  repo.wikibase.hooks.hook('dispatch:before', event => { runs.push(event.changeIds) })
  await subscribe(wikibaseInternals(repo).self.pool, wikibaseInternals(repo).self, 'enwiki', ['Q64'])
  await subscribe(wikibaseInternals(repo).self.pool, wikibaseInternals(repo).self, 'dewiki', ['Q64'])
  for (let i = 0; i < 50; i++) await saveEdit(repo, changeOf('Q64', { labelChanges: ['de'] }))
  const pending = await queuedJobs(wikibaseInternals(repo).self.pool, 'repo_jobs', 'wikibase:dispatchChanges')
  t.equal(pending.length, 1, 'the 50 edits wait in one dispatch job')
  t.equal(runs.length, 0, 'none dispatched before the delay elapsed')
  await wikibaseInternals(repo).self.pool.query('UPDATE repo_jobs._private_jobs SET run_at = now()')
  for (const client of [en, de]) {
    const jobs = await eventually(async () => { const j = await notifications(client); return j.length > 0 ? j : undefined })
    t.equal(jobs.length, 1, `${wikibaseInternals(client).self.siteId}: one notification`)
    t.equal(jobs[0]!.payload.changes.length, 50, `${wikibaseInternals(client).self.siteId}: with all 50 changes`)
    t.same(new Set(jobs[0]!.payload.changes.map((c: { id: number }) => c.id)).size, 50, 'each change once')
  }
  t.equal(runs.length, 1, 'one dispatch run for the burst')
  t.equal(runs[0]!.length, 50)
  await eventually(async () => await changeRows(repo) === 0 ? true : undefined)
})

t.test('a farm of separate databases: a client that is down is retried alone, nothing is lost or sent twice', async t => {
  const repoUrl = await freshDatabase(t, 'farmrepo')
  const enUrl = await freshDatabase(t, 'farmen')
  const downUrl = new URL(enUrl)
  downUrl.pathname = `/${downUrl.pathname.slice(1)}_later` // does not exist yet: the client "is down"
  const en = await startWiki(t, { siteId: 'enwiki', roles: ['client'], database: enUrl, repo: { siteId: 'repo', database: repoUrl }, worker: { enabled: false } })
  const repo = await startWiki(t, {
    siteId: 'repo', roles: ['repo'], database: repoUrl,
    clients: [{ siteId: 'enwiki', database: enUrl }, { siteId: 'dewiki', database: downUrl.toString() }],
    worker: { pollInterval: 100 }, host: createTestHost()
  })
  const db = wikibaseInternals(repo).self
  await subscribe(db.pool, db, 'enwiki', ['Q7'])
  await subscribe(db.pool, db, 'dewiki', ['Q7'])
  await saveEdit(repo, changeOf('Q7'))

  const enJobs = await eventually(async () => { const j = await notifications(en); return j.length > 0 ? j : undefined })
  t.equal(enJobs.length, 1, 'enwiki got the change while dewiki is down')
  const failing = await eventually(async () => {
    const jobs = await queuedJobs(db.pool, 'wikibase_jobs', 'wikibase:deliverChanges')
    return jobs.find(j => j.payload.clientSiteId === 'dewiki' && j.last_error !== null)
  })
  t.match(failing.last_error, /does not exist/, 'the delivery to dewiki failed and waits for a retry')
  // enwiki's notification is in its queue before the repo commits the delivery: wait for that commit.
  const stats = await eventually(async () => {
    const s = (await repo.inject({ method: 'GET', url: '/wikibase/dispatch-stats' })).json()
    return s.clients.find((c: { siteId: string, deliveredTotal: number }) => c.siteId === 'enwiki')?.deliveredTotal === 1 ? s : undefined
  })
  t.match(stats, { numberOfChanges: 1, clients: [{ siteId: 'dewiki', pendingChanges: 1 }, { siteId: 'enwiki', pendingChanges: 0, deliveredTotal: 1 }] }, 'the row waits for dewiki only')
  const metrics = (await repo.inject({ method: 'GET', url: '/wikibase/metrics' })).body
  t.match(metrics, /wikibase_dispatch_client_pending_changes\{[^}]*client="dewiki"[^}]*\} 1\n/)

  // A second edit while dewiki is down: enwiki gets it at once; for dewiki it joins the
  // first change in dewiki's delivery job, so dewiki still gets them in order.
  await saveEdit(repo, changeOf('Q7', { labelChanges: ['de'] }))
  await eventually(async () => (await notifications(en)).length === 2 ? true : undefined)

  // dewiki comes back
  const admin = new pg.Client({ connectionString: enUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(downUrl.pathname.slice(1))}`)
  await admin.end()
  t.teardown(async () => {
    const dropper = new pg.Client({ connectionString: enUrl })
    await dropper.connect()
    await dropper.query(`DROP DATABASE IF EXISTS ${dropper.escapeIdentifier(downUrl.pathname.slice(1))} WITH (FORCE)`)
    await dropper.end()
  })
  const de = await startWiki(t, { siteId: 'dewiki', roles: ['client'], database: downUrl.toString(), repo: { siteId: 'repo', database: repoUrl }, worker: { enabled: false } })
  const deJobs = await eventually(async () => { const j = await notifications(de); return j.length > 0 ? j : undefined }, 30_000)
  t.equal(deJobs.length, 1, 'dewiki got both changes in one notification after it came back')
  const deChanges = deJobs[0]!.payload.changes as Array<{ id: number, object_id: string }>
  t.same(deChanges.map(c => c.object_id), ['Q7', 'Q7'])
  t.ok(deChanges[0]!.id < deChanges[1]!.id, 'in the order they were made')
  await eventually(async () => await changeRows(repo) === 0 ? true : undefined)
  t.equal((await notifications(en)).length, 2, 'enwiki was not sent anything twice')
})

t.test('delivery killed after the push and before its commit: the retry loses nothing and the client sees no duplicate', async t => {
  const repoUrl = await freshDatabase(t, 'crashrepo')
  const enUrl = await freshDatabase(t, 'crashen')
  const en = await startWiki(t, { siteId: 'enwiki', roles: ['client'], database: enUrl, repo: { siteId: 'repo', database: repoUrl }, worker: { enabled: false } })
  const repo = await startWiki(t, { siteId: 'repo', roles: ['repo'], database: repoUrl, clients: [{ siteId: 'enwiki', database: enUrl }], worker: { pollInterval: 100 }, host: createTestHost() })
  const db = wikibaseInternals(repo).self
  // The first attempt to delete the delivered row dies, as if the process were killed
  // after the push and before the repo's commit (a sequence, because its increments
  // survive the rollback that the crash causes).
  await db.pool.query(`
    CREATE SEQUENCE crash_once;
    CREATE FUNCTION crash_once() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF nextval('crash_once') = 1 THEN RAISE EXCEPTION 'killed after the push'; END IF;
      RETURN OLD;
    END $$;
    CREATE TRIGGER crash_once BEFORE DELETE ON public.wb_changes FOR EACH ROW EXECUTE FUNCTION crash_once();`)
  await subscribe(db.pool, db, 'enwiki', ['Q8'])
  await saveEdit(repo, changeOf('Q8'))
  await eventually(async () => await changeRows(repo) === 0 ? true : undefined, 30_000)
  const { rows } = await db.pool.query<{ last_value: string }>('SELECT last_value FROM crash_once')
  t.ok(Number(rows[0]!.last_value) > 1, 'the crash happened, then the retry went through')
  const jobs = await notifications(en)
  t.equal(jobs.length, 1, 'the re-sent notification collapsed into the unstarted first one')
  t.same(jobs[0]!.payload.changes.map((c: { object_id: string }) => c.object_id), ['Q8'], 'with the change')
})
