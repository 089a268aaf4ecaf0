import t from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import wikibase from '../../../plugin/index.js'
import { startWiki } from '../../support/farm.js'
import { eventually, freshDatabase, queuedJobs } from '../../support/test-database.js'
import { loadCanonicalEntity } from '../../fixtures-support/wikidata-fixtures.js'
import { storeEntity, storeRedirect, subscriptions, deleteEntity } from '../../support/usage-test-wiki.js'
import { createTestHost, page } from '../../support/test-host.js'
import { wikibaseInternals } from '../../../plugin/facade.js'
import { withTransaction, type WikiDatabase } from '../../../plugin/db/wiki-database.js'
import { acceptRemoteChanges } from '../../../plugin/client/remote/remote-inbox.js'
import { invalidateCachedEntities, readCachedEntity, storeCachedEntity } from '../../../plugin/remote/remote-entity-cache.js'
import { saveRevision } from '../../../plugin/repo/entities/entity-store.js'
import { loadEntityState } from '../../../plugin/repo-reader/entity-state.js'
import { parseEntityId, type EntityId } from '../../../hooks/ids.js'
import type { WikibaseEntity } from '../../../plugin/changes/wikibase-entity.js'
import type { ClientServices } from '../../../plugin/client/client-services.js'
import { syncSubscriptions, repairRemoteSubscriptions } from '../../../plugin/remote/subscription-sync.js'
import { runSubscriptionsRepair } from '../../../cli/subscriptions-command.js'
import { makeSyncSubscriptionsTask } from '../../../jobs/sync-subscriptions.js'
import { markForSync } from '../../../plugin/remote/subscription-outbox.js'
import { registerRemoteClient } from '../../support/remote-client-registration.js'

/**
 * A client in remote mode (issue 19): its own database, no connection string of the repo's;
 * it reaches a real repo (the plugin, listening on the loopback) over HTTP only.
 */
const TOKEN = 'wbc_remote-mode-test-token-0123456789abcdef'

interface Teardown { teardown: (fn: () => unknown) => void }

/** The English label of an entity (the entity maps may be PHP's `[]`). */
const enLabel = (entity: WikibaseEntity | undefined): string | undefined => (entity?.labels as Record<string, { value: string }> | undefined)?.en?.value

interface Repo { app: FastifyInstance, db: WikiDatabase, url: string, requests: string[], down: { on: boolean } }

async function startListeningRepo (t: Teardown): Promise<Repo> {
  const database = await freshDatabase(t, 'remoterepo')
  const app = Fastify({ logger: { level: process.env.TEST_LOG_LEVEL ?? 'silent' } })
  const requests: string[] = []
  const down = { on: false }
  app.addHook('onRequest', async (request, reply) => {
    if (down.on) {
      // "Down": the connection is cut before anything is done or answered, as a repo that is not there.
      reply.hijack()
      request.raw.socket.destroy()
      return
    }
    requests.push(`${request.method} ${request.url}`)
  })
  await app.register(wikibase, { siteId: 'repo', roles: ['repo'], database, worker: { enabled: false } })
  const db = wikibaseInternals(app).self
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  t.teardown(async () => { await app.close() })
  await registerRemoteClient(db, 'remotewiki', 'http://127.0.0.1:9/', TOKEN)
  return { app, db, url: address, requests, down }
}

async function startRemoteClient (t: Teardown, url: string, client: Record<string, unknown> = {}): Promise<{ app: FastifyInstance, host: ReturnType<typeof createTestHost>, services: ClientServices, db: WikiDatabase }> {
  const host = createTestHost()
  const app = await startWiki(t, {
    siteId: 'remotewiki', roles: ['client'], database: await freshDatabase(t, 'remoteclient'),
    repo: { siteId: 'repo', url, token: TOKEN }, worker: { enabled: false }, host, client
  })
  host.attach(app)
  const internals = wikibaseInternals(app)
  return { app, host, services: internals.client!, db: internals.self }
}

