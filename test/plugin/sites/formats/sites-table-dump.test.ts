import t from 'tap'
import { sitesDumpText } from '../../../support/site-test-wiki.js'
import { detectSiteListFormat, parseSiteListFile } from '../../../../plugin/sites/formats/site-list-file.js'
import { parseSitesTableDump } from '../../../../plugin/sites/formats/sites-table-dump.js'
import { newSite, SITE_TYPE_MEDIAWIKI, type Site } from '../../../../plugin/sites/site.js'
import type { SiteGlobalId } from '../../../../hooks/ids.js'

const wikimedia = (globalId: string, group: string, language: string, host: string, fields: Partial<Site> = {}): Site => newSite({
  globalId: globalId as SiteGlobalId, type: SITE_TYPE_MEDIAWIKI, group, language,
  data: { paths: { file_path: `//${host}/w/$1`, page_path: `//${host}/wiki/$1` } }, ...fields
})

const AAWIKI_WARNINGS = [
  '`sites` row 1 (line 54), site aawiki: site_data: string at byte 38 declares 23 bytes but holds 28 up to its closing quote; read as "http://aa.wikipedia.org/w/$1"',
  '`sites` row 1 (line 54), site aawiki: site_data: string at byte 90 declares 26 bytes but holds 31 up to its closing quote; read as "http://aa.wikipedia.org/wiki/$1"'
]

t.test('the real 2014 wikidatawiki sites-table dump: 880 sites in dump order, every column read', async t => {
  const text = sitesDumpText()
  t.equal(detectSiteListFormat(text), 'sites-table-sql', 'detected from its "-- MySQL dump" start')
  const { sites, warnings } = parseSitesTableDump(text)
  t.equal(sites.length, 880)
  t.strictSame(warnings, AAWIKI_WARNINGS, 'aawiki\'s paths were edited (http: added) without fixing the PHP string lengths')
  t.equal(sites[0]!.globalId, 'aawiki')
  t.equal(sites.at(-1)!.globalId, 'zhwikivoyage', 'row 880')
  const bySite = new Map<string, Site>(sites.map(site => [site.globalId, site]))
  t.strictSame(bySite.get('aawiki'), newSite({
    globalId: 'aawiki' as SiteGlobalId, type: SITE_TYPE_MEDIAWIKI, group: 'wikipedia', language: 'aa',
    data: { paths: { file_path: 'http://aa.wikipedia.org/w/$1', page_path: 'http://aa.wikipedia.org/wiki/$1' } }
  }))
  t.strictSame(bySite.get('enwiki'), wikimedia('enwiki', 'wikipedia', 'en', 'en.wikipedia.org'))
  t.strictSame(bySite.get('be_x_oldwiki'), wikimedia('be_x_oldwiki', 'wikipedia', 'be-x-old', 'be-x-old.wikipedia.org'))
  t.strictSame(bySite.get('commonswiki'), wikimedia('commonswiki', 'commons', 'en', 'commons.wikimedia.org'))
  t.strictSame(bySite.get('noboard_chapterswikimedia'), wikimedia('noboard_chapterswikimedia', 'noboard-chapterswikimedia', 'en', 'noboard.chapters.wikimedia.org'))
  t.strictSame(bySite.get('zhwikivoyage'), wikimedia('zhwikivoyage', 'wikivoyage', 'zh', 'zh.wikivoyage.org'))

  const groups: Record<string, number> = {}
  for (const site of sites) groups[site.group] = (groups[site.group] ?? 0) + 1
  t.equal(Object.keys(groups).length, 91, '8 project families and 83 groups of one special wiki each')
  t.match(groups, { wikipedia: 287, wiktionary: 172, wikibooks: 121, wikiquote: 89, wikisource: 64, wikinews: 33, wikivoyage: 16, wikiversity: 15 })
  t.strictSame([...new Set(sites.map(s => `${s.type}|${s.source}|${String(s.forward)}|${JSON.stringify(s.config)}`))], ['mediawiki|local|false|{}'])
  t.equal(sites.filter(s => s.interwikiIds.length + s.navigationIds.length > 0).length, 0, 'the dump holds no site_identifiers table, so no prefixes')
})

t.test('--site-group gives the sites of that group their language code as prefix, as populateSitesTable does', async t => {
  const { sites } = parseSiteListFile(sitesDumpText(), { siteGroup: 'wikipedia' })
  const prefixed = sites.filter(s => s.navigationIds.length > 0)
  t.equal(prefixed.length, 287, 'every Wikipedia')
  t.ok(prefixed.every(s => s.group === 'wikipedia' && s.interwikiIds.length === 1 && s.interwikiIds[0] === s.language && s.navigationIds[0] === s.language))
  t.strictSame(sites.find(s => s.globalId === 'be_x_oldwiki')?.navigationIds, ['be-x-old'], 'the language code, not the database name')
  t.strictSame(sites.find(s => s.globalId === 'enwiktionary')?.navigationIds, [], 'other groups get none')
})

