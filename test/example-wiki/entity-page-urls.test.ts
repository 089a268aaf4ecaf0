import t from 'tap'
import { fileURLToPath } from 'node:url'
import { freshDatabase } from '../support/test-database.js'
import { buildWikiApp } from '../../example-wiki/wiki-app.js'
import { seedEntityPages } from '../../example-wiki/seed/seed.js'
import { importEntities } from '../../cli/entities-command.js'
import { wikibaseInternals } from '../../plugin/facade.js'

const ENTITIES = fileURLToPath(new URL('../../example-wiki/seed/entities/', import.meta.url))

/**
 * The example repo and the plugin agree on entity pages: items live at `Item:Q64` (namespace
 * 120), properties at `Property:P17` (122), and wbgetentities / Special:EntityData name those
 * pages with the engine's own page ids. `/wiki/Q64` is a main-namespace title without a page:
 * MediaWiki+Wikibase answer it as any missing page (404, "no such page"). Doubled slashes reach
 * the same routes, as on MediaWiki's server.
 */
t.test('entity pages: titles, page ids, missing main-namespace title, doubled slashes', async t => {
  const database = await freshDatabase(t, 'entitypageurls')
  const repo = await buildWikiApp({ siteId: 'repowiki', language: 'en', roles: ['repo', 'client'], database, clients: [], repoId: 'repowiki', farm: () => [], logger: false })
  t.teardown(async () => { await repo.app.close() })
  for (const file of ['Q64.json', 'P17.json']) {
    t.same((await importEntities(wikibaseInternals(repo.app).self, `${ENTITIES}${file}`, { checkSites: false })).failed, [])
  }
  t.equal(await seedEntityPages(repo), 2)
  const pageIds = new Map((await repo.wiki.db.pool.query<{ t: string, page_id: string }>(
    'SELECT page_namespace || \':\' || page_title AS t, page_id FROM wiki.page WHERE page_namespace IN (120, 122)')).rows.map(r => [r.t, Number(r.page_id)]))
  const q64Page = pageIds.get('120:Q64')!
  const p17Page = pageIds.get('122:P17')!
  t.ok(q64Page > 0 && p17Page > 0)

  const prefix = repo.ctx.routePrefix
  for (const [name, url] of [['api.php', `${prefix}/w/api.php`], ['doubled slash', `${prefix}/w//api.php`], ['leading doubled slash', `/${prefix}/w/api.php`]]) {
    for (const formatversion of ['1', '2']) {
      const answer = await repo.app.inject({ url: `${url}?action=wbgetentities&ids=Q64|P17&props=info&format=json&formatversion=${formatversion}` })
      t.equal(answer.statusCode, 200, `${name}, format ${formatversion}`)
      const { Q64, P17 } = answer.json().entities
      t.same(Q64, { pageid: q64Page, ns: 120, title: 'Item:Q64', lastrevid: Q64.lastrevid, modified: Q64.modified, type: 'item', id: 'Q64' }, `${name}, format ${formatversion}: Q64`)
      t.same(P17, { pageid: p17Page, ns: 122, title: 'Property:P17', lastrevid: P17.lastrevid, modified: P17.modified, type: 'property', datatype: 'wikibase-item', id: 'P17' },
        `${name}, format ${formatversion}: P17`)
    }
  }
  for (const url of [`${prefix}/wiki/Special:EntityData/Q64.json`, `${prefix}//wiki//Special:EntityData/Q64.json`]) {
    const data = await repo.app.inject({ url })
    t.equal(data.statusCode, 200, url)
    t.match(data.json().entities.Q64, { pageid: q64Page, ns: 120, title: 'Item:Q64' }, `${url}: the same page`)
  }

  const rest = await repo.app.inject({ url: `${prefix}/w//rest.php/wikibase//v1/entities/items/Q64/labels/en` })
  t.same([rest.statusCode, rest.json()], [200, 'Berlin'], 'the REST API with doubled slashes')
  t.equal((await repo.app.inject({ url: '/wiki/Item:Q64' })).statusCode, 200, 'the entity at Item:Q64')
  t.equal((await repo.app.inject({ url: '//wiki/Item:Q64' })).statusCode, 200, 'and with a doubled slash')
  t.equal((await repo.app.inject({ url: '/wiki/Property:P17' })).statusCode, 200)
  const main = await repo.app.inject({ url: '/wiki/Q64' })
  t.equal(main.statusCode, 404, '/wiki/Q64: a main-namespace title without a page, as on MediaWiki')
  t.notMatch(main.body, /wb-badge|Berlin \(Q64\)/, 'not the entity')
})
