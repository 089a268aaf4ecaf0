import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import type pg from 'pg'
import { startWiki } from '../../../support/farm.js'
import { createTestHost, type TestHost } from '../../../support/test-host.js'
import { eventually, freshDatabase, pendingRefreshPageIds, queuedJobs, testPool } from '../../../support/test-database.js'
import { createEntity, editEntity } from '../../../../plugin/repo/entities/entity-editor.js'
import type { EntityId } from '../../../../hooks/ids.js'
import type { WikibaseEntity } from '../../../../plugin/changes/wikibase-entity.js'
import { withTransaction } from '../../../../plugin/db/wiki-database.js'
import { pushToInbox } from '../../../../plugin/queue/change-inbox-push.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

// The client's inbox (issue 18): the repo pushes rows into wbc_change_inbox with one keyed
// wikibase:handleInbox job; a drain handles the oldest inboxBatchSize rows as one batch.

const users = [1, 2].map(id => ({ id, name: `Editor${id}`, anonymous: false, bot: false }))

interface Farm { repo: FastifyInstance, repoHost: TestHost, client: FastifyInstance, clientHost: TestHost, clientPool: pg.Pool }

async function farm (t: Test, clientWorker: boolean, inboxBatchSize: number): Promise<Farm> {
  const repoUrl = await freshDatabase(t, 'inboxrepo')
  const enUrl = await freshDatabase(t, 'inboxen')
  const repoHost = createTestHost({ pool: testPool(t, repoUrl, 5) })
  const clientPool = testPool(t, enUrl, 5)
  const clientHost = createTestHost({ pool: clientPool })
  const client = await startWiki(t, {
    siteId: 'enwiki', roles: ['client'], database: enUrl, repo: { siteId: 'repowiki', database: repoUrl }, host: clientHost,
    worker: clientWorker ? { pollInterval: 100 } : { enabled: false }, client: { inboxBatchSize }
  })
  const repo = await startWiki(t, { siteId: 'repowiki', roles: ['repo'], database: repoUrl, clients: [{ siteId: 'enwiki', database: enUrl }], host: repoHost, worker: { pollInterval: 100 } })
  return { repo, repoHost, client, clientHost, clientPool }
}

const item = (label: string): WikibaseEntity => ({
  type: 'item', labels: { en: { language: 'en', value: label } }, descriptions: {}, aliases: {}, claims: {}, sitelinks: {}
} as unknown as WikibaseEntity)

/** Items, each used (L.en) on a page of its own, and the client subscribed to them. */
async function usedItems (f: Farm, n: number): Promise<Array<{ entityId: EntityId, page: number }>> {
  const ctx = { db: wikibaseInternals(f.repo).self, host: f.repoHost, user: users[0]! }
  const items: Array<{ entityId: EntityId, page: number }> = []
  for (let i = 0; i < n; i++) {
    const { entityId } = await createEntity(ctx, 'item', item(`Item ${i}`))
    const page = await f.clientHost.addPage(`Uses item ${i}`)
    await f.clientPool.query("INSERT INTO wbc_entity_usage (eu_entity_id, eu_aspect, eu_page_id) VALUES ($1, 'L.en', $2)", [entityId, page])
    await wikibaseInternals(f.repo).self.pool.query('INSERT INTO wb_changes_subscription (cs_entity_id, cs_subscriber_id) VALUES ($1, $2)', [entityId, 'enwiki'])
    items.push({ entityId: entityId as EntityId, page })
  }
  return items
}

/** A label edit; users alternate so that no two edits of an entity coalesce unless asked. */
async function edit (f: Farm, entityId: EntityId, label: string, user = users[0]!): Promise<void> {
  const ctx = { db: wikibaseInternals(f.repo).self, host: f.repoHost, user }
  await editEntity(ctx, entityId, entity => ({ ...entity, labels: { en: { language: 'en', value: label } } }), { comment: label })
}

async function dispatched (f: Farm): Promise<void> {
  const pool = wikibaseInternals(f.repo).self.pool
  await eventually(async () => {
    const { rows } = await pool.query<{ n: number }>('SELECT (SELECT count(*) FROM wb_changes) + (SELECT count(*) FROM wikibase_jobs._private_jobs) AS n')
    return Number(rows[0]!.n) === 0 ? true : undefined
  }, 30_000)
}

