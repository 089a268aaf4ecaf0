import t from 'tap'
import pg from 'pg'
import { freshDatabase, testPool } from '../support/test-database.js'
import { wikiDatabase } from './site-test-wiki.js'
import { SiteLookup } from '../../plugin/sites/site-lookup.js'
import { importSites, saveSite } from '../../plugin/sites/site-store.js'
import { newSite, SITE_TYPE_MEDIAWIKI, type Site } from '../../plugin/sites/site.js'
import type { SiteGlobalId } from '../../plugin/sites/site-global-id.js'

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
