import t, { type Test } from 'tap'
import pg from 'pg'
import type { FastifyInstance } from 'fastify'
import { saveEdit, startWiki } from '../support/farm.js'
import { eventually, freshDatabase, queuedJobs } from '../support/test-database.js'
import { newEntityChange, type EntityChange } from '../../plugin/changes/entity-change.js'
import { emptyEntityDiffChangedAspects, type EntityDiffChangedAspects } from '../../plugin/changes/entity-diff-changed-aspects.js'
import { parseEntityId } from '../../hooks/ids.js'
import { subscribe } from '../../plugin/repo-reader/subscriptions.js'
import { dispatchShard } from '../../plugin/repo/dispatch/dispatch-shard.js'
import { createTestHost } from '../support/test-host.js'
import { wikibaseInternals } from '../../plugin/facade.js'
import type { DispatchAfterEvent, DispatchBeforeEvent } from '../../hooks/plugin-hooks.js'

function changeOf (entity: string, aspects: Partial<EntityDiffChangedAspects> = { labelChanges: ['en'] }): EntityChange {
  return newEntityChange('update', parseEntityId(entity), { compactDiff: { ...emptyEntityDiffChangedAspects(), ...aspects } })
}

interface Sent { id: number, object_id: string }

/** Repo + clients aa and bb in one database; the clients' workers are off, so what they were sent stays in their queues. */
async function farm (t: Test, label: string, repoSettings: Record<string, number>, concurrency = 2): Promise<{ repo: FastifyInstance, sent: (site: string) => Promise<Sent[][]>, drained: () => Promise<void> }> {
  const url = await freshDatabase(t, label)
  for (const id of ['aa', 'bb']) {
    await startWiki(t, { siteId: id, roles: ['client'], database: url, schema: { data: id, queue: `${id}_jobs` }, repo: { siteId: 'repo', schema: { data: 'repo', queue: 'repo_jobs' } }, worker: { enabled: false } })
  }
  const repo = await startWiki(t, {
    siteId: 'repo', roles: ['repo'], database: url, schema: { data: 'repo', queue: 'repo_jobs' },
    clients: ['aa', 'bb'].map(id => ({ siteId: id, schema: { data: id, queue: `${id}_jobs` } })),
    repoSettings, worker: { concurrency, pollInterval: 100 }, host: createTestHost()
  })
  const pool = wikibaseInternals(repo).self.pool
  const sent = async (site: string): Promise<Sent[][]> => await inboxPushes(pool, site)
  const drained = async (): Promise<void> => {
    await eventually(async () => {
      const { rows } = await pool.query<{ n: number }>('SELECT (SELECT count(*) FROM repo.wb_changes) + (SELECT count(*) FROM repo_jobs._private_jobs) AS n')
      return Number(rows[0]!.n) === 0 ? true : undefined
    }, 30_000)
  }
  return { repo, sent, drained }
}

/**
 * What a client was sent, one entry per push: the rows of its inbox (wbc_change_inbox) that one
 * push put there (one transaction: one ci_received_at), in change order. The clients' workers
 * are off, so the rows stay.
 */
async function inboxPushes (pool: pg.Pool, dataSchema: string): Promise<Sent[][]> {
  const { rows } = await pool.query<{ changes: Sent[] }>(
    `SELECT json_agg(json_build_object('id', ci_change_id, 'object_id', ci_change->>'object_id') ORDER BY ci_change_id) AS changes
       FROM ${pg.escapeIdentifier(dataSchema)}.wbc_change_inbox GROUP BY ci_received_at ORDER BY min(ci_change_id)`)
  return rows.map(r => r.changes.map(c => ({ id: Number(c.id), object_id: c.object_id })))
}

const ascending = (ids: number[]): boolean => ids.every((id, i) => i === 0 || ids[i - 1]! < id)

