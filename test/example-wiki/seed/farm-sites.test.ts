import t from 'tap'
import { farmSites } from '../../../example-wiki/seed/seed.js'
import { getPath, PATH_FILE, PATH_PAGE } from '../../../plugin/sites/site-paths.js'

/**
 * The farm's sites with remotewiki (issue 19): a wiki like enwiki for sitelinks (group
 * wikipedia, its page path), but with no file path — the repo cannot check its pages in
 * process and it serves no api.php — and no `en` prefix, which is enwiki's: the sites table
 * refuses an interwiki or navigation id two sites claim.
 */
t.test('farm sites: remotewiki is a wikipedia site with its page path, no file path, its own interwiki prefix, no language id', async t => {
  const sites = farmSites([
    { siteId: 'repowiki', language: 'en', url: 'http://127.0.0.1:8080/' },
    { siteId: 'enwiki', language: 'en', url: 'http://127.0.0.1:8081/' },
    { siteId: 'dewiki', language: 'de', url: 'http://127.0.0.1:8082/' },
    { siteId: 'remotewiki', language: 'en', url: 'http://127.0.0.1:8083/', remote: true }
  ])
  const farm = sites.filter(site => ['repowiki', 'enwiki', 'dewiki', 'remotewiki'].includes(site.globalId))
  t.same(farm.map(site => [site.globalId, site.group, site.language, getPath(site, PATH_PAGE), getPath(site, PATH_FILE), site.interwikiIds, site.navigationIds]), [
    ['repowiki', 'wikidata', 'en', 'http://127.0.0.1:8080/wiki/$1', 'http://127.0.0.1:8080/w/$1', ['repo'], []],
    ['enwiki', 'wikipedia', 'en', 'http://127.0.0.1:8081/wiki/$1', 'http://127.0.0.1:8081/w/$1', ['en'], ['en']],
    ['dewiki', 'wikipedia', 'de', 'http://127.0.0.1:8082/wiki/$1', 'http://127.0.0.1:8082/w/$1', ['de'], ['de']],
    ['remotewiki', 'wikipedia', 'en', 'http://127.0.0.1:8083/wiki/$1', null, ['remotewiki'], []]
  ], 'global id, group, language, page path, file path, interwiki ids, navigation ids')
  for (const kind of ['interwikiIds', 'navigationIds'] as const) {
    const ids = sites.flatMap(site => site[kind])
    t.same(ids.filter((id, i) => ids.indexOf(id) !== i), [], `no ${kind} claimed twice`)
  }
})