/** A new latest revision of an entity on the repo (as an edit saves it). */
async function editEntity (repo: WikiDatabase, entity: WikibaseEntity): Promise<void> {
  const id = parseEntityId(entity.id)
  await withTransaction(repo.pool, async tx => {
    const state = await loadEntityState(tx, repo, id, { forUpdate: true })
    await saveRevision(tx, repo, { entityId: id, baseRevisionId: state!.latestRevisionId, entity, meta: { userId: 0, userText: 'edit', comment: 'test edit', bot: false } })
  })
}

/** The change of an entity as the repo pushes it into a client's inbox. */
const changeRow = (id: number, entityId: string): { id: number, object_id: string, type: string, time: string, revision_id: number, user_id: number, info: string } =>
  ({ id, object_id: entityId, type: 'wikibase-item~update', time: '20261204000000', revision_id: 100 + id, user_id: 0, info: '{}' })

const relabelled = (entity: WikibaseEntity, label: string): WikibaseEntity =>
  ({ ...entity, labels: { ...(entity.labels as Record<string, { language: string, value: string }>), en: { language: 'en', value: label } } })

t.test('a remote-mode client renders, caches and subscribes over HTTP only', async t => {
  const repo = await startListeningRepo(t)
  const Q183 = loadCanonicalEntity('entities/Q183.json', 'Q183')
  for (const id of ['Q64', 'P17']) await storeEntity(repo.db, loadCanonicalEntity(`entities/${id}.json`, id))
  await storeEntity(repo.db, Q183)
  const { host, services, db, app } = await startRemoteClient(t, repo.url)
  const render = async (text: string): Promise<string> => (await host.parse(page(900, 'Sandbox'), text)).text
  const entityRequests = (): string[] => repo.requests.filter(r => r.includes('Special:EntityData'))

  t.test('started without the repo\'s database: its repo is the URL', async t => {
    t.equal(app.wikibase.repoSiteId, 'repo')
    t.equal(services.repoDb, null)
    t.equal(wikibaseInternals(app).options.repo, null)
    t.strictSame(wikibaseInternals(app).options.remoteRepo, { siteId: 'repo', url: repo.url, token: TOKEN })
  })

  t.test('a page using Q64 renders the repo\'s data; the second render makes no request', async t => {
    repo.requests.length = 0
    t.equal(await render('{{#property:P17|from=Q64}}'), 'Germany')
    const first = entityRequests()
    t.ok(first.includes('GET /wiki/Special:EntityData/Q64.json') && first.includes('GET /wiki/Special:EntityData/Q183.json'), `read over Special:EntityData: ${first.join(', ')}`)
    t.ok(repo.requests.every(r => r.startsWith('GET ')), 'reads only')
    repo.requests.length = 0
    t.equal(await render('{{#property:P17|from=Q64}}'), 'Germany')
    // The page's own item (itemIdForSiteLink) is asked for on each render, as a farm client queries it each time.
    t.strictSame(entityRequests(), [], 'entities served from the client\'s cache')
  })

  t.test('a property by its label: the repo\'s REST suggest, exact label only', async t => {
    t.equal(await render('{{#property:country|from=Q64}}'), 'Germany')
    t.equal(await services.repoReader.findPropertyIdByLabel('country', 'en'), 'P17')
    t.equal(await services.repoReader.findPropertyIdByLabel('countr', 'en'), null, 'a prefix is no label')
    t.equal(await services.repoReader.findPropertyIdByLabel('country', 'de'), null, 'another language\'s label is not matched')
  })

  t.test('an item by sitelink: the repo\'s wbgetentities with sites and titles', async t => {
    t.equal(await services.repoReader.itemIdForSiteLink('enwiki', 'Berlin'), 'Q64')
    t.equal(await services.repoReader.itemIdForSiteLink('enwiki', 'No such page at all'), null)
  })

  t.test('a change pushed into the inbox invalidates the cached entity in the same transaction', async t => {
    await editEntity(repo.db, relabelled(Q183, 'Germany (edited)'))
    repo.requests.length = 0
    t.equal(await render('{{#property:P17|from=Q64}}'), 'Germany', 'before the change reaches the client: the cached answer')
    t.strictSame(entityRequests(), [])
    await withTransaction(db.pool, async tx => { await acceptRemoteChanges(tx, db, 'repo', [changeRow(1, 'Q183')]) })
    t.equal(await render('{{#property:P17|from=Q64}}'), 'Germany (edited)')
    t.strictSame(entityRequests(), ['GET /wiki/Special:EntityData/Q183.json'], 'only the changed entity is read again')
  })

  t.test('an answer fetched while a change invalidated the entity is not stored (generations)', async t => {
    await withTransaction(db.pool, async tx => { await acceptRemoteChanges(tx, db, 'repo', [changeRow(10, 'Q64')]) })
    const before = await readCachedEntity(db.pool, db, 'Q64' as EntityId)
    t.equal(before.outcome, null, 'invalidated: to be fetched')
    // A change arrives while the answer is on its way.
    await withTransaction(db.pool, async tx => { await invalidateCachedEntities(tx, db, ['Q64']) })
    await storeCachedEntity(db.pool, db, 'Q64' as EntityId, { status: 'missing', entityId: 'Q64' as EntityId, reason: 'no-such-entity' }, before.generation)
    t.strictSame(await readCachedEntity(db.pool, db, 'Q64' as EntityId), { outcome: null, generation: before.generation + 1 }, 'the older answer was dropped')
    const fresh = await services.repoReader.loadEntity('Q64' as EntityId)
    t.match(fresh, { status: 'found', entityId: 'Q64' })
    t.match((await readCachedEntity(db.pool, db, 'Q64' as EntityId)).outcome, { status: 'found', entityId: 'Q64' }, 'the next read stores its answer')
  })

  t.test('redirects and missing entities, as RedirectResolvingEntityLookup answers them', async t => {
    await storeRedirect(repo.db, 'Q1001', 'Q183')
    await storeRedirect(repo.db, 'Q1002', 'Q999999')
    await storeRedirect(repo.db, 'Q1003', 'Q1001')
    const found = await services.repoReader.loadEntity('Q1001' as EntityId)
    t.match(found, { status: 'found', entityId: 'Q183', redirectedFrom: 'Q1001' })
    t.equal(found.status === 'found' ? found.entity.id : null, 'Q183')
    t.strictSame(await services.repoReader.loadEntity('Q1002' as EntityId), { status: 'missing', entityId: 'Q1002', reason: 'unresolved-redirect' })
    t.strictSame(await services.repoReader.loadEntity('Q1003' as EntityId), { status: 'missing', entityId: 'Q1003', reason: 'unresolved-redirect' }, 'a double redirect is not followed')
    t.strictSame(await services.repoReader.loadEntity('Q424242' as EntityId), { status: 'missing', entityId: 'Q424242', reason: 'no-such-entity' })
    // A change of the redirect's target invalidates what was cached under the redirect too.
    await editEntity(repo.db, relabelled(Q183, 'Germany (again)'))
    await withTransaction(db.pool, async tx => { await acceptRemoteChanges(tx, db, 'repo', [changeRow(2, 'Q183')]) })
    const again = await services.repoReader.loadEntity('Q1001' as EntityId)
    t.equal(again.status === 'found' ? enLabel(again.entity) : null, 'Germany (again)')
    // A deleted entity reads as missing once its change arrives.
    await storeEntity(repo.db, { type: 'item', id: 'Q1004', labels: {}, descriptions: {}, aliases: {}, claims: {}, sitelinks: {} } as unknown as WikibaseEntity)
    t.match(await services.repoReader.loadEntity('Q1004' as EntityId), { status: 'found', entityId: 'Q1004' })
    await deleteEntity(repo.db, 'Q1004')
    await withTransaction(db.pool, async tx => { await acceptRemoteChanges(tx, db, 'repo', [changeRow(3, 'Q1004')]) })
    t.strictSame(await services.repoReader.loadEntity('Q1004' as EntityId), { status: 'missing', entityId: 'Q1004', reason: 'no-such-entity' },
      'Special:EntityData answers a deleted entity with 404: missing, as far as HTTP tells')
  })

  t.test('revisions by id: Special:EntityData ?revision=, kept forever', async t => {
    const revisions = (await repo.db.pool.query<{ id: string }>("SELECT rev_id AS id FROM wb_entity_revisions WHERE rev_entity_id = 'Q183' ORDER BY rev_id")).rows.map(r => Number(r.id))
    t.equal(revisions.length, 3)
    repo.requests.length = 0
    const first = await services.repoReader.loadRevision('Q183' as EntityId, revisions[0]!)
    t.equal(enLabel(first?.entity), 'Germany')
    t.equal(first?.revisionId, revisions[0])
    t.equal(enLabel((await services.repoReader.loadRevision('Q183' as EntityId, revisions[1]!))?.entity), 'Germany (edited)')
    t.equal(await services.repoReader.loadRevision('Q64' as EntityId, revisions[1]!), null, 'another entity\'s revision')
    const asked = repo.requests.length
    t.equal(enLabel((await services.repoReader.loadRevision('Q183' as EntityId, revisions[0]!))?.entity), 'Germany')
    t.equal(repo.requests.length, asked, 'a revision read once is not asked for again')
  })

  t.test('subscriptions reach the repo\'s table exactly, through the outbox', async t => {
    const counts = async (): Promise<string[]> => (await repo.db.pool.query(
      "SELECT uc_entity_id, uc_pages FROM wb_entity_usage_counts WHERE uc_site_id = 'remotewiki' ORDER BY 1")).rows.map(r => `${String(r.uc_entity_id)}=${String(r.uc_pages)}`)
    await host.save('Berlin', '{{#property:P17|from=Q64}}')
    await host.save('Germany', '{{#property:P17|from=Q183}}')
    t.strictSame(await subscriptions(repo.db), [], 'the save did not wait on the repo')
    const jobs = await queuedJobs(db.pool, db.queueSchema, 'wikibase:syncSubscriptions')
    t.equal(jobs.length, 1, 'one keyed sync queued for both saves')
    t.equal(jobs[0]?.key, 'remotewiki/syncSubscriptions')
    t.equal(await syncSubscriptions(services.subscriptionSync!), 2)
    t.strictSame(await subscriptions(repo.db), ['remotewiki@Q183', 'remotewiki@Q64'])
    t.strictSame(await counts(), ['Q183=2', 'Q64=1'])
    t.equal(await syncSubscriptions(services.subscriptionSync!), 0, 'the outbox is empty once sent')
    await host.save('Berlin', 'no data')
    await syncSubscriptions(services.subscriptionSync!)
    t.strictSame(await subscriptions(repo.db), ['remotewiki@Q183'], 'Q64 unsubscribed: no page uses it')
    t.strictSame(await counts(), ['Q183=1'])
    await host.save('Germany', 'no data either')
    await syncSubscriptions(services.subscriptionSync!)
    t.strictSame(await subscriptions(repo.db), [], 'the last usage gone: unsubscribed')
    t.strictSame(await counts(), [])
  })

  t.test('repo down: the page save succeeds, the outbox waits, and syncs when the repo is back', async t => {
    repo.down.on = true
    try {
      const saved = await host.save('Berlin', '{{#property:P17|from=Q64}}')
      t.ok(saved.page.id > 0, 'saved')
      await t.rejects(syncSubscriptions(services.subscriptionSync!), { name: 'RepoUnavailableError' }, 'the sync job fails (graphile-worker retries it)')
      const { rows } = await db.pool.query('SELECT so_entity_id AS id FROM wbc_subscription_outbox ORDER BY 1')
      t.strictSame(rows.map(r => r.id), ['Q183', 'Q64'], 'kept in the outbox')
    } finally {
      repo.down.on = false
    }
    t.equal(await syncSubscriptions(services.subscriptionSync!), 2)
    t.strictSame(await subscriptions(repo.db), ['remotewiki@Q183', 'remotewiki@Q64'])
  })

  t.test('a page move does not reach for the repo (no UpdateRepo in remote mode)', async t => {
    repo.requests.length = 0
    await host.move('Germany', 'Deutschland')
    t.strictSame(await queuedJobs(db.pool, db.queueSchema, 'wikibase:pushUpdateRepo'), [], 'nothing queued for the repo')
    t.notOk(repo.requests.some(r => r.includes('titles=Germany')), 'the old title\'s item is not looked up (only the moved page\'s render asks for its own)')
  })

  t.test('subscriptions repair over HTTP: rows lost or left on the repo become exact', async t => {
    await repo.db.pool.query("DELETE FROM wb_changes_subscription WHERE cs_entity_id = 'Q64'")
    await repo.db.pool.query("INSERT INTO wb_changes_subscription (cs_entity_id, cs_subscriber_id) VALUES ('Q5', 'remotewiki'), ('Q5', 'otherwiki')")
    const result = await repairRemoteSubscriptions(services.subscriptionSync!)
    t.equal(result.marked, 4, 'two used entities, two listed by the repo')
    t.strictSame((await subscriptions(repo.db)).filter(s => s.startsWith('remotewiki@')), ['remotewiki@Q183', 'remotewiki@Q64'])
    t.ok((await subscriptions(repo.db)).includes('otherwiki@Q5'), 'another site\'s rows are not touched')
  })

  t.test('the CLI\'s subscriptions repair, given the repo\'s URL and the token instead of its database', async t => {
    await repo.db.pool.query("DELETE FROM wb_changes_subscription WHERE cs_subscriber_id = 'remotewiki'")
    const lines: string[] = []
    const name = (await db.pool.query<{ db: string }>('SELECT current_database() AS db')).rows[0]!.db
    const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres')
    url.pathname = `/${name}`
    await runSubscriptionsRepair({
      database: url.toString(), schema: db.dataSchema, queueSchema: db.queueSchema, siteId: 'remotewiki', repoUrl: repo.url, repoToken: TOKEN, repoSiteId: 'repo'
    }, { log: line => { lines.push(line) } })
    t.strictSame(lines, [`remotewiki: 2 entities checked and sent to the repo at ${repo.url}`])
    t.strictSame((await subscriptions(repo.db)).filter(s => s.startsWith('remotewiki@')), ['remotewiki@Q183', 'remotewiki@Q64'])
    await t.rejects(runSubscriptionsRepair({
      database: url.toString(), schema: db.dataSchema, queueSchema: db.queueSchema, siteId: 'remotewiki', repoUrl: repo.url, repoToken: 'wbc_not-the-token-of-this-client'
    }, { log: () => {} }), { name: 'SubscriptionSyncError', message: /401/ }, 'a wrong token: refused by the repo, named')
  })
})

