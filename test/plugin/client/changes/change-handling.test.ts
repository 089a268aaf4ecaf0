import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import type pg from 'pg'
import { startWiki } from '../../../support/farm.js'
import { createTestHost, type TestHost } from '../../../support/test-host.js'
import { eventually, freshDatabase, testPool } from '../../../support/test-database.js'
import { createEntity, editEntity } from '../../../../plugin/repo/entities/entity-editor.js'
import type { EntityId } from '../../../../hooks/ids.js'
import type { WikibaseEntity } from '../../../../plugin/changes/wikibase-entity.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

const editor = { id: 5, name: 'Editor', anonymous: false, bot: false }

interface Farm { repo: FastifyInstance, repoHost: TestHost, client: FastifyInstance, clientHost: TestHost, clientPool: pg.Pool }

async function farm (t: Test, clientSettings: Record<string, unknown> = {}, repoSettings: Record<string, unknown> = {}): Promise<Farm> {
  const repoUrl = await freshDatabase(t, 'handlerepo')
  const enUrl = await freshDatabase(t, 'handleen')
  const repoPool = testPool(t, repoUrl, 20)
  const clientPool = testPool(t, enUrl, 20)
  const repoHost = createTestHost({ pool: repoPool })
  const clientHost = createTestHost({ pool: clientPool })
  const client = await startWiki(t, { siteId: 'enwiki', roles: ['client'], database: enUrl, repo: { siteId: 'repowiki', database: repoUrl }, host: clientHost, worker: { pollInterval: 100 }, client: clientSettings })
  const repo = await startWiki(t, { siteId: 'repowiki', roles: ['repo'], database: repoUrl, clients: [{ siteId: 'enwiki', database: enUrl }], host: repoHost, worker: { pollInterval: 100 }, repoSettings })
  return { repo, repoHost, client, clientHost, clientPool }
}

const item = (labels: Record<string, string>): WikibaseEntity => ({
  type: 'item',
  labels: Object.fromEntries(Object.entries(labels).map(([language, value]) => [language, { language, value }])),
  descriptions: {}, aliases: {}, claims: {}, sitelinks: {}
} as unknown as WikibaseEntity)

