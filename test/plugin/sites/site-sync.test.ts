import t from 'tap'
import { freshDatabase } from '../../support/test-database.js'
import { sitematrixText, wikiDatabase } from '../../support/site-test-wiki.js'
import { mergeSyncedSites, syncSites } from '../../../plugin/sites/site-sync.js'
import { parseSiteMatrix } from '../../../plugin/sites/formats/site-matrix-parser.js'
import { getSite, importSites, loadSites } from '../../../plugin/sites/site-store.js'
import { parseSiteListFile } from '../../../plugin/sites/formats/site-list-file.js'
import { siteRules } from '../../../plugin/sites/site-rules.js'
import type { InvalidSiteError } from '../../../plugin/sites/site-errors.js'
import { tableName } from '../../../plugin/db/wiki-database.js'
import { newSite, SITE_TYPE_MEDIAWIKI, type Site } from '../../../plugin/sites/site.js'
import type { SiteGlobalId } from '../../../hooks/ids.js'

const wiki = (globalId: string, fields: Partial<Site> = {}): Site => newSite({
  globalId: globalId as SiteGlobalId, type: SITE_TYPE_MEDIAWIKI, group: 'wikipedia', language: 'de',
  data: { paths: { page_path: 'https://de.wikipedia.org/wiki/$1' } }, ...fields
})

t.test('sync rule: global fields from the source, local fields kept (pure)', async t => {
  const local = [wiki('dewiki', { language: 'old', group: 'none', source: 'local', forward: true, config: { transclusion: true }, interwikiIds: ['de'], navigationIds: ['de'] })]
  const source = [
    wiki('dewiki', { source: 'repowiki', data: { paths: { page_path: 'https://de.wikipedia.org/wiki/$1', file_path: 'https://de.wikipedia.org/w/$1' } }, interwikiIds: ['x'], forward: false, config: { other: 1 } }),
    wiki('frwiki', { language: 'fr', interwikiIds: ['fr'], forward: true, config: { a: 1 } })
  ]
  t.same(mergeSyncedSites(local, source), [
    wiki('dewiki', {
      source: 'repowiki',
      data: { paths: { page_path: 'https://de.wikipedia.org/wiki/$1', file_path: 'https://de.wikipedia.org/w/$1' } },
      forward: true, config: { transclusion: true }, interwikiIds: ['de'], navigationIds: ['de']
    }),
    wiki('frwiki', { language: 'fr' })
  ])
})

t.test("syncing a client's sites from its repo's sites table", async t => {
  const url = await freshDatabase(t, 'sitesync')
  const repo = await wikiDatabase(t, url, 'repowiki')
  const client = await wikiDatabase(t, url, 'clientwiki')
  await importSites(repo, parseSiteMatrix(JSON.parse(sitematrixText())), { rules: siteRules({ extraGroups: parseSiteListFile(sitematrixText()).declaredGroups }) })
  await importSites(client, [
    wiki('dewiki', { language: 'xx', group: 'wiktionary', forward: true, config: { transclusion: true }, navigationIds: ['de'], interwikiIds: ['de'] }),
    wiki('localonly', { group: 'none', language: '' })
  ])
  t.same(await syncSites(repo, client), { added: 1067, updated: 1, unchanged: 0 }, 'the repo\'s groups (a group per special wiki) are accepted: group is a global field')
  t.match(await getSite(client, 'commonswiki'), { group: 'commons', language: 'en', interwikiIds: [] }, 'a special arrives with its group and language, without the repo\'s local prefix')
  const dewiki = await getSite(client, 'dewiki')
  t.match(dewiki, {
    group: 'wikipedia', language: 'de', forward: true, config: { transclusion: true }, navigationIds: ['de'], interwikiIds: ['de'],
    data: { paths: { page_path: 'https://de.wikipedia.org/wiki/$1', file_path: 'https://de.wikipedia.org/w/$1' } }
  })
  t.match(await getSite(client, 'frwiki'), { forward: false, config: {}, interwikiIds: [], navigationIds: [] }, 'a new site arrives without local prefixes')
  t.ok(await getSite(client, 'localonly'), 'a site only the client has is kept')
  t.equal((await loadSites(client)).length, 1069)
  t.same(await syncSites(repo, client), { added: 0, updated: 0, unchanged: 1068 }, 'a second sync changes nothing')
})

t.test('a repo row the rules refuse (a javascript: page path written by hand) stops the sync, or is reported and skipped', async t => {
  const url = await freshDatabase(t, 'sitesyncbad')
  const repo = await wikiDatabase(t, url, 'repowiki')
  const client = await wikiDatabase(t, url, 'clientwiki')
  await importSites(repo, [wiki('dewiki'), wiki('frwiki', { language: 'fr', data: { paths: { page_path: 'https://fr.wikipedia.org/wiki/$1' } } })])
  await repo.pool.query(`UPDATE ${tableName(repo, 'sites')} SET site_data = $1 WHERE site_global_key = 'frwiki'`,
    [JSON.stringify({ paths: { page_path: 'javascript://%0Aalert(document.domain)//$1' } })])
  await t.rejects(syncSites(repo, client), { name: 'InvalidSitePathError', globalId: 'frwiki', pathType: 'page_path' })
  t.same(await loadSites(client), [], 'refused: nothing written')
  const skipped: InvalidSiteError[] = []
  t.same(await syncSites(repo, client, { onInvalidSite: error => { skipped.push(error) } }), { added: 1, updated: 0, unchanged: 0 })
  t.same(skipped.map(error => error.message), ['site frwiki: page_path "javascript://%0Aalert(document.domain)//$1" is not an http://, https:// or protocol-relative //host URL'])
  t.same((await loadSites(client)).map(site => site.globalId), ['dewiki'])
})