t.test('a hostile repo answer does not crash or stall a render, and is not cached', async t => {
  const hostile = Fastify()
  const hits: string[] = []
  hostile.get('/wiki/Special::EntityData/*', async (request, reply) => {
    const file = (request.params as { '*': string })['*']
    hits.push(file)
    if (file === 'Q1.json') return await reply.type('application/json').send('{"entities": {"Q1": ')
    if (file === 'Q2.json') return await reply.type('application/json').send({ entities: { Q2: { id: 'Q2', type: 'item', labels: 'not a map' } } })
    if (file === 'Q3.json') return await reply.type('application/json').send({ entities: { Q9: { id: 'Q9', type: 'item' } } })
    if (file === 'Q4.json') return await reply.type('application/json').send(JSON.stringify({ entities: { Q4: { id: 'Q4', type: 'item', padding: 'x'.repeat(200_000) } } }))
    if (file === 'Q5.json') { await new Promise(resolve => setTimeout(resolve, 5_000)); return { entities: {} } }
    if (file === 'Q6.json') return await reply.code(500).send('oops')
    if (file === 'Q7.json') return await reply.redirect('/elsewhere', 301)
    return await reply.code(404).send('no')
  })
  hostile.post('/wikibase/v1/clients/:siteId/subscriptions', async (_request, reply) =>
    await reply.code(429).header('retry-after', '30').send({ code: 'rate-limited', message: 'slow down' }))
  const url = await hostile.listen({ host: '127.0.0.1', port: 0 })
  t.teardown(async () => { await hostile.close() })
  const { host, services, app } = await startRemoteClient(t, url, { remoteRepoTimeout: 300, remoteRepoMaxResponseBytes: 64 * 1024 })
  for (const id of ['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6', 'Q7']) {
    t.strictSame(await services.repoReader.loadEntity(id as EntityId), { status: 'missing', entityId: id, reason: 'no-such-entity' }, `${id}: read as missing`)
  }
  const { text } = await host.parse(page(77, 'Hostile'), '{{#property:P17|from=Q5}}')
  t.equal(text, '', 'a slow repo: the render ends with nothing shown')
  hits.length = 0
  await services.repoReader.loadEntity('Q2' as EntityId)
  t.strictSame(hits, ['Q2.json'], 'an invalid answer is not cached: asked again')

  // Rate-limited: the sync job queues itself again after retry-after, the outbox kept.
  const db = wikibaseInternals(app).self
  await markForSync(db.pool, db, ['Q1'])
  await db.pool.query(`DELETE FROM ${db.queueSchema}._private_jobs`)
  await makeSyncSubscriptionsTask(services).run({}, undefined as never)
  const { rows: [job] } = await db.pool.query<{ wait: number, attempts: number }>(
    `SELECT extract(epoch FROM run_at - now())::float AS wait, attempts FROM ${db.queueSchema}._private_jobs`)
  t.ok(job !== undefined && job.wait > 20 && job.wait <= 30, `queued again to run after retry-after (in ${job?.wait ?? 'no job'} s)`)
  t.equal(job?.attempts, 0, 'not counted as a failed attempt')
  t.equal((await db.pool.query('SELECT 1 FROM wbc_subscription_outbox')).rows.length, 1, 'the outbox kept')
})

