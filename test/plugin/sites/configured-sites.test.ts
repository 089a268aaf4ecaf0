import t from 'tap'
import { startWiki } from '../../support/farm.js'
import { freshDatabase } from '../../support/test-database.js'
import { importSites, loadSites } from '../../../plugin/sites/site-store.js'
import { newMediaWikiSite } from '../../../plugin/sites/mediawiki-site-input.js'
import { resolveOptions } from '../../../plugin/options.js'
import type { Site } from '../../../plugin/sites/site.js'
import { wikibaseInternals } from '../../../plugin/facade.js'

/** What a test compares of a site: id, type, group, language, paths. */
const summary = (sites: readonly Site[]): Array<Record<string, unknown>> =>
  sites.map(s => ({ id: s.globalId, type: s.type, group: s.group, language: s.language, paths: s.data.paths ?? {} }))

t.test('resolveOptions: the sites the options describe, each once, validated as the sites store does', async t => {
  const both = resolveOptions({
    siteId: 'enwiki', roles: ['repo', 'client'], database: 'postgres://x/y',
    site: { group: 'wikipedia', language: 'en', pagePath: 'https://en.example.org/wiki/$1', filePath: 'https://en.example.org/w/$1' },
    clients: [{ siteId: 'dewiki', language: 'de', pagePath: 'https://de.example.org/wiki/$1' }, { siteId: 'enwiki', pagePath: 'https://ignored.example.org/$1' }]
  })
  t.same(summary(both.sites), [
    { id: 'enwiki', type: 'mediawiki', group: 'wikipedia', language: 'en', paths: { page_path: 'https://en.example.org/wiki/$1', file_path: 'https://en.example.org/w/$1' } },
    { id: 'dewiki', type: 'mediawiki', group: 'none', language: 'de', paths: { page_path: 'https://de.example.org/wiki/$1' } }
  ], 'a repo: itself and its clients; the wiki\'s own description wins over a client entry of itself')
  const client = resolveOptions({ siteId: 'frwiki', roles: ['client'], database: 'postgres://x/y', repo: { siteId: 'repowiki', group: 'wikidata' } })
  t.same(summary(client.sites).map(s => [s.id, s.group]), [['frwiki', 'none'], ['repowiki', 'wikidata']], 'a client: itself and its repo')
  t.same(resolveOptions({ siteId: 'frwiki', roles: ['client'], repo: { siteId: 'repowiki' }, registerSites: false }).sites, [], 'off: none')

  const bad: Array<[string, Record<string, unknown>, string]> = [
    ['a page path without $1', { clients: [{ siteId: 'dewiki', pagePath: 'https://de.example.org/wiki/' }] },
      'fastify-wikibase: option "clients.0" does not describe a valid site: site dewiki: page_path "https://de.example.org/wiki/" has no $1 placeholder'],
    ['a page path that is no http(s) URL', { site: { pagePath: 'javascript:alert(1)//$1' } },
      'fastify-wikibase: option "site" does not describe a valid site: site enwiki: page_path "javascript:alert(1)//$1" is not an http://, https:// or protocol-relative //host URL'],
    ['an unknown group', { site: { group: 'mywikis' } }, 'fastify-wikibase: option "site" does not describe a valid site: site enwiki: unknown group "mywikis" (known: ' +
      'wikipedia, wiktionary, wikibooks, wikiquote, wikisource, wikinews, wikiversity, wikivoyage, commons, wikidata, species, meta, mediawiki, sources, incubator, wikifunctions, wikimedia, special, none)']
  ]
  for (const [name, extra, message] of bad) {
    t.throws(() => resolveOptions({ siteId: 'enwiki', roles: ['repo'], ...extra }), { name: 'InvalidOptionError', message }, name)
  }
  t.throws(() => resolveOptions({ siteId: 'enwiki', roles: ['repo'], clients: [{ siteId: 'dewiki', language: 'de de' }] }), { message: /^fastify-wikibase: option "clients\.0\.language" must match pattern/ })
})

t.test('registration adds the configured sites; a site already there is kept; registerSites: false adds none', async t => {
  const url = await freshDatabase(t, 'confsites')
  const repo = await startWiki(t, {
    siteId: 'repowiki', roles: ['repo', 'client'], database: url, schema: { data: 'repo', queue: 'repo_jobs' }, worker: { enabled: false },
    site: { group: 'wikidata', pagePath: 'https://repo.example.org/wiki/$1' },
    clients: [{ siteId: 'enwiki', schema: { data: 'en', queue: 'en_jobs' }, group: 'wikipedia', language: 'en', pagePath: 'https://en.example.org/wiki/$1' }]
  })
  t.same(summary(await loadSites(wikibaseInternals(repo).self)).map(s => [s.id, s.group, s.language, s.paths]), [
    ['enwiki', 'wikipedia', 'en', { page_path: 'https://en.example.org/wiki/$1' }],
    ['repowiki', 'wikidata', '', { page_path: 'https://repo.example.org/wiki/$1' }]
  ], 'repo + client: its client and itself, ready for sitelinks')

  // The operator imported enwiki with other data before the client started: the import wins.
  const imported = newMediaWikiSite({ globalId: 'enwiki', group: 'wikipedia', language: 'en', pagePath: 'https://en.wikipedia.org/wiki/$1', interwikiIds: ['en'] })
  const enSchema = { siteId: 'enwiki', roles: ['client' as const], database: url, schema: { data: 'en', queue: 'en_jobs' }, worker: { enabled: false } }
  const first = await startWiki(t, { ...enSchema, registerSites: false, repo: { siteId: 'repowiki', schema: { data: 'repo', queue: 'repo_jobs' } } })
  t.same(await loadSites(wikibaseInternals(first).self), [], 'off: nothing added')
  await importSites(wikibaseInternals(first).self, [imported])
  const client = await startWiki(t, {
    ...enSchema, site: { pagePath: 'https://other.example.org/wiki/$1' },
    repo: { siteId: 'repowiki', schema: { data: 'repo', queue: 'repo_jobs' }, group: 'wikidata', pagePath: 'https://repo.example.org/wiki/$1' }
  })
  const sites = await loadSites(wikibaseInternals(client).self)
  t.same(summary(sites).map(s => [s.id, s.group, s.paths]), [
    ['enwiki', 'wikipedia', { page_path: 'https://en.wikipedia.org/wiki/$1' }],
    ['repowiki', 'wikidata', { page_path: 'https://repo.example.org/wiki/$1' }]
  ], 'the imported enwiki row is kept as it was; the repo is added')
  t.same(sites.find(s => s.globalId === 'enwiki')?.interwikiIds, ['en'], 'with its local ids')
  const again = await startWiki(t, { ...enSchema, repo: { siteId: 'repowiki', schema: { data: 'repo', queue: 'repo_jobs' }, pagePath: 'https://changed.example.org/$1' } })
  t.same((await loadSites(wikibaseInternals(again).self)).find(s => s.globalId === 'repowiki')?.data.paths, { page_path: 'https://repo.example.org/wiki/$1' },
    'a restart with other options does not overwrite a registered site (sites import/add change it)')
})
