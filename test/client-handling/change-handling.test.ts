import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import pg from 'pg'
import { startWiki } from '../support/farm.js'
import { createTestHost, type TestHost } from '../support/test-host.js'
import { eventually, freshDatabase } from '../support/test-database.js'
import { createEntity, editEntity } from '../../plugin/repo/entity-editor.js'
import type { EntityId } from '../../plugin/changes/entity-id.js'
import type { WikibaseEntity } from '../../plugin/changes/wikibase-entity.js'

const editor = { id: 5, name: 'Editor', anonymous: false, bot: false }

interface Farm { repo: FastifyInstance, repoHost: TestHost, client: FastifyInstance, clientHost: TestHost, clientPool: pg.Pool }

async function farm (t: Test, clientSettings: Record<string, unknown> = {}): Promise<Farm> {
  const repoUrl = await freshDatabase(t, 'handlerepo')
  const enUrl = await freshDatabase(t, 'handleen')
  const repoPool = new pg.Pool({ connectionString: repoUrl, max: 3 })
  const clientPool = new pg.Pool({ connectionString: enUrl, max: 3 })
  t.teardown(async () => { await repoPool.end(); await clientPool.end() })
  const repoHost = await createTestHost(repoPool)
  const clientHost = await createTestHost(clientPool)
  const client = await startWiki(t, { siteId: 'enwiki', roles: ['client'], database: enUrl, repo: { siteId: 'repowiki', database: repoUrl }, host: clientHost, worker: { pollInterval: 100 }, client: clientSettings })
  const repo = await startWiki(t, { siteId: 'repowiki', roles: ['repo'], database: repoUrl, clients: [{ siteId: 'enwiki', database: enUrl }], host: repoHost, worker: { pollInterval: 100 } })
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
  await f.repo.wikibase.self.pool.query('INSERT INTO wb_changes_subscription (cs_entity_id, cs_subscriber_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [entityId, 'enwiki'])
}

t.test('a label edit in de refreshes exactly the pages using L.de or X of the item', async t => {
  const f = await farm(t)
  const ctx = { db: f.repo.wikibase.self, host: f.repoHost, user: editor }
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
})
