import t from 'tap'
import { startWiki } from '../support/farm.js'
import { freshDatabase } from '../support/test-database.js'
import { storeEntity } from '../support/usage-test-wiki.js'
import { savePage } from '../../example-wiki/engine/wiki-engine.js'
import { parseTitle } from '../../example-wiki/engine/titles.js'
import { pageProps, unconnectedPages } from '../../example-wiki/engine/link-store.js'
import { createTestHost } from '../support/test-host.js'
import type { PageId } from '../../hooks/ids.js'
import type { WikibaseEntity } from '../../plugin/changes/wikibase-entity.js'
import type { ClientServices } from '../../plugin/client/client-services.js'
import { wikibaseInternals } from '../../plugin/facade.js'
import { engineWiki } from '../support/engine-wiki.js'

/**
 * Issue 17 items 1 and 4 on a real client database (the example engine as host): page props
 * saved from a parse, the plugin's description lookup through the host's `pageProperties`,
 * and the host's list of unconnected pages.
 */
t.test('short descriptions and unconnected pages on a real client database', async t => {
  const repoUrl = await freshDatabase(t, 'descrepo')
  const { pool, db, wiki } = await engineWiki(t, 'descen', 'enwiki')
  const repo = await startWiki(t, { siteId: 'repowiki', roles: ['repo'], database: repoUrl, host: createTestHost(), worker: { enabled: false } })
  const client = await startWiki(t, {
    siteId: 'enwiki', roles: ['client'], pool, host: wiki.host, repo: { siteId: 'repowiki', database: repoUrl }, worker: { enabled: false },
    client: { allowLocalShortDesc: true }
  })
  const item = (id: string, title: string, en: string): WikibaseEntity => ({
    type: 'item', id, labels: {}, aliases: {}, claims: {},
    descriptions: { en: { language: 'en', value: en }, de: { language: 'de', value: `${en} (de)` } },
    sitelinks: { enwiki: { site: 'enwiki', title, badges: [] } }
  } as WikibaseEntity)
  await storeEntity(wikibaseInternals(repo).self, item('Q64', 'Berlin', 'capital of Germany'))
  await storeEntity(wikibaseInternals(repo).self, item('Q84', 'London', 'capital of the United Kingdom'))
  const user = { id: 0, name: '127.0.0.1', anonymous: true, bot: false }
  const save = async (title: string, text: string): Promise<number> =>
    (await savePage(wiki, { title: parseTitle(title), text, comment: 'test', user })).page.page_id

  const berlin = await save('Berlin', '{{SHORTDESC:German capital}}Berlin.')
  const london = await save('London', 'London.')
  const lonely = await save('Lonely', 'No item.')
  const expected = await save('A list', 'A list. __EXPECTED_UNCONNECTED_PAGE__')
  const described = await save('Described', '{{SHORTDESC:Only local}}')
  const redirect = await save('Redirect', '#REDIRECT [[Lonely]]')

  t.strictSame(Object.fromEntries(await pageProps(pool, db, berlin)), { 'wikibase-shortdesc': 'German capital', wikibase_item: 'Q64' })
  t.strictSame(Object.fromEntries(await pageProps(pool, db, lonely)), { unexpectedUnconnectedPage: '0' })
  t.strictSame(Object.fromEntries(await pageProps(pool, db, expected)), { expectedUnconnectedPage: '' })

  const pages = [berlin, london, lonely, described].map(id => ({ id: id as PageId, contentLanguage: 'en' }))
  const show = async (request: Parameters<ClientServices['describePages']>[0]): Promise<Array<[number, string, string]>> =>
    [...(await wikibaseInternals(client).client!.describePages(request)).fields].map(([id, f]) => [id, f.descriptionsource, f.description])
  t.strictSame(await show({ pages }), [[berlin, 'local', 'German capital'], [london, 'central', 'capital of the United Kingdom'], [described, 'local', 'Only local']],
    'descprefersource=local (default): the page\'s own, else the item\'s')
  t.strictSame(await show({ pages, prefer: 'central' }), [[berlin, 'central', 'capital of Germany'], [london, 'central', 'capital of the United Kingdom'], [described, 'local', 'Only local']],
    'descprefersource=central: the item\'s, else the page\'s own')
  t.strictSame(await show({ pages: [{ id: london as PageId, contentLanguage: 'de' }] }), [[london, 'central', 'capital of the United Kingdom (de)']], 'in the page\'s content language')

  const names = async (o: { namespace: number | null, limit: number, offset: number }): Promise<string[]> =>
    (await unconnectedPages(pool, db, o)).map(row => row.page_title)
  t.strictSame(await names({ namespace: null, limit: 50, offset: 0 }), ['Lonely', 'Described'],
    'no connected page, no expected-unconnected page, no redirect; page id order')
  t.strictSame(await names({ namespace: 0, limit: 1, offset: 1 }), ['Described'], 'limit and offset')
  t.strictSame(await names({ namespace: 10, limit: 50, offset: 0 }), [], 'another namespace')
  t.ok(redirect > 0)
})