async function use (f: Farm, pageId: number, entityId: string, aspects: string[]): Promise<void> {
  for (const aspect of aspects) {
    await f.clientPool.query('INSERT INTO wbc_entity_usage (eu_entity_id, eu_aspect, eu_page_id) VALUES ($1, $2, $3)', [entityId, aspect, pageId])
  }
  await wikibaseInternals(f.repo).self.pool.query('INSERT INTO wb_changes_subscription (cs_entity_id, cs_subscriber_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [entityId, 'enwiki'])
}

t.test('a label edit in de refreshes exactly the pages using L.de or X of the item', async t => {
  const f = await farm(t)
  const ctx = { db: wikibaseInternals(f.repo).self, host: f.repoHost, user: editor }
  const { entityId } = await createEntity(ctx, 'item', item({ en: 'Berlin' }))
  const usesDe = await f.clientHost.addPage('Uses German label')
  const usesAll = await f.clientHost.addPage('Uses everything')
  const usesEn = await f.clientHost.addPage('Uses English label')
  const usesOther = await f.clientHost.addPage('Uses another item')
  await use(f, usesDe, entityId, ['L.de', 'S'])
  await use(f, usesAll, entityId, ['X'])
  await use(f, usesEn, entityId, ['L.en', 'C.P31'])
  await use(f, usesOther, 'Q999999', ['L.de'])

  await editEntity(ctx, entityId as EntityId, entity => ({ ...entity, labels: { ...entity.labels, de: { language: 'de', value: 'Berlin (Stadt)' } } }), { comment: 'German label' })

  const refreshed = await eventually(async () => { const r = await f.clientHost.refreshed(); return r.length >= 2 ? r : undefined })
  await new Promise(resolve => setTimeout(resolve, 500)) // nothing else arrives
  t.same((await f.clientHost.refreshed()).map(r => r.page).sort(), [usesDe, usesAll].sort(), 'refreshed: the L.de and X pages only')
  t.same(refreshed.map(r => r.agent), ['uid:5', 'uid:5'])
  t.same((await f.clientHost.purged()).flatMap(p => p.pages).sort(), [usesDe, usesAll].sort(), 'purged: the same pages')
  const rc = await eventually(async () => { const r = await f.clientHost.recentChanges(); return r.length >= 2 ? r : undefined })
  t.same(rc.map(r => r.rc_cur_id).sort(), [usesDe, usesAll].sort(), 'one recentchanges row per affected page')
  for (const row of rc) {
    t.match(row, { rc_source: 'wb', rc_comment: 'German label', rc_user: 0, rc_user_text: 'repowiki>Editor', rc_minor: true, rc_bot: false, rc_patrolled: 2 })
    t.match(row.rc_params, { 'wikibase-repo-change': { object_id: entityId, type: 'wikibase-item~update', entity_type: 'item', user_text: 'Editor' } })
  }

  // The same notification delivered again (at-least-once) changes nothing on the client.
  const [notification] = (await f.clientPool.query("SELECT payload FROM wikibase_jobs._private_jobs j JOIN wikibase_jobs._private_tasks t ON t.id = j.task_id WHERE t.identifier = 'wikibase:entityChangeNotification'")).rows
  t.equal(notification, undefined, 'the notification job is done')
  const { rows: [sent] } = await f.clientPool.query('SELECT hc_change_id AS id FROM wbc_handled_changes')
  const { rows: [stored] } = await wikibaseInternals(f.repo).self.pool.query('SELECT count(*)::int AS n FROM wb_changes')
  t.equal(stored.n, 0, 'the repo deleted the delivered change')
  const replay = { repoSiteId: 'repowiki', changes: [{ id: Number(sent.id), type: 'wikibase-item~update', time: '20260101000000', object_id: entityId, revision_id: 1, user_id: 5, info: '{}' }] }
  await f.clientPool.query("SELECT wikibase_jobs.add_job('wikibase:entityChangeNotification', $1::json)", [JSON.stringify(replay)])
  await eventually(async () => (await f.clientPool.query('SELECT 1 FROM wikibase_jobs._private_jobs')).rowCount === 0 ? true : undefined)
  t.equal((await f.clientHost.recentChanges()).length, 2, 'no second recentchanges row')
  t.equal((await f.clientHost.refreshed()).length, 2, 'no extra refresh')
})

t.test('a replayed InjectRCRecords job inserts no second row', async t => {
  const f = await farm(t)
  const page = await f.clientHost.addPage('Target')
  const job = {
    repoSiteId: 'repowiki', changeKey: '42', pages: [{ id: page, namespace: 0, title: 'Target' }],
    change: { id: 42, type: 'wikibase-item~update', time: '20260101000000', object_id: 'Q1', revision_id: 7, user_id: 0, info: JSON.stringify({ metadata: { comment: 'c', user_text: '127.0.0.1' } }) }
  }
  for (let i = 0; i < 3; i++) await f.clientPool.query("SELECT wikibase_jobs.add_job('wikibase:injectRCRecords', $1::json)", [JSON.stringify(job)])
  await eventually(async () => (await f.clientPool.query('SELECT 1 FROM wikibase_jobs._private_jobs')).rowCount === 0 ? true : undefined)
  const rows = await f.clientHost.recentChanges()
  t.equal(rows.length, 1)
  t.match(rows[0], { rc_cur_id: page, rc_comment: 'c', rc_user_text: '127.0.0.1', rc_timestamp: '2026-01-01T00:00:00.000Z' })
  const { rows: [claim] } = await f.clientPool.query('SELECT ir_rc_id FROM wbc_injected_recent_changes')
  t.equal(Number(claim.ir_rc_id), rows[0]!.rc_id, 'the claim records the row it made')
})

t.test('a replayed InjectRCRecords job of many entries inserts each (change, page) row once', async t => {
  const f = await farm(t)
  const a = await f.clientHost.addPage('A')
  const b = await f.clientHost.addPage('B')
  const ref = (id: number, title: string): { id: number, namespace: number, title: string } => ({ id, namespace: 0, title })
  const change = (id: number, comment: string): Record<string, unknown> => ({
    id, type: 'wikibase-item~update', time: '20260101000000', object_id: 'Q1', revision_id: id, user_id: 0, info: JSON.stringify({ metadata: { comment, user_text: '127.0.0.1' } })
  })
  const job = {
    repoSiteId: 'repowiki',
    entries: [
      { changeKey: '42', change: change(42, 'first'), pages: [ref(a, 'A'), ref(b, 'B')] },
      { changeKey: '43', change: change(43, 'second'), pages: [ref(b, 'B'), ref(999_999, 'Missing')] },
      { changeKey: '42', change: change(42, 'first'), pages: [ref(a, 'A')] }
    ]
  }
  for (let i = 0; i < 2; i++) await f.clientPool.query("SELECT wikibase_jobs.add_job('wikibase:injectRCRecords', $1::json)", [JSON.stringify(job)])
  await eventually(async () => (await f.clientPool.query('SELECT 1 FROM wikibase_jobs._private_jobs')).rowCount === 0 ? true : undefined)
  const rows = await f.clientHost.recentChanges()
  t.strictSame(rows.map(r => [r.rc_cur_id, r.rc_comment]).sort(), [[a, 'first'], [b, 'first'], [b, 'second']].sort(),
    'one row per (change, page): the pair named twice once, the missing page none, the replay none')
  const { rows: claims } = await f.clientPool.query<{ key: string, page: number, rc: string }>(
    'SELECT ir_change_key AS key, ir_page_id AS page, ir_rc_id AS rc FROM wbc_injected_recent_changes ORDER BY ir_change_key, ir_page_id')
  const byPair = new Map(rows.map(r => [`${r.rc_comment === 'first' ? '42' : '43'}:${r.rc_cur_id}`, r.rc_id]))
  t.strictSame(claims.map(c => [c.key, c.page, Number(c.rc)]), claims.map(c => [c.key, c.page, byPair.get(`${c.key}:${c.page}`)]),
    'each claim records the row it made')
  t.equal(claims.length, 3)
})

t.test('a burst of edits by one user reaches the client as one coalesced change with one recentchanges row', async t => {
  const f = await farm(t, {}, { dispatchDelay: 1000 })
  // The editor called directly, as the plugin's routes call it: with the repo's dispatch delay.
  const ctx = { db: wikibaseInternals(f.repo).self, host: f.repoHost, user: editor, dispatchDelayMs: wikibaseInternals(f.repo).options.repoSettings.dispatchDelay }
  const { entityId } = await createEntity(ctx, 'item', item({ en: 'Paris' }))
  const page = await f.clientHost.addPage('Paris')
  await use(f, page, entityId, ['L.de', 'L.fr', 'L.es'])
  for (const [language, value] of [['de', 'Paris (Stadt)'], ['fr', 'Paris (ville)'], ['es', 'París']]) {
    await editEntity(ctx, entityId as EntityId, entity => ({ ...entity, labels: { ...entity.labels, [language!]: { language: language!, value: value! } } }), { comment: `label ${language!}` })
  }
  const rc = await eventually(async () => { const r = await f.clientHost.recentChanges(); return r.length > 0 ? r : undefined })
  await new Promise(resolve => setTimeout(resolve, 500))
  t.equal((await f.clientHost.recentChanges()).length, 1, 'one row for the run')
  t.equal(rc[0]!.rc_comment, 'label de; label fr; label es', 'its comment joins the original comments')
  t.match(rc[0]!.rc_params, { 'wikibase-repo-change': { id: null, parent_id: 1 } }, 'spanning the run from the first parent')
  t.equal((await f.clientHost.refreshed()).length, 1, 'one refresh')
})
