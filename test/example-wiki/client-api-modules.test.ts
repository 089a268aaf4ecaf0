import t from 'tap'
import pg from 'pg'
import { startWiki } from '../support/farm.js'
import { freshDatabase } from '../support/test-database.js'
import { storeEntity } from '../support/usage-test-wiki.js'
import { migrateEngine } from '../../example-wiki/engine/engine-migrator.js'
import { createWiki } from '../../example-wiki/engine/host-services.js'
import { savePage } from '../../example-wiki/engine/wiki-engine.js'
import { parseTitle } from '../../example-wiki/engine/titles.js'
import { createTestHost } from '../support/test-host.js'
import type { WikibaseEntity } from '../../plugin/changes/wikibase-entity.js'
import { wikibaseInternals } from '../../plugin/facade.js'
import { aspectKeyOf } from '../../plugin/client/usage/entity-usage.js'

/**
 * Issue 17: a client wiki's api.php (enwiki, the example engine as host, a real client
 * database) answers the client's query modules for a connected page: meta=wikibase,
 * prop=wbentityusage, prop=description, prop=pageterms.
 */
t.test("enwiki's api.php answers the client modules for a connected page", async t => {
  const repoUrl = await freshDatabase(t, 'capirepo')
  const enUrl = await freshDatabase(t, 'capien')
  const pool = new pg.Pool({ connectionString: enUrl, max: 12 })
  t.teardown(async () => { await pool.end() })
  const db = { pool, schema: 'wiki' }
  await migrateEngine(db)
  const log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => log } as any
  const wiki = createWiki({ siteId: 'enwiki', language: 'en', db, log })
  const repo = await startWiki(t, { siteId: 'repowiki', roles: ['repo'], database: repoUrl, host: createTestHost(), worker: { enabled: false } })
  const client = await startWiki(t, {
    siteId: 'enwiki', roles: ['client'], pool, host: wiki.host, worker: { enabled: false },
    repo: { siteId: 'repowiki', database: repoUrl, pagePath: 'http://repo.example/wiki/$1', filePath: 'http://repo.example/w/$1' }
  })
  await storeEntity(wikibaseInternals(repo).self, {
    type: 'item', id: 'Q64', claims: {},
    labels: { en: { language: 'en', value: 'Berlin' }, de: { language: 'de', value: 'Berlin (de)' } },
    descriptions: { en: { language: 'en', value: 'capital of Germany' } },
    aliases: { en: [{ language: 'en', value: 'Berlin, Germany' }, { language: 'en', value: 'BER' }] },
    sitelinks: { enwiki: { site: 'enwiki', title: 'Berlin', badges: [] } }
  } as WikibaseEntity)
  const user = { id: 0, name: '127.0.0.1', anonymous: true, bot: false }
  const berlin = (await savePage(wiki, { title: parseTitle('Berlin'), text: 'Berlin is {{#property:P1}}.', comment: 'test', user })).page.page_id
  const api = async (params: Record<string, string>): Promise<any> => {
    const response = await client.inject({ method: 'GET', url: '/w/api.php', query: { format: 'json', formatversion: '2', ...params } })
    t.equal(response.statusCode, 200)
    return response.json()
  }

  t.strictSame((await api({ action: 'query', meta: 'wikibase' })).query.wikibase, {
    repo: { url: { base: 'http://repo.example', scriptpath: '/w', articlepath: '/wiki/$1' } }, siteid: 'enwiki'
  })
  const stored = await wikibaseInternals(client).client!.tracker.getUsagesForPage(berlin as never)
  const aspects = stored.map(aspectKeyOf).sort()
  t.ok(aspects.length > 0, `the save recorded usages of Q64: ${aspects.join(', ')}`)
  t.strictSame((await api({ action: 'query', prop: 'wbentityusage', titles: 'Berlin' })).query.pages, [{
    pageid: berlin, ns: 0, title: 'Berlin', wbentityusage: { Q64: { aspects } }
  }])
  t.strictSame((await api({ action: 'query', prop: 'description', titles: 'Berlin' })).query.pages, [{
    pageid: berlin, ns: 0, title: 'Berlin', description: 'capital of Germany', descriptionsource: 'central'
  }])
  t.strictSame((await api({ action: 'query', prop: 'pageterms', pageids: String(berlin) })).query.pages, [{
    pageid: berlin, ns: 0, title: 'Berlin', terms: { label: ['Berlin'], description: ['capital of Germany'], alias: ['Berlin, Germany', 'BER'] }
  }])
  t.strictSame((await api({ action: 'query', prop: 'pageterms', titles: 'Berlin', wbptterms: 'label', wbptlanguage: 'de' })).query.pages[0].terms,
    { label: ['Berlin (de)'] })
})