t.test('the worker runs wikibase:syncSubscriptions: a save while the repo is down reaches it once it is back', async t => {
  const repo = await startListeningRepo(t)
  for (const id of ['Q64', 'Q183', 'P17']) await storeEntity(repo.db, loadCanonicalEntity(`entities/${id}.json`, id))
  const host = createTestHost()
  const app = await startWiki(t, {
    siteId: 'remotewiki', roles: ['client'], database: await freshDatabase(t, 'remoteworker'),
    repo: { siteId: 'repo', url: repo.url, token: TOKEN }, worker: { pollInterval: 100 }, host
  })
  host.attach(app)
  const db = wikibaseInternals(app).self
  // Rendered while the repo is up (the page's data), saved while it is down.
  await host.parse(page(900, 'Sandbox'), '{{#property:P17|from=Q64}}')
  repo.down.on = true
  try {
    await host.save('Berlin', '{{#property:P17|from=Q64}}')
    const failed = await eventually(async () => {
      const [job] = await queuedJobs(db.pool, db.queueSchema, 'wikibase:syncSubscriptions')
      return job?.last_error !== null && job?.last_error !== undefined ? job : undefined
    }, 30_000)
    t.match(failed.last_error, /did not answer/, 'the sync failed and is retried by graphile-worker')
    t.strictSame(await subscriptions(repo.db), [])
  } finally {
    repo.down.on = false
  }
  t.strictSame(await eventually(async () => {
    const rows = await subscriptions(repo.db)
    return rows.length === 2 ? rows : undefined
  }, 60_000), ['remotewiki@Q183', 'remotewiki@Q64'], 'synced by the retry')
  await eventually(async () => (await db.pool.query('SELECT 1 FROM wbc_subscription_outbox')).rows.length === 0 ? true : undefined, 30_000)
  t.pass('the outbox is empty')
})
