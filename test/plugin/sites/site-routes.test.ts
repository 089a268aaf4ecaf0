import t from 'tap'
import { freshDatabase } from '../../support/test-database.js'
import Fastify, { type FastifyInstance } from 'fastify'
import wikibase, { type WikibaseOptions } from '../../../plugin/index.js'
import { importSites } from '../../../plugin/sites/site-store.js'
import { newSite, SITE_TYPE_MEDIAWIKI } from '../../../plugin/sites/site.js'
import type { SiteGlobalId } from '../../../hooks/ids.js'
import { tableName } from '../../../plugin/db/wiki-database.js'
import { wikibaseInternals } from '../../../plugin/facade.js'

/** The plugin registered on a bare app; it serves the site routes itself. */
async function startWithRoutes (t: { teardown: (fn: () => unknown) => void }, options: WikibaseOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false })
  await app.register(wikibase, options)
  await app.ready()
  t.teardown(async () => { await app.close() })
  return app
}

t.test('GET /wikibase/sites lists the sites as JSON', async t => {
  const url = await freshDatabase(t, 'siteroutes')
  const host = await startWithRoutes(t, { siteId: 'routewiki', roles: ['repo', 'client'], database: url, schema: { data: 'routewiki' }, worker: { enabled: false }, registerSites: false })
  await importSites(wikibaseInternals(host).self, [
    newSite({ globalId: 'dewiki' as SiteGlobalId, type: SITE_TYPE_MEDIAWIKI, group: 'wikipedia', language: 'de', navigationIds: ['de'],
      data: { paths: { page_path: 'https://de.wikipedia.org/wiki/$1', file_path: 'https://de.wikipedia.org/w/$1' } } }),
    newSite({ globalId: 'commonswiki' as SiteGlobalId, type: SITE_TYPE_MEDIAWIKI, group: 'commons',
      data: { paths: { page_path: '//commons.wikimedia.org/wiki/$1' } }, config: { secret: 'local' } })
  ])

  const all = await host.inject({ method: 'GET', url: '/wikibase/sites' })
  t.equal(all.statusCode, 200)
  t.same(all.json(), {
    count: 2,
    sites: [
      { globalId: 'commonswiki', type: 'mediawiki', group: 'commons', source: 'local', language: '', protocol: '', domain: 'commons.wikimedia.org',
        linkPath: '//commons.wikimedia.org/wiki/$1', paths: { page_path: '//commons.wikimedia.org/wiki/$1' }, forward: false, interwikiIds: [], navigationIds: [] },
      { globalId: 'dewiki', type: 'mediawiki', group: 'wikipedia', source: 'local', language: 'de', protocol: 'https', domain: 'de.wikipedia.org',
        linkPath: 'https://de.wikipedia.org/wiki/$1', paths: { page_path: 'https://de.wikipedia.org/wiki/$1', file_path: 'https://de.wikipedia.org/w/$1' },
        forward: false, interwikiIds: [], navigationIds: ['de'] }
    ]
  }, 'every site, ordered by global id; local config is not published')
  const commons = await host.inject({ method: 'GET', url: '/wikibase/sites?group=commons' })
  t.same(commons.json<{ sites: Array<{ globalId: string }> }>().sites.map(s => s.globalId), ['commonswiki'])
  t.equal((await host.inject({ method: 'GET', url: '/wikibase/sites?group=nosuchgroup' })).json<{ count: number }>().count, 0)
  t.equal((await host.inject({ method: 'POST', url: '/wikibase/sites' })).statusCode, 404, 'read-only')
})

t.test('the route honours routePrefix', async t => {
  const url = await freshDatabase(t, 'siteprefix')
  const app = await startWithRoutes(t, { siteId: 'enwiki', roles: ['client'], repo: { siteId: 'repowiki' }, database: url, routePrefix: '/api', worker: { enabled: false }, registerSites: false })
  const res = await app.inject({ method: 'GET', url: '/api/wikibase/sites' })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { count: 0, sites: [] })
})

t.test('a database failure answers 500 without its message; a bad row in the table (written around the validator) gives no link path', async t => {
  const url = await freshDatabase(t, 'sitebadrow')
  const host = await startWithRoutes(t, { siteId: 'badrowwiki', roles: ['client'], repo: { siteId: 'repowiki' }, database: url, schema: { data: 'badrowwiki' }, worker: { enabled: false }, registerSites: false })
  const db = wikibaseInternals(host).self
  await db.pool.query(`ALTER TABLE ${tableName(db, 'site_identifiers')} RENAME TO site_identifiers_gone`)
  const failed = await host.inject({ method: 'GET', url: '/wikibase/sites' })
  await db.pool.query(`ALTER TABLE ${tableName(db, 'site_identifiers_gone')} RENAME TO site_identifiers`)
  t.equal(failed.statusCode, 500)
  t.same(failed.json(), { code: 'unexpected-error', message: 'Unexpected Error' }, 'no SQL, table name, connection string or stack')
  t.notMatch(failed.body, /site_identifiers|relation|postgres:|\bat \//)

  await importSites(db, [newSite({ globalId: 'evilwiki' as SiteGlobalId, type: SITE_TYPE_MEDIAWIKI, group: 'wikipedia', data: { paths: { page_path: 'https://evil.test/wiki/$1' } } })])
  await db.pool.query(`UPDATE ${tableName(db, 'sites')} SET site_data = $1`, [JSON.stringify({ paths: { page_path: 'javascript://%0Aalert(document.domain)//$1' } })])
  const got = await host.inject({ method: 'GET', url: '/wikibase/sites' })
  t.equal(got.statusCode, 200)
  t.match(got.json(), { count: 1, sites: [{ globalId: 'evilwiki', linkPath: null, paths: { page_path: 'javascript://%0Aalert(document.domain)//$1' } }] }, 'the data as stored, but no link path')
})