t.test('one run takes the rows of many entities; each client gets one notification with its entities\' rows, in change order', async t => {
  const { repo, sent, drained } = await farm(t, 'batchone', { dispatchDelay: 600_000, dispatchShards: 1 })
  const db = wikibaseInternals(repo).self
  const entities = Array.from({ length: 10 }, (_, i) => `Q${i + 1}`)
  await subscribe(db.pool, db, 'aa', entities)
  await subscribe(db.pool, db, 'bb', ['Q1', 'Q2', 'Q3'])
  const before: DispatchBeforeEvent[] = []
  const after: DispatchAfterEvent[] = []
  repo.wikibase.hooks.hook('dispatch:before', event => { before.push(structuredClone(event)) })
  repo.wikibase.hooks.hook('dispatch:after', event => { after.push(structuredClone(event)) })
  for (let round = 0; round < 2; round++) for (const entity of entities) await saveEdit(repo, changeOf(entity))
  // Not subscribed anywhere: reaches bb through its new sitelink.
  await saveEdit(repo, changeOf('Q11', { siteLinkChanges: { bb: [null, 'Page', false] } }))
  t.equal((await queuedJobs(db.pool, 'repo_jobs', 'wikibase:dispatchChanges')).length, 1, '21 edits of 11 entities wait in one dispatch job')
  await db.pool.query('UPDATE repo_jobs._private_jobs SET run_at = now()')
  await drained()

  const [toAa, ...moreAa] = await sent('aa')
  t.same(moreAa, [], 'aa: one notification')
  t.equal(toAa!.length, 20, 'aa: with the 20 changes of its 10 entities')
  t.ok(ascending(toAa!.map(c => c.id)), 'in change order')
  const [toBb, ...moreBb] = await sent('bb')
  t.same(moreBb, [], 'bb: one notification')
  t.same(toBb!.map(c => c.object_id), ['Q1', 'Q2', 'Q3', 'Q1', 'Q2', 'Q3', 'Q11'], 'bb: its subscribed entities and the sitelink change, in change order')
  t.same(before.map(e => e.entityId), [...entities, 'Q11'], 'dispatch:before once per entity, in one run')
  t.same(before.find(e => e.entityId === 'Q1')!.targets, ['aa', 'bb'])
  t.same(after.map(e => [e.entityId, e.changeIds.length, e.delivered]),
    [...entities.map(e => [e, 2, ['Q1', 'Q2', 'Q3'].includes(e) ? ['aa', 'bb'] : ['aa']]), ['Q11', 1, ['bb']]], 'dispatch:after per entity with who got it')
})

t.test('a full batch queues the shard\'s next run; the client gets every change once, in order', async t => {
  const { repo, sent, drained } = await farm(t, 'batchfull', { dispatchDelay: 600_000, dispatchShards: 1, dispatchBatchSize: 4 })
  const db = wikibaseInternals(repo).self
  const entities = Array.from({ length: 10 }, (_, i) => `Q${i + 1}`)
  await subscribe(db.pool, db, 'aa', entities)
  for (const entity of entities) await saveEdit(repo, changeOf(entity))
  await db.pool.query('UPDATE repo_jobs._private_jobs SET run_at = now()')
  await drained()
  const notifications = await sent('aa')
  t.same(notifications.map(n => n.length), [4, 4, 2], 'three runs of at most 4')
  t.same(notifications.flat().map(c => c.object_id), entities, 'every change once, in change order')
})

t.test('per-entity order holds with two shards dispatching at once', async t => {
  const entities = ['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6']
  t.same(new Set(entities.map(e => dispatchShard(e, 2))), new Set([0, 1]), 'the entities are in both shards')
  const { repo, sent, drained } = await farm(t, 'batchorder', { dispatchShards: 2, dispatchBatchSize: 3 }, 4)
  const db = wikibaseInternals(repo).self
  await subscribe(db.pool, db, 'aa', entities)
  // Each entity edited 10 times in a row; the entities at once.
  await Promise.all(entities.map(async entity => { for (let i = 0; i < 10; i++) await saveEdit(repo, changeOf(entity)) }))
  await drained()
  const changes = (await sent('aa')).flat()
  t.equal(changes.length, 60, 'every change')
  t.equal(new Set(changes.map(c => c.id)).size, 60, 'each once')
  for (const entity of entities) {
    t.ok(ascending(changes.filter(c => c.object_id === entity).map(c => c.id)), `${entity}: its changes reached aa in the order they were made`)
  }
})

t.test('old payloads: { entityId } dispatches the entity\'s shard; { clientSiteId, entityId } delivers all the client\'s pending changes', async t => {
  const { repo, sent, drained } = await farm(t, 'batchold', { dispatchDelay: 600_000 })
  const db = wikibaseInternals(repo).self
  await subscribe(db.pool, db, 'aa', ['Q1', 'P31', 'Q2', 'Q5'])
  // Q1 and P31 share shard 7 of 8; Q2 is in shard 2.
  for (const entity of ['Q1', 'P31', 'Q2']) await saveEdit(repo, changeOf(entity))
  // A job as queued before dispatch was sharded: no key, no queue, no wiki flag, the entity.
  await db.pool.query('UPDATE repo_jobs._private_jobs SET payload = \'{"entityId":"Q1"}\', key = NULL, flags = NULL, job_queue_id = NULL, run_at = now() WHERE key = \'repo/dispatch:7\'')
  const [first] = await eventually(async () => { const s = await sent('aa'); return s.length > 0 ? s : undefined })
  t.same(first!.map(c => c.object_id), ['Q1', 'P31'], 'the run took the shard: Q1 and P31, not Q2')
  await eventually(async () => {
    const { rows } = await db.pool.query<{ object: string }>('SELECT change_object_id AS object FROM repo.wb_changes ORDER BY change_id')
    return rows.length === 1 ? rows : undefined
  })

  // Deliveries pending for aa (of Q2 and of Q5) and a per-(client, entity) delivery job as queued before.
  await db.pool.query("DELETE FROM repo_jobs._private_jobs WHERE key = 'repo/dispatch:2'")
  await saveEdit(repo, changeOf('Q5'))
  await db.pool.query("DELETE FROM repo_jobs._private_jobs WHERE key LIKE 'repo/dispatch:%'")
  await db.pool.query(`
    INSERT INTO repo.wb_changes_delivery (cd_change_id, cd_site_id) SELECT change_id, 'aa' FROM repo.wb_changes;
    UPDATE repo.wb_changes SET change_dispatched = true;
    SELECT repo_jobs.add_job('wikibase:deliverChanges', '{"clientSiteId":"aa","entityId":"Q2"}'::json)`)
  await drained()
  const all = await sent('aa')
  t.equal(all.length, 2)
  t.same(all[1]!.map(c => c.object_id), ['Q2', 'Q5'], 'one delivery with both entities\' changes, in change order')
})