async function inboxIds (f: Farm): Promise<number[]> {
  const { rows } = await f.clientPool.query<{ id: string }>('SELECT ci_change_id AS id FROM wbc_change_inbox ORDER BY 1')
  return rows.map(r => Number(r.id))
}

async function handledIds (f: Farm): Promise<number[]> {
  const { rows } = await f.clientPool.query<{ id: string }>('SELECT hc_change_id AS id FROM wbc_handled_changes ORDER BY 1')
  return rows.map(r => Number(r.id))
}

t.test('drains: a batch across entities, a replayed push, a requeue while rows remain, a crash mid-drain', async t => {
  const f = await farm(t, false, 3)
  const [a, b, c] = await usedItems(f, 3)
  await edit(f, a!.entityId, 'A1', users[0])
  await edit(f, b!.entityId, 'B1', users[0])
  await edit(f, a!.entityId, 'A2', users[1])
  await edit(f, b!.entityId, 'B2', users[1])
  await edit(f, c!.entityId, 'C1', users[0])
  await dispatched(f)
  const self = wikibaseInternals(f.client).self
  const ids = await inboxIds(f)
  t.equal(ids.length, 5, 'every change waits in the inbox')
  const drains = await queuedJobs(f.clientPool, 'wikibase_jobs', 'wikibase:handleInbox')
  t.strictSame(drains.map(j => [j.payload, j.key]), [[{ repoSiteId: 'repowiki' }, 'enwiki/inbox:repowiki']], 'one keyed drain for all the pushes')
  const { rows: [queue] } = await f.clientPool.query<{ name: string }>(
    'SELECT q.queue_name AS name FROM wikibase_jobs._private_jobs j JOIN wikibase_jobs._private_job_queues q ON q.id = j.job_queue_id')
  t.equal(queue?.name, 'enwiki/inbox:repowiki', 'on the named queue of (client, repo)')

  // A replayed push (the repo crashed before it committed the delivery) adds nothing.
  const { rows: stored } = await f.clientPool.query<{ change: { id: number, object_id: string } }>('SELECT ci_change AS change FROM wbc_change_inbox ORDER BY ci_change_id')
  await withTransaction(f.clientPool, async tx => { await pushToInbox(tx, self, 'repowiki', stored.map(r => r.change)) })
  t.strictSame(await inboxIds(f), ids, 'the same rows')
  t.equal((await queuedJobs(f.clientPool, 'wikibase_jobs', 'wikibase:handleInbox')).length, 1, 'and still one drain')

  // The queued drain is taken away: the drain below must queue the next one itself.
  await f.clientPool.query('DELETE FROM wikibase_jobs._private_jobs')
  const drainInbox = wikibaseInternals(f.client).client!.drainInbox
  const first = await drainInbox('repowiki')
  t.equal(first.rows, 3)
  t.equal(first.requeued, true, 'rows remain: requeued')
  t.strictSame(first.handled.map(h => h.change.id), ids.slice(0, 3), 'the three oldest, in change id order')
  t.strictSame(await inboxIds(f), ids.slice(3), 'and deleted')
  t.strictSame(await handledIds(f), ids.slice(0, 3))
  t.strictSame((await queuedJobs(f.clientPool, 'wikibase_jobs', 'wikibase:handleInbox')).map(j => j.key), ['enwiki/inbox:repowiki'], 'the next drain queued')
  const rc = await queuedJobs(f.clientPool, 'wikibase_jobs', 'wikibase:injectRCRecords')
  t.equal(rc.length, 1, 'one recentchanges job for the batch')
  t.strictSame(rc[0]!.payload.entries.map((e: { change: { id: number, object_id: string }, pages: Array<{ id: number }> }) => [e.change.id, e.change.object_id, e.pages.map(p => p.id)]),
    [[ids[0], a!.entityId, [a!.page]], [ids[1], b!.entityId, [b!.page]], [ids[2], a!.entityId, [a!.page]]], 'each change with its page, per entity in order')
  t.strictSame(await pendingRefreshPageIds(f.clientPool), [a!.page, b!.page].sort((x, y) => x - y), 'one pending refresh per page')
  const purges = await queuedJobs(f.clientPool, 'wikibase_jobs', 'wikibase:purgeWebCache')
  t.strictSame(purges.map(j => j.payload.pages.map((p: { id: number }) => p.id)), [[a!.page, b!.page]], 'one purge job, each page once')

  // The process dies mid-drain (after the handling, at the delete): nothing of it stays.
  await f.clientPool.query('DELETE FROM wikibase_jobs._private_jobs')
  await f.clientPool.query(`
    CREATE SEQUENCE crash_once;
    CREATE FUNCTION crash_once() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF nextval('crash_once') = 1 THEN RAISE EXCEPTION 'killed mid-drain'; END IF; RETURN OLD; END $$;
    CREATE TRIGGER crash_once BEFORE DELETE ON wbc_change_inbox FOR EACH ROW EXECUTE FUNCTION crash_once();`)
  await t.rejects(drainInbox('repowiki'), /killed mid-drain/)
  t.strictSame(await handledIds(f), ids.slice(0, 3), 'the crashed drain handled nothing')
  t.strictSame(await inboxIds(f), ids.slice(3), 'its rows wait')
  const { rows: left } = await f.clientPool.query<{ n: number }>('SELECT count(*)::int AS n FROM wikibase_jobs._private_jobs')
  t.equal(left[0]!.n, 0, 'and queued nothing')
  const rerun = await drainInbox('repowiki')
  t.strictSame(rerun.handled.map(h => h.change.id), ids.slice(3), 'the rerun handles them')
  t.equal(rerun.requeued, false, 'and leaves nothing')
  t.strictSame(await handledIds(f), ids, 'every change handled exactly once')
  t.strictSame(await queuedJobs(f.clientPool, 'wikibase_jobs', 'wikibase:handleInbox'), [], 'no drain queued')
  t.strictSame(await inboxIds(f), [])

  // The same rows pushed again after they were drained: dropped as handled.
  await withTransaction(f.clientPool, async tx => { await pushToInbox(tx, self, 'repowiki', stored.map(r => r.change)) })
  await f.clientPool.query('DELETE FROM wikibase_jobs._private_jobs')
  const replays = [await drainInbox('repowiki'), await drainInbox('repowiki')]
  t.strictSame(replays.map(r => [r.rows, r.handled, r.requeued]), [[3, [], true], [2, [], false]], 'a replay after the drain handles nothing')
  t.strictSame(await queuedJobs(f.clientPool, 'wikibase_jobs', 'wikibase:injectRCRecords'), [], 'and queues no update')
})

