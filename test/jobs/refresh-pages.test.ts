import t from 'tap'
import { startWiki } from '../support/farm.js'
import { createTestHost } from '../support/test-host.js'
import { eventually, freshDatabase, pendingRefreshes, testPool } from '../support/test-database.js'
import { withTransaction, type WikiDatabase } from '../../plugin/db/wiki-database.js'
import { wikibaseInternals } from '../../plugin/facade.js'
import { scheduleRefreshes } from '../../plugin/client/refresh/refresh-scheduler.js'
import { upsertPendingRefreshes } from '../../plugin/client/refresh/pending-refresh-store.js'
import { batchCause, drainPendingRefreshes } from '../../jobs/refresh-pages.js'
import { nextDrainRunAt } from '../../plugin/client/refresh/refresh-pacing.js'
import type { PageRef, UpdateCause } from '../../hooks/contract.js'
import type { PageId } from '../../hooks/ids.js'
import type pg from 'pg'

// Issue 18 point 3: page refreshes as a set (client migration 040) drained by one keyed job.

const page = (id: number): PageRef => ({ id: id as PageId, namespace: 0, title: `P${id}` })
const causeA: UpdateCause = { action: 'update', agent: 'uid:1', rootJobSignature: 'sigA' }
const causeB: UpdateCause = { action: 'update', agent: 'uid:2', rootJobSignature: 'sigB' }

async function schedule (db: WikiDatabase, requests: Array<[number, number]>, cause: UpdateCause): Promise<void> {
  await withTransaction(db.pool, async tx => { await scheduleRefreshes(tx, db, requests.map(([id, priority]) => ({ page: page(id), priority })), cause) })
}

async function drainJobs (pool: pg.Pool): Promise<Array<{ key: string, queue_name: string, run_at: Date }>> {
  return (await pool.query("SELECT key, queue_name, run_at FROM wikibase_jobs.jobs WHERE task_identifier = 'wikibase:refreshPages' ORDER BY id")).rows
}

async function queuedAt (pool: pg.Pool): Promise<Record<number, string>> {
  const { rows } = await pool.query<{ id: number, at: string }>('SELECT pr_page_id AS id, pr_queued_at::text AS at FROM wbc_pending_refresh')
  return Object.fromEntries(rows.map(r => [r.id, r.at]))
}

t.test('nextDrainRunAt: pages/rate seconds after the batch started; no rate, no pacing', async t => {
  const start = new Date('2026-12-04T12:00:00.000Z')
  const cases: Array<[number, number | undefined, string | null]> = [
    [100, 50, '2026-12-04T12:00:02.000Z'], [1, 4, '2026-12-04T12:00:00.250Z'], [3, 1000, '2026-12-04T12:00:00.003Z'],
    [1, 3, '2026-12-04T12:00:00.334Z'], [10, 0, null], [10, undefined, null], [0, 10, null], [5, Number.POSITIVE_INFINITY, null]
  ]
  for (const [pages, rate, expected] of cases) t.equal(nextDrainRunAt(start, pages, rate)?.toISOString() ?? null, expected, `${pages} pages at ${String(rate)}/s`)
})