t.test('a client that is down gets one delivery job for all its entities; the others are not held back', async t => {
  const repoUrl = await freshDatabase(t, 'batchdownrepo')
  const enUrl = await freshDatabase(t, 'batchdownen')
  const downUrl = new URL(enUrl)
  downUrl.pathname = `/${downUrl.pathname.slice(1)}_later` // does not exist yet: the client "is down"
  const downDb = downUrl.pathname.slice(1)
  const en = await startWiki(t, { siteId: 'enwiki', roles: ['client'], database: enUrl, repo: { siteId: 'repo', database: repoUrl }, worker: { enabled: false } })
  const repo = await startWiki(t, {
    siteId: 'repo', roles: ['repo'], database: repoUrl, clients: [{ siteId: 'enwiki', database: enUrl }, { siteId: 'dewiki', database: downUrl.toString() }],
    repoSettings: { dispatchShards: 2 }, worker: { pollInterval: 100 }, host: createTestHost()
  })
  const db = wikibaseInternals(repo).self
  const entities = ['Q1', 'Q2', 'Q3', 'Q4', 'Q5']
  await subscribe(db.pool, db, 'enwiki', entities)
  await subscribe(db.pool, db, 'dewiki', entities)
  const sentTo = async (app: FastifyInstance): Promise<Sent[]> => (await inboxPushes(wikibaseInternals(app).self.pool, wikibaseInternals(app).self.dataSchema)).flat()
  for (const round of [1, 2]) {
    for (const entity of entities) await saveEdit(repo, changeOf(entity))
    await eventually(async () => (await sentTo(en)).length === 5 * round ? true : undefined, 30_000)
    const delivery = await eventually(async () => {
      const { rows } = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM wb_changes_delivery WHERE cd_site_id = 'dewiki'")
      return rows[0]!.n === 5 * round ? true : undefined
    }, 30_000)
    t.ok(delivery, `round ${round}: enwiki has every change; dewiki's wait as deliveries`)
    // Attempts that were running when a later dispatch queued the job again gave up their key
    // (graphile-worker) and stay as failed rows; the job that retries is the keyed one.
    const jobs = (await queuedJobs(db.pool, 'wikibase_jobs', 'wikibase:deliverChanges')).filter(j => j.key !== null)
    t.same(jobs.map(j => [j.payload, j.key]), [[{ clientSiteId: 'dewiki' }, 'repo/deliver:dewiki']], `round ${round}: one delivery job, for dewiki`)
  }

  const admin = new pg.Client({ connectionString: enUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(downDb)}`)
  await admin.end()
  t.teardown(async () => {
    const dropper = new pg.Client({ connectionString: enUrl })
    await dropper.connect()
    await dropper.query(`DROP DATABASE IF EXISTS ${dropper.escapeIdentifier(downDb)} WITH (FORCE)`)
    await dropper.end()
  })
  const de = await startWiki(t, { siteId: 'dewiki', roles: ['client'], database: downUrl.toString(), repo: { siteId: 'repo', database: repoUrl }, worker: { enabled: false } })
  // The delivery job waits out its backoff; make it due.
  await db.pool.query('UPDATE wikibase_jobs._private_jobs SET run_at = now()')
  await eventually(async () => {
    const { rows } = await db.pool.query<{ n: number }>(
      'SELECT (SELECT count(*) FROM wb_changes) + (SELECT count(*) FROM wikibase_jobs._private_jobs WHERE key IS NOT NULL) AS n')
    return Number(rows[0]!.n) === 0 ? true : undefined
  }, 30_000)
  const dePushes = await inboxPushes(wikibaseInternals(de).self.pool, wikibaseInternals(de).self.dataSchema)
  t.equal(dePushes.length, 1, 'dewiki got all ten changes in one push')
  const toDe = dePushes.flat()
  t.same(toDe.map(c => c.id), (await sentTo(en)).map(c => c.id).sort((a, b) => a - b), 'the same changes as enwiki')
  t.ok(ascending(toDe.map(c => c.id)), 'in change order')
  t.equal((await sentTo(en)).length, 10, 'enwiki was sent nothing twice')
})