t.test('with the worker: a burst over a small batch size reaches recentchanges once per change and page, in order', async t => {
  const f = await farm(t, true, 2)
  const items = await usedItems(f, 3)
  const labels: string[] = []
  for (let round = 0; round < 3; round++) {
    for (const [i, it] of items.entries()) {
      const label = `R${round} I${i}`
      labels.push(label)
      await edit(f, it.entityId, label, users[round % 2])
    }
  }
  const rc = await eventually(async () => { const r = await f.clientHost.recentChanges(); return r.length >= labels.length ? r : undefined }, 30_000)
  t.equal(rc.length, labels.length, 'one row per change and page')
  for (const it of items) {
    const rows = rc.filter(r => r.rc_cur_id === it.page).sort((x, y) => x.rc_id - y.rc_id)
    t.strictSame(rows.map(r => r.rc_comment), labels.filter(l => l.endsWith(`I${items.indexOf(it)}`)), `${it.entityId}: its changes in the order they were made`)
  }
  await eventually(async () => (await f.clientPool.query('SELECT 1 FROM wikibase_jobs._private_jobs')).rowCount === 0 ? true : undefined, 30_000)
  t.strictSame(await inboxIds(f), [], 'the inbox is empty')
  t.equal((await handledIds(f)).length, labels.length, 'every change handled')
})
