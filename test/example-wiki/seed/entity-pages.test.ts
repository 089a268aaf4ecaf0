import t from 'tap'
import { fileURLToPath } from 'node:url'
import { freshDatabase } from '../../support/test-database.js'
import { buildWikiApp } from '../../../example-wiki/wiki-app.js'
import { seedEntityPages } from '../../../example-wiki/seed/seed.js'
import { importEntities } from '../../../cli/entities-command.js'
import { callPlugin, REST_BASE } from '../../../example-wiki/web/plugin-api.js'
import { wikibaseInternals } from '../../../plugin/facade.js'

const ENTITIES = fileURLToPath(new URL('../../../example-wiki/seed/entities/', import.meta.url))

t.test('every entity is a page: entities imported with the CLI get their host page, once, without a recentchanges row', async t => {
  const database = await freshDatabase(t, 'entitypages')
  const repo = await buildWikiApp({ siteId: 'repowiki', language: 'en', roles: ['repo', 'client'], database, clients: [], repoId: 'repowiki', farm: () => [], logger: false })
  t.teardown(async () => { await repo.app.close() })
  for (const file of ['Q64.json', 'P17.json', 'Q17437798.json']) {
    const report = await importEntities(wikibaseInternals(repo.app).self, `${ENTITIES}${file}`, { checkSites: false })
    t.same(report.failed, [], `${file} imported`)
  }
  const pages = async (): Promise<string[]> => (await repo.wiki.db.pool.query<{ t: string }>(
    'SELECT page_namespace || \':\' || page_title AS t FROM wiki.page WHERE page_namespace IN (120, 122) ORDER BY 1')).rows.map(r => r.t)
  t.same(await pages(), [], 'the CLI import made no host page')

  t.equal(await seedEntityPages(repo), 3)
  t.same(await pages(), ['120:Q17437798', '120:Q64', '122:P17'])
  const revision = await repo.wiki.db.pool.query<{ rev_user_text: string, rev_comment: string, rev_text: string }>(
    'SELECT r.rev_user_text, r.rev_comment, r.rev_text FROM wiki.page p JOIN wiki.revision r ON r.rev_id = p.page_latest WHERE p.page_namespace = 120 AND p.page_title = \'Q64\'')
  const entityRevision = (await callPlugin(repo.app, 'GET', `${repo.ctx.routePrefix}${REST_BASE}/entities/items/Q64`)).etag?.replaceAll('"', '')
  t.same(revision.rows[0], { rev_user_text: 'Import', rev_comment: 'imported entity', rev_text: JSON.stringify({ entity: 'Q64', entityRevision: Number(entityRevision), kind: 'import' }) })
  t.equal((await repo.wiki.db.pool.query('SELECT 1 FROM wiki.recentchanges')).rowCount, 0, 'an import makes no recentchanges row')

  t.equal(await seedEntityPages(repo), 0, 'a second start creates nothing')
  const created = await callPlugin<{ id: string }>(repo.app, 'POST', `${repo.ctx.routePrefix}${REST_BASE}/entities/items`, {
    body: { item: { labels: { en: 'made through the API' } } }, user: { id: 0, name: '127.0.0.1', anonymous: true, bot: false }
  })
  t.equal(created.status, 201)
  t.equal(await seedEntityPages(repo), 0, 'an entity made through the API has its page already')
  t.same(await pages(), ['120:Q17437798', '120:Q64', `120:${created.body.id}`, '122:P17'].sort())

  const page = await repo.app.inject({ url: '/wiki/Special:AllPages' })
  t.match(page.body, /href="\/wiki\/Item:Q64"/, 'Special:AllPages lists the imported item')
  const main = await repo.app.inject({ url: '/wiki/Item:Q64' })
  t.equal(main.statusCode, 200)
  t.match(main.body, /<span class="wb-badge wb-badge-Q17437798" title="good article">good article<\/span>/, 'a badge by its label')
})
