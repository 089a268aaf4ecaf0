import t from 'tap'
import { sitematrixText, sitesDumpText } from '../../../support/site-test-wiki.js'
import { parseSiteMatrix } from '../../../../plugin/sites/formats/site-matrix-parser.js'
import { parseSitesTableDump } from '../../../../plugin/sites/formats/sites-table-dump.js'
import { newSite, SITE_TYPE_MEDIAWIKI, type Site } from '../../../../plugin/sites/site.js'
import type { SiteGlobalId } from '../../../../hooks/ids.js'

/** The fixture is the `sitematrix` value of the API answer. */
const matrixJson = (): { specials: Array<{ dbname: string, code: string }> } => JSON.parse(sitematrixText())
const wiki = (globalId: string, group: string, language: string, host: string, ids: { interwikiIds?: string[], navigationIds?: string[] } = {}): Site => newSite({
  globalId: globalId as SiteGlobalId, type: SITE_TYPE_MEDIAWIKI, group, language,
  data: { paths: { file_path: `https://${host}/w/$1`, page_path: `https://${host}/wiki/$1` } }, ...ids
})

t.test('special wikis as Wikibase\'s SiteMatrixParser makes them: language en, the matrix code as group and interwiki id', async t => {
  const sites = new Map<string, Site>(parseSiteMatrix(matrixJson()).map(site => [site.globalId, site]))
  const cases: Array<[string, Site]> = [
    ['commonswiki', wiki('commonswiki', 'commons', 'en', 'commons.wikimedia.org', { interwikiIds: ['commons'] })],
    ['arwikimedia', wiki('arwikimedia', 'arwikimedia', 'en', 'ar.wikimedia.org', { interwikiIds: ['arwikimedia'] })],
    ['outreachwiki', wiki('outreachwiki', 'outreach', 'en', 'outreach.wikimedia.org', { interwikiIds: ['outreach'] })],
    ['wikidatawiki', wiki('wikidatawiki', 'wikidata', 'en', 'www.wikidata.org', { interwikiIds: ['wikidata'] })],
    ['metawiki', wiki('metawiki', 'meta', 'en', 'meta.wikimedia.org', { interwikiIds: ['meta'] })],
    ['brwikimedia', wiki('brwikimedia', 'brwikimedia', 'en', 'br.wikimedia.org', { interwikiIds: ['brwikimedia'] })],
    ['arbcom_cswiki', wiki('arbcom_cswiki', 'arbcom-cs', 'en', 'arbcom-cs.wikipedia.org', { interwikiIds: ['arbcom-cs'] })],
    ['dewiki', wiki('dewiki', 'wikipedia', 'de', 'de.wikipedia.org')]
  ]
  for (const [globalId, expected] of cases) t.strictSame(sites.get(globalId), expected, globalId)

  const specials = matrixJson().specials
  t.equal(specials.length, 123)
  for (const special of specials) {
    const site = sites.get(special.dbname)
    if (site?.language !== 'en' || site.group !== special.code || site.interwikiIds.join() !== special.code || site.navigationIds.length !== 0) {
      t.fail(`${special.dbname}: ${JSON.stringify(site)}`)
    }
  }
  t.pass('every one of the 123 specials: language en, group = code, interwiki id = code, no navigation id')
})

t.test('--site-group adds the language code to every site of that group, specials included (SitesBuilder::addInterwikiIdsToGroup)', async t => {
  const byId = (siteGroup: string): Map<string, Site> => new Map<string, Site>(parseSiteMatrix(matrixJson(), { siteGroup }).map(site => [site.globalId, site]))
  const wikipedia = byId('wikipedia')
  t.match(wikipedia.get('dewiki'), { interwikiIds: ['de'], navigationIds: ['de'] })
  t.match(wikipedia.get('commonswiki'), { interwikiIds: ['commons'], navigationIds: [] }, 'a special of another group keeps its code only')
  t.match(wikipedia.get('dewiktionary'), { interwikiIds: [], navigationIds: [] })
  const commons = byId('commons')
  t.match(commons.get('commonswiki'), { interwikiIds: ['commons', 'en'], navigationIds: ['en'] }, 'group commons: en added, as Wikibase does')
  t.match(commons.get('dewiki'), { interwikiIds: [], navigationIds: [] })
})

t.test('the specials of the 2026 matrix are the rows Wikibase wrote into wikidatawiki\'s sites table in 2014', async t => {
  const dump = new Map(parseSitesTableDump(sitesDumpText()).sites.map(site => [site.globalId, site]))
  const parsed = parseSiteMatrix(matrixJson())
  const specials = new Set(matrixJson().specials.map(special => special.dbname))
  /** Wikis whose host changed since 2014 (arbcom.de.wikipedia.org → arbcom-de.wikipedia.org, …): their paths differ, nothing else. */
  const moved = new Set(['arbcom_dewiki', 'arbcom_enwiki', 'arbcom_fiwiki', 'arbcom_nlwiki', 'chapcomwiki', 'etwikimedia', 'foundationwiki',
    'noboard_chapterswikimedia', 'ombudsmenwiki', 'otrs_wikiwiki', 'wg_enwiki'])
  const compared: string[] = []
  for (const site of parsed.filter(site => specials.has(site.globalId))) {
    const row = dump.get(site.globalId)
    if (row === undefined) continue // a wiki created after 2014
    compared.push(site.globalId)
    // The dump is protocol-relative (populateSitesTable's --strip-protocols); the matrix of 2026 says https.
    const paths = Object.fromEntries(Object.entries(site.data.paths ?? {}).map(([type, path]) => [type, path.replace(/^https:/, '')]))
    t.strictSame(
      { type: site.type, group: site.group, language: site.language, source: site.source, forward: site.forward, ...(moved.has(site.globalId) ? {} : { paths }) },
      { type: row.type, group: row.group, language: row.language, source: row.source, forward: row.forward, ...(moved.has(site.globalId) ? {} : { paths: row.data.paths }) },
      site.globalId)
  }
  t.equal(compared.length, 82, 'the specials both hold')
  t.ok(compared.includes('commonswiki') && compared.includes('outreachwiki') && compared.includes('arwikimedia') && compared.includes('metawiki'))
})