t.test('the pending set and its drain (worker off: the drain is called directly)', async t => {
  const url = await freshDatabase(t, 'refreshpages')
  const pool = testPool(t, url, 5)
  const app = await startWiki(t, { siteId: 'enwiki', roles: ['client'], database: url, repo: { siteId: 'repo' }, worker: { enabled: false } })
  const db = wikibaseInternals(app).self
  const reset = async (): Promise<void> => { await pool.query('DELETE FROM wbc_pending_refresh; DELETE FROM wikibase_jobs._private_jobs') }
  const calls: Array<{ ids: number[], cause: UpdateCause }> = []
  const host = { services: { refreshLinks: async (pages: PageRef[], cause: UpdateCause) => { calls.push({ ids: pages.map(p => p.id), cause }) } } }

  t.test('duplicates collapse: the oldest time, the highest priority, the latest cause and title', async t => {
    await reset()
    await schedule(db, [[1, 0], [2, 1], [1, 1]], causeA)
    const first = await queuedAt(pool)
    await schedule(db, [[1, 2], [2, 0], [3, 0]], causeB)
    t.strictSame((await pendingRefreshes(pool)).map(p => [p.id, p.priority, p.cause.rootJobSignature]), [[1, 2, 'sigB'], [2, 1, 'sigB'], [3, 0, 'sigB']],
      'three pages; page 1 raised to 2, page 2 kept 1; the latest cause')
    const second = await queuedAt(pool)
    t.strictSame([second[1], second[2]], [first[1], first[2]], 'pages 1 and 2 keep the time they were first queued')
    t.ok(second[3]! > first[1]!, 'page 3 queued later')
    t.strictSame((await drainJobs(pool)).map(j => [j.key, j.queue_name]), [['enwiki/refreshPages', 'enwiki/refreshPages']],
      'one keyed drain job on the wiki\'s serial queue for both changes')
    await withTransaction(pool, async tx => {
      await scheduleRefreshes(tx, db, [{ page: { ...page(3), title: 'Moved' }, priority: 0 }], causeA)
      throw new Error('rolled back')
    }).catch(() => {})
    t.equal((await pendingRefreshes(pool)).find(p => p.id === 3)?.title, 'P3', 'a rolled-back change leaves the set as it was')
  })

  t.test('groups in one statement: as if added one after the other (the last group naming a page gives cause and title)', async t => {
    await reset()
    const moved = (id: number, title: string): PageRef => ({ ...page(id), title })
    await withTransaction(db.pool, async tx => {
      await upsertPendingRefreshes(tx, db, [
        { requests: [{ page: page(1), priority: 1 }, { page: page(2), priority: 0 }, { page: moved(2, 'Higher'), priority: 2 }, { page: moved(2, 'Tie'), priority: 2 }], cause: causeA },
        { requests: [{ page: moved(1, 'Moved'), priority: 0 }, { page: page(3), priority: 0 }], cause: causeB },
        { requests: [], cause: causeA }
      ])
    })
    t.strictSame((await pendingRefreshes(pool)).map(p => [p.id, p.title, p.priority, p.cause.rootJobSignature]),
      [[2, 'Higher', 2, 'sigA'], [1, 'Moved', 1, 'sigB'], [3, 'P3', 0, 'sigB']],
      'page 1: the later group\'s title and cause, the higher priority; page 2: the first of its highest priority in its group')
    await withTransaction(db.pool, async tx => { await upsertPendingRefreshes(tx, db, []) })
    t.equal((await pendingRefreshes(pool)).length, 3, 'no groups: nothing written')
  })

  t.test('priority first, then oldest first; one host call per batch; the pages leave the set', async t => {
    await reset()
    calls.length = 0
    await schedule(db, [[10, 0]], causeA)
    await schedule(db, [[11, 2], [12, 1]], causeA)
    await schedule(db, [[13, 0], [9, 0]], causeB)
    const settings = { pageRefreshBatchSize: 2, pageRefreshRate: 0 }
    t.equal(await drainPendingRefreshes({ db, settings, host }), 2)
    t.equal(await drainPendingRefreshes({ db, settings, host }), 2)
    t.equal((await drainJobs(pool)).length, 1, 'pages are left: one drain job')
    await pool.query('DELETE FROM wikibase_jobs._private_jobs')
    t.equal(await drainPendingRefreshes({ db, settings, host }), 1)
    t.equal(await drainPendingRefreshes({ db, settings, host }), 0, 'an empty set: nothing to do')
    t.strictSame(calls.map(c => c.ids), [[11, 12], [10, 9], [13]], 'priority 2, 1; then page 10 (oldest), then 9 before 13 (same time, by id)')
    t.strictSame(calls[1]!.cause, { action: 'update', agent: 'uid:2' }, 'a batch\'s cause: its newest page\'s, without a title-batch signature')
    t.strictSame(await pendingRefreshes(pool), [], 'the set is empty')
    t.strictSame(await drainJobs(pool), [], 'and the drain did not queue itself again')
  })

  t.test('pacing: the next run is due pages/rate seconds after the batch started', async t => {
    await reset()
    calls.length = 0
    await schedule(db, [[1, 0], [2, 0], [3, 0], [4, 0], [5, 0]], causeA)
    const start = new Date('2030-01-01T00:00:00.000Z')
    const settings = { pageRefreshBatchSize: 2, pageRefreshRate: 4 }
    await drainPendingRefreshes({ db, settings, host, now: () => start })
    t.strictSame((await drainJobs(pool)).map(j => [j.key, j.run_at.toISOString()]), [['enwiki/refreshPages', '2030-01-01T00:00:00.500Z']],
      '2 pages at 4 pages/s: the drain job (the one the change queued, replaced) is due 500 ms later')
    await drainPendingRefreshes({ db, settings, host, now: () => new Date('2030-01-01T00:00:00.500Z') })
    t.strictSame((await drainJobs(pool)).map(j => j.run_at.toISOString()), ['2030-01-01T00:00:01.000Z'], 'then 500 ms after that')
    await schedule(db, [[6, 2]], causeB)
    t.strictSame((await drainJobs(pool)).map(j => j.run_at.toISOString()), ['2030-01-01T00:00:01.000Z'], 'a change does not hurry a paced drain')
    await drainPendingRefreshes({ db, settings: { pageRefreshBatchSize: 1, pageRefreshRate: 0 }, host, now: () => new Date('2030-01-01T00:00:01.000Z') })
    const [job] = await drainJobs(pool)
    const { rows } = await pool.query<{ now: Date }>('SELECT now()')
    t.ok(job!.run_at.getTime() <= rows[0]!.now.getTime(), 'rate 0: due at once')
    t.strictSame(calls.map(c => c.ids), [[1, 2], [3, 4], [6]], 'page 6 (priority 2) before page 5')
  })

  t.test('a crash between the host call and the removal re-renders the pages', async t => {
    await reset()
    await schedule(db, [[1, 0], [2, 0]], causeA)
    const rendered: number[][] = []
    const crashing = { services: { refreshLinks: async (pages: PageRef[]) => { rendered.push(pages.map(p => p.id)); throw new Error('worker killed') } } }
    await t.rejects(drainPendingRefreshes({ db, settings: { pageRefreshBatchSize: 10, pageRefreshRate: 0 }, host: crashing }), /worker killed/)
    t.strictSame((await pendingRefreshes(pool)).map(p => p.id), [1, 2], 'the pages stay pending')
    calls.length = 0
    await drainPendingRefreshes({ db, settings: { pageRefreshBatchSize: 10, pageRefreshRate: 0 }, host })
    t.strictSame([rendered, calls.map(c => c.ids)], [[[1, 2]], [[1, 2]]], 'the rerun renders them again')
    t.strictSame(await pendingRefreshes(pool), [])
  })

  t.test('a page queued again while its refresh ran stays pending', async t => {
    await reset()
    await schedule(db, [[1, 0], [2, 0]], causeA)
    const racing = {
      services: { refreshLinks: async () => { await schedule(db, [[2, 0]], causeB) } }
    }
    await drainPendingRefreshes({ db, settings: { pageRefreshBatchSize: 10, pageRefreshRate: 0 }, host: racing })
    t.strictSame((await pendingRefreshes(pool)).map(p => [p.id, p.cause.rootJobSignature]), [[2, 'sigB']], 'page 2 is refreshed again for the later change')
    t.equal((await drainJobs(pool)).length, 1, 'and the drain is queued')
  })

  t.test('batchCause: the newest page\'s cause', async t => {
    const at = (ms: number): Date => new Date(ms)
    t.strictSame(batchCause([
      { page: page(1), priority: 0, queuedAt: at(2), cause: causeB, generation: '0' },
      { page: page(2), priority: 0, queuedAt: at(1), cause: causeA, generation: '0' }
    ]), { action: 'update', agent: 'uid:2' })
  })
})

t.test('with a worker: a change\'s pages are refreshed through the host and leave the set', async t => {
  const url = await freshDatabase(t, 'refreshpagesworker')
  const pool = testPool(t, url, 5)
  const host = createTestHost({ pool })
  const app = await startWiki(t, {
    siteId: 'enwiki', roles: ['client'], database: url, repo: { siteId: 'repo' }, host, worker: { pollInterval: 50 },
    client: { pageRefreshBatchSize: 2, pageRefreshRate: 1000 }
  })
  const db = wikibaseInternals(app).self
  const ids = [await host.addPage('A'), await host.addPage('B'), await host.addPage('C')]
  await withTransaction(db.pool, async tx => {
    await scheduleRefreshes(tx, db, ids.map((id, i) => ({ page: { id: id as PageId, namespace: 0, title: ['A', 'B', 'C'][i]! }, priority: 0 })), causeA)
  })
  await eventually(async () => (await pendingRefreshes(pool)).length === 0 && (await drainJobs(pool)).length === 0 ? true : undefined)
  t.strictSame((await host.refreshed()).map(r => r.page).sort((a, b) => a - b), [...ids].sort((a, b) => a - b), 'each page re-rendered once')
})
