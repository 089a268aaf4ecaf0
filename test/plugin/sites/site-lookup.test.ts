import t from 'tap'
import pg from 'pg'
import { freshDatabase, testPool } from '../../support/test-database.js'
import { wikiDatabase } from '../../support/site-test-wiki.js'
import { SiteLookup } from '../../../plugin/sites/site-lookup.js'
import { clearSites, importSites, saveSite } from '../../../plugin/sites/site-store.js'
import { TEST_SITES_RULES, testSites } from '../../support/test-sites.js'
import { newSite, SITE_TYPE_MEDIAWIKI, type Site } from '../../../plugin/sites/site.js'
import type { SiteGlobalId } from '../../../hooks/ids.js'

const url = await freshDatabase(t, 'sitelookup')
const wiki = (globalId: string, fields: Partial<Site> = {}): Site => newSite({
  globalId: globalId as SiteGlobalId, type: SITE_TYPE_MEDIAWIKI, group: 'wikipedia', language: globalId.slice(0, 2),
  data: { paths: { page_path: `https://${globalId.slice(0, 2)}.wikipedia.org/wiki/$1` } }, ...fields
})

t.test('SiteLookup caches, and a save in this process invalidates at once', async t => {
  const db = await wikiDatabase(t, url, 'lookupwiki')
  await importSites(db, [wiki('dewiki', { navigationIds: ['de'], interwikiIds: ['de'] }), wiki('enwiki', { navigationIds: ['en'] })])
  const lookup = new SiteLookup(db, { recheckMs: 60_000 })
  t.teardown(() => { lookup.close() })
  t.equal((await lookup.getSiteByNavigationId('de'))?.globalId, 'dewiki')
  t.equal((await lookup.getSiteByInterwikiId('de'))?.globalId, 'dewiki')
  t.equal(await lookup.getSiteByInterwikiId('en'), null, 'en is a navigation id only')
  t.same((await lookup.getSites()).map(s => s.globalId), ['dewiki', 'enwiki'])

  let queries = 0
  const counting = db.pool.query.bind(db.pool)
  db.pool.query = ((...args: Parameters<typeof counting>) => { queries++; return counting(...args) }) as typeof db.pool.query
  t.teardown(() => { db.pool.query = counting })
  await lookup.getSite('enwiki')
  await lookup.getSitesInGroup('wikipedia')
  t.equal(queries, 0, 'served from the cache')

  await saveSite(db, wiki('frwiki', { navigationIds: ['fr'] }))
  t.equal((await lookup.getSiteByNavigationId('fr'))?.globalId, 'frwiki', 'seen right after the save')
})

t.test('another process sees changes through the registry fingerprint', async t => {
  const db = await wikiDatabase(t, url, 'otherwiki')
  await importSites(db, [wiki('dewiki')])
  // Another process: its own pool, so no in-process signal reaches it.
  const otherPool = testPool(t, url)
  let clock = 0
  const other = new SiteLookup({ pool: otherPool as pg.Pool, dataSchema: 'otherwiki' }, { recheckMs: 1000, now: () => clock })
  t.teardown(() => { other.close() })
  t.equal(await other.getSite('nlwiki'), null)

  await saveSite(db, wiki('nlwiki'))
  clock = 999
  t.equal(await other.getSite('nlwiki'), null, 'stale within the recheck interval')
  clock = 1000
  t.equal((await other.getSite('nlwiki'))?.globalId, 'nlwiki', 'reloaded once the version changed')

  // A write by hand (psql) changes the fingerprint too.
  await otherPool.query("UPDATE otherwiki.sites SET site_language = 'nds' WHERE site_global_key = 'nlwiki'")
  clock = 2000
  t.equal((await other.getSite('nlwiki'))?.language, 'nds')
})

t.test('§7.20 DBSiteStore: a second store keeps a stale cache until reset()', async t => {
  const db = await wikiDatabase(t, url, 'resetwiki')
  await importSites(db, testSites(), { rules: TEST_SITES_RULES })
  const store1 = new SiteLookup(db, { recheckMs: Infinity })
  const sibling = new SiteLookup(db, { recheckMs: Infinity })
  // A second store as in MediaWiki: nothing tells it of the write (another process, its own
  // pool), and it never rechecks on its own (recheckMs: Infinity), so only reset() refreshes it.
  const otherPool = testPool(t, url)
  const store2 = new SiteLookup({ pool: otherPool as pg.Pool, dataSchema: 'resetwiki' }, { recheckMs: Infinity })
  t.teardown(() => { store1.close(); sibling.close(); store2.close() })
  t.equal((await store1.getSites()).length, 12, 'store1 cache filled')
  t.equal((await sibling.getSites()).length, 12, 'a lookup on the same pool, cache filled')
  t.equal((await store2.getSites()).length, 12, 'store2 cache filled')

  await clearSites(db)
  t.equal(await store1.getSite('enwiki'), null, 'the store that cleared sees it at once')
  t.equal(await sibling.getSite('enwiki'), null, 'so does every lookup on the same pool (the in-process notice)')
  t.equal((await store2.getSite('enwiki'))?.globalId, 'enwiki', 'store2 is stale')
  t.equal((await store2.getSites()).length, 12, 'store2 still lists the 12 sites')

  store2.reset()
  t.equal(await store2.getSite('enwiki'), null, 'after reset() store2 reloads: no enwiki')
  t.same(await store2.getSites(), [], 'and no sites')
})