const SMALL_DUMP = String.raw`-- the current core schema: identifiers in their own table
CREATE TABLE sites (site_id int, site_global_key varbinary(32), site_type varbinary(32), site_group varbinary(32),
  site_source varbinary(32), site_language varbinary(32), site_protocol varbinary(32), site_domain varbinary(255),
  site_data blob, site_forward tinyint(1), site_config blob);
INSERT INTO sites VALUES
  (7,'dewiki','mediawiki','wikipedia','local','de','https','gro.aidepikiw.ed.','{"paths":{"page_path":"https://de.wikipedia.org/wiki/$1"}}',1,'a:1:{s:10:\"transclude\";b:1;}'),
  (9,'spam','irc','none','spamfarm','','','.','a:2:{s:5:\"paths\";a:1:{s:4:\"link\";s:18:\"irc://spam.test/$1\";}s:4:\"tags\";a:2:{i:0;s:1:\"a\";i:1;s:1:\"b\";}}',0,'');
INSERT INTO site_identifiers VALUES (7,'interwiki','de'),(7,'equivalent','de'),(7,'interwiki','wikipedia-de'),(9,'equivalent','spam');`

t.test('a dump with site_identifiers, JSON and PHP data, forward and config', async t => {
  t.strictSame(parseSitesTableDump(SMALL_DUMP), {
    sites: [
      newSite({
        globalId: 'dewiki' as SiteGlobalId, type: 'mediawiki', group: 'wikipedia', language: 'de', forward: true,
        data: { paths: { page_path: 'https://de.wikipedia.org/wiki/$1' } }, config: { transclude: true },
        interwikiIds: ['de', 'wikipedia-de'], navigationIds: ['de']
      }),
      newSite({
        globalId: 'spam' as SiteGlobalId, type: 'irc', group: 'none', source: 'spamfarm',
        data: { paths: { link: 'irc://spam.test/$1' }, tags: ['a', 'b'] }, navigationIds: ['spam']
      })
    ],
    warnings: []
  })
})

/** The JSON.parse message of this Node version. */
const jsonError = (text: string): string => {
  try {
    JSON.parse(text)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error(`${text} is valid JSON`)
}

t.test('a dump that cannot be read is refused with an error naming the row and what is wrong', async t => {
  const row = (values: string): string => `INSERT INTO \`sites\` VALUES (${values});`
  const ok = "1,'xwiki','mediawiki','wikipedia','local','x','','.','a:0:{}',0,'a:0:{}'"
  const cases: Array<[string, string]> = [
    ['-- MySQL dump\nINSERT INTO `page` VALUES (1);', 'no CREATE TABLE or INSERT INTO `sites` statement'],
    [row(ok.replace("'xwiki'", "'x wiki'")), '`sites` row 1 (line 1): site_global_key "x wiki" is not a global site id'],
    [row(ok) + '\n' + row("2,'ywiki','mediawiki','wikipedia','local','y','','.','a:0:{}',0"), 'line 2, column 1: a row of `sites` has 10 values for 11 columns (site_id, site_global_key, site_type, site_group, site_source, site_language, site_protocol, site_domain, site_data, site_forward, site_config)'],
    [row(ok.replace(",0,'a:0:{}'", ",2,'a:0:{}'")), '`sites` row 1 (line 1), site xwiki: site_forward 2 is neither 0 nor 1'],
    [row(ok.replace("'local','x'", "'local',NULL")), '`sites` row 1 (line 1), site xwiki: site_language is NULL, not text'],
    [row(ok.replace("'.','a:0:{}'", "'.','a:1:{s:5:\"paths\"'")), '`sites` row 1 (line 1), site xwiki: site_data is not PHP-serialized data: string of 5 bytes is not closed by "; at byte 5'],
    [row(ok.replace("'.','a:0:{}'", "'.','a:1:{i:0;s:1:\"x\";}'")), '`sites` row 1 (line 1), site xwiki: site_data holds a list, not a map'],
    [row(ok.replace("'.','a:0:{}'", "'.','{\"paths\":[1]}'")), '`sites` row 1 (line 1), site xwiki: site_data "paths" is not a map of path type → URL'],
    [row(ok.replace("'.','a:0:{}'", "'.','[1]'")), '`sites` row 1 (line 1), site xwiki: site_data holds a list, not a map'],
    [row(ok.replace(",0,'a:0:{}'", ",0,'[nope'")), `\`sites\` row 1 (line 1), site xwiki: site_config is not valid JSON (${jsonError('[nope')})`],
    [row(ok) + "INSERT INTO site_identifiers VALUES (2,'interwiki','x');", '`site_identifiers` row 1 (line 1): si_site 2 is the site_id of no site in the dump'],
    [row(ok) + "INSERT INTO site_identifiers VALUES (1,'global','x');", '`site_identifiers` row 1 (line 1): si_type "global" is neither interwiki nor equivalent'],
    [row(ok) + row(ok.replace("'xwiki'", "'ywiki'")) + "INSERT INTO site_identifiers VALUES (1,'interwiki','x');", '`sites` row 2 (line 1), site ywiki: site_id 1 is also the id of site xwiki'],
    ["INSERT INTO `sites` VALUES (1,'xwiki'", 'line 1, column 31: INSERT INTO `sites`: expected "," or ")" after a value']
  ]
  for (const [dump, reason] of cases) {
    t.throws(() => parseSiteListFile(dump), { name: 'SiteListFormatError', message: `malformed sites table dump: ${reason}` }, reason)
  }
})
