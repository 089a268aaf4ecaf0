import t from 'tap'
import { freshDatabase } from '../../support/test-database.js'
import { registrySnapshot, siteListXmlText, sitematrixText, sitesDumpText, wikiDatabase } from '../../support/site-test-wiki.js'
import { TEST_SITES_RULES, testSites, withoutInternalId } from '../../support/test-sites.js'
import { DEFAULT_SITE_GROUPS } from '../../../plugin/sites/site-groups.js'
import { parseSiteListFile } from '../../../plugin/sites/formats/site-list-file.js'
import { exportSiteListXml, parseSiteListXml } from '../../../plugin/sites/formats/site-list-xml.js'
import { parseSiteMatrix } from '../../../plugin/sites/formats/site-matrix-parser.js'
import { addSite, clearSites, getSite, getSiteByIdentifier, importSites, loadSites, readSitesVersion, saveSite } from '../../../plugin/sites/site-store.js'
import { siteRules } from '../../../plugin/sites/site-rules.js'
import { fileUrl, pageUrl } from '../../../plugin/sites/site-page-url.js'
import { PATH_FILE, PATH_PAGE } from '../../../plugin/sites/site-paths.js'
import { newSite, SITE_TYPE_MEDIAWIKI, type Site } from '../../../plugin/sites/site.js'
import type { SiteGlobalId } from '../../../hooks/ids.js'
import { tableName } from '../../../plugin/db/wiki-database.js'

const url = await freshDatabase(t, 'sitestore')
const id = (s: string): SiteGlobalId => s as SiteGlobalId
const matrix = (siteGroup?: string): Site[] => parseSiteMatrix(JSON.parse(sitematrixText()), siteGroup === undefined ? {} : { siteGroup })
/** The matrix declares its specials' groups (each special's code, as Wikibase's SiteMatrixParser makes them). */
const MATRIX_GROUPS = parseSiteListFile(sitematrixText()).declaredGroups
const MATRIX_RULES = siteRules({ extraGroups: MATRIX_GROUPS })
const wiki = (globalId: string, fields: Partial<Site> = {}): Site => newSite({
  globalId: id(globalId),
  type: SITE_TYPE_MEDIAWIKI,
  group: 'wikipedia',
  language: 'xx',
  data: { paths: { [PATH_PAGE]: `https://${globalId}.test/wiki/$1`, [PATH_FILE]: `https://${globalId}.test/w/$1` } },
  ...fields
})

const EXPECTED_FAMILIES = {
  wikipedia: 362, wiktionary: 198, wikibooks: 122, wikiquote: 99, wikisource: 84, wikinews: 36, wikivoyage: 27, wikiversity: 17
}

t.test('the real 2026 site matrix: 1,068 wikis, counts per group, URLs, prefixes; a second import changes nothing', async t => {
  const db = await wikiDatabase(t, url, 'matrixwiki')
  const sites = matrix('wikipedia')
  t.equal(sites.length, 1068, 'the matrix says count=1068')

  await t.rejects(importSites(db, sites), { name: 'UnknownSiteGroupError', globalId: 'advisorswiki', group: 'advisors' }, 'the specials\' groups must be allowed (the CLI takes them from the file)')
  t.same(await importSites(db, sites, { rules: MATRIX_RULES }), { added: 1068, updated: 0, unchanged: 0 }, 'how long this takes is measured by bench/sites.ts')

  const { rows: groups } = await db.pool.query<{ site_group: string, n: number }>(
    `SELECT site_group, count(*)::int AS n FROM ${tableName(db, 'sites')} GROUP BY site_group`)
  const perGroup = Object.fromEntries(groups.map(r => [r.site_group, r.n]))
  t.match(perGroup, EXPECTED_FAMILIES, 'sites per project family')
  t.equal(groups.length, 8 + 123, 'and 123 groups of one special wiki each')
  t.same(MATRIX_GROUPS.length, 8 + 123, 'the groups the matrix declares')
  const { rows: ids } = await db.pool.query<{ si_type: string, n: number }>(
    `SELECT si_type, count(*)::int AS n FROM ${tableName(db, 'site_identifiers')} GROUP BY si_type ORDER BY si_type`)
  t.same(ids, [{ si_type: 'equivalent', n: 362 }, { si_type: 'interwiki', n: 362 + 123 }], 'a language prefix for each Wikipedia (--site-group wikipedia), an interwiki id for each special')

  const { rows: [enwiki] } = await db.pool.query(`SELECT site_type, site_group, site_language, site_protocol, site_domain, site_data
    FROM ${tableName(db, 'sites')} WHERE site_global_key = 'enwiki'`)
  t.same(enwiki, {
    site_type: 'mediawiki', site_group: 'wikipedia', site_language: 'en', site_protocol: 'https', site_domain: 'gro.aidepikiw.ne.',
    site_data: { paths: { file_path: 'https://en.wikipedia.org/w/$1', page_path: 'https://en.wikipedia.org/wiki/$1' } }
  }, 'enwiki row, domain reversed')

  const de = await getSiteByIdentifier(db, 'equivalent', 'de')
  t.equal(de?.globalId, 'dewiki', 'language link prefix de → dewiki')
  t.equal(pageUrl(de!, 'Köln Hauptbahnhof'), 'https://de.wikipedia.org/wiki/K%C3%B6ln_Hauptbahnhof')
  t.equal((await getSiteByIdentifier(db, 'interwiki', 'be-tarask'))?.globalId, 'be_x_oldwiki', 'the language code, not the db name, is the prefix')
  const enwikiSite = await getSite(db, 'enwiki')
  t.equal(pageUrl(enwikiSite!, 'São Paulo (state)'), 'https://en.wikipedia.org/wiki/S%C3%A3o_Paulo_(state)', 'English Wikipedia URL with spaces and non-ASCII')
  const commons = await getSite(db, 'commonswiki')
  t.match(commons, { group: 'commons', language: 'en', interwikiIds: ['commons'], navigationIds: [] }, 'special wiki: its code as group and interwiki id, language en (SiteMatrixParser)')
  t.match(await getSite(db, 'brwikimedia'), { group: 'brwikimedia', language: 'en', interwikiIds: ['brwikimedia'] }, 'every special is en, whatever the matrix\'s lang')
  t.equal((await getSiteByIdentifier(db, 'interwiki', 'outreach'))?.globalId, 'outreachwiki')

  const all = await loadSites(db)
  t.same(all.map(s => s.globalId), [...all.map(s => s.globalId)].sort(), 'loaded in global id order')

  const before = await registrySnapshot(db)
  const again = await importSites(db, matrix('wikipedia'), { rules: MATRIX_RULES })
  t.same(again, { added: 0, updated: 0, unchanged: 1068 }, 'second import: all unchanged')
  t.same(await registrySnapshot(db), before, 'second import wrote nothing (rows and fingerprint unchanged)')
})

t.test("MediaWiki's site-list XML: test group and paths without $1 are refused unless allowed", async t => {
  const db = await wikiDatabase(t, url, 'xmlwiki')
  const sites = parseSiteListXml(siteListXmlText())
  t.same(sites.map(s => s.globalId), ['Foo', 'acme.com', 'dewiki'])
  const before = await registrySnapshot(db)
  await t.rejects(importSites(db, sites), { name: 'UnknownSiteGroupError', group: 'Test', globalId: 'acme.com' }, 'group "Test" is not known')
  await t.rejects(importSites(db, sites, { rules: siteRules({ extraGroups: ['Test'] }) }),
    { name: 'InvalidSitePathError', globalId: 'acme.com', pathType: 'link', message: /has no \$1 placeholder/ })
  t.same(await registrySnapshot(db), before, 'refused imports changed nothing')

  const lenient = siteRules({ extraGroups: ['Test'], allowPathsWithoutPlaceholder: true })
  t.same(await importSites(db, sites, { rules: lenient }), { added: 3, updated: 0, unchanged: 0 })
  t.same(await importSites(db, sites, { rules: lenient }), { added: 0, updated: 0, unchanged: 3 })
  t.match(await getSite(db, 'dewiki'), {
    type: 'mediawiki', group: 'wikipedia', source: 'meta.wikimedia.org', forward: true,
    interwikiIds: ['wikipedia'], navigationIds: ['de'],
    data: { paths: { link: 'http://de.wikipedia.org/w/', page_path: 'http://de.wikipedia.org/wiki/' } }
  })
  t.match(await getSite(db, 'Foo'), { type: 'unknown', group: 'none', source: 'local', language: '', forward: false, data: {} })
  const { rows } = await db.pool.query(`SELECT site_global_key, site_protocol, site_domain FROM ${tableName(db, 'sites')} ORDER BY site_global_key COLLATE "C"`)
  t.same(rows, [
    { site_global_key: 'Foo', site_protocol: '', site_domain: '.' },
    { site_global_key: 'acme.com', site_protocol: 'http', site_domain: 'moc.emca.' },
    { site_global_key: 'dewiki', site_protocol: 'http', site_domain: 'gro.aidepikiw.ed.' }
  ])
  t.equal((await getSiteByIdentifier(db, 'interwiki', 'acme'))?.globalId, 'acme.com')
})

t.test('round trip: export → import gives the same registry', async t => {
  const source = await wikiDatabase(t, url, 'exportwiki')
  const lenient = siteRules({ extraGroups: ['Test', ...MATRIX_GROUPS], allowPathsWithoutPlaceholder: true })
  await importSites(source, matrix('wikipedia'), { rules: lenient })
  await importSites(source, parseSiteListXml(siteListXmlText()), { rules: lenient })
  const exported = exportSiteListXml(await loadSites(source))
  const { format, sites } = parseSiteListFile(exported)
  t.equal(format, 'sitelist-xml')
  t.equal(sites.length, 1070, '1,068 from the matrix, plus Foo and acme.com; the dewiki of the XML replaced the matrix one')

  const target = await wikiDatabase(t, url, 'importwiki')
  t.same(await importSites(target, sites, { rules: lenient }), { added: 1070, updated: 0, unchanged: 0 })
  t.same((await loadSites(target)).map(withoutInternalId), (await loadSites(source)).map(withoutInternalId), 'every field of every site survives (internal ids are each registry\'s own)')
  t.same(await importSites(source, sites, { rules: lenient }), { added: 0, updated: 0, unchanged: 1070 }, 'importing the export into its source changes nothing')
  t.equal(exportSiteListXml(await loadSites(target)), exported, 'export of the copy is byte-identical')
})

t.test('save inserts or updates; an update replaces the identifiers; order; clear', async t => {
  const db = await wikiDatabase(t, url, 'savewiki')
  t.same(await saveSite(db, wiki('bwiki', { interwikiIds: ['b'], navigationIds: ['b'] })), { added: 1, updated: 0, unchanged: 0 })
  await saveSite(db, wiki('awiki'))
  t.same((await loadSites(db)).map(s => s.globalId), ['awiki', 'bwiki'], 'saved as [B, A], listed as [A, B]')
  t.same(await saveSite(db, wiki('bwiki', { language: 'yy', navigationIds: ['bb'] })), { added: 0, updated: 1, unchanged: 0 })
  t.match(await getSite(db, 'bwiki'), { language: 'yy', interwikiIds: [], navigationIds: ['bb'] }, 'identifiers replaced')
  t.equal(await getSiteByIdentifier(db, 'interwiki', 'b'), null, 'the old prefix is gone')
  t.equal((await getSiteByIdentifier(db, 'equivalent', 'bb'))?.globalId, 'bwiki')
  t.same(await saveSite(db, wiki('cwiki', { navigationIds: ['b'] })), { added: 1, updated: 0, unchanged: 0 }, 'a freed prefix can be taken')
  await clearSites(db)
  t.equal(await getSite(db, 'bwiki'), null, 'after clear() no site')
  t.same(await loadSites(db), [])
})

t.test('bad input is refused with a typed error naming what is wrong, and nothing changes', async t => {
  const db = await wikiDatabase(t, url, 'badwiki')
  await importSites(db, [wiki('dewiki', { language: 'de', navigationIds: ['de'], interwikiIds: ['de'] }), wiki('enwiki', { language: 'en' })])
  const cases: Array<[string, () => Promise<unknown>, Record<string, unknown>]> = [
    ['duplicate global id on add', async () => await addSite(db, wiki('dewiki')),
      { name: 'DuplicateSiteError', globalId: 'dewiki', statusCode: 409, message: 'site dewiki already exists' }],
    ['a navigation id taken by another site', async () => await addSite(db, wiki('frwiki', { navigationIds: ['fr', 'de'] })),
      { name: 'SiteIdentifierTakenError', key: 'de', owner: 'dewiki', claimant: 'frwiki', message: 'navigation id "de" of site frwiki is already taken by site dewiki' }],
    ['an interwiki id taken, in an update', async () => await saveSite(db, wiki('enwiki', { interwikiIds: ['de'] })),
      { name: 'SiteIdentifierTakenError', identifierType: 'interwiki', key: 'de', owner: 'dewiki', claimant: 'enwiki' }],
    ['a page path without $1', async () => await addSite(db, wiki('frwiki', { data: { paths: { page_path: 'https://fr.wikipedia.org/wiki/' } } })),
      { name: 'InvalidSitePathError', globalId: 'frwiki', pathType: 'page_path', message: /"https:\/\/fr\.wikipedia\.org\/wiki\/" has no \$1 placeholder/ }],
    ['a generic link path without $1', async () => await addSite(db, newSite({ globalId: id('acme'), data: { paths: { link: 'http://acme.test/' } } })),
      { name: 'InvalidSitePathError', globalId: 'acme', pathType: 'link' }],
    ['a path that is not a URL', async () => await addSite(db, wiki('frwiki', { data: { paths: { file_path: 'w/$1' } } })),
      { name: 'InvalidSitePathError', pathType: 'file_path', message: 'site frwiki: file_path "w/$1" is not an http://, https:// or protocol-relative //host URL' }],
    ['a javascript: page path (issue 13.4)', async () => await addSite(db, wiki('frwiki', { data: { paths: { page_path: 'javascript://%0Aalert(document.domain)//$1' } } })),
      { name: 'InvalidSitePathError', globalId: 'frwiki', pathType: 'page_path', statusCode: 400 }],
    ['a javascript: link path of a site of a custom type', async () => await addSite(db, newSite({ globalId: id('acme'), type: 'irc', data: { paths: { link: 'javascript://x/$1' } } })),
      { name: 'InvalidSitePathError', globalId: 'acme', pathType: 'link' }],
    ['a batch with a javascript: path among good sites', async () => await importSites(db, [wiki('frwiki'), wiki('itwiki', { data: { paths: { file_path: 'data://x/$1' } } })]),
      { name: 'InvalidSitePathError', globalId: 'itwiki', pathType: 'file_path' }],
    ['an unknown group', async () => await addSite(db, wiki('frwiki', { group: 'wikipdia' })),
      { name: 'UnknownSiteGroupError', group: 'wikipdia', message: /unknown group "wikipdia" \(known: wikipedia, wiktionary/ }],
    ['a malformed global id', async () => await addSite(db, wiki('fr wiki')),
      { name: 'InvalidSiteGlobalIdError', globalId: 'fr wiki' }],
    ['a bad prefix', async () => await addSite(db, wiki('frwiki', { interwikiIds: ['fr:x'] })),
      { name: 'InvalidSiteIdentifierError', key: 'fr:x' }],
    ['a batch naming a site twice', async () => await importSites(db, [wiki('frwiki'), wiki('frwiki')]),
      { name: 'DuplicateSiteError', globalId: 'frwiki', message: /more than once in the input/ }],
    ['a batch whose last site is bad (earlier ones would be new)', async () => await importSites(db, [wiki('frwiki'), wiki('itwiki'), wiki('zzwiki', { group: 'nope' })]),
      { name: 'UnknownSiteGroupError', globalId: 'zzwiki' }],
    ['two new sites claiming one prefix', async () => await importSites(db, [wiki('frwiki', { navigationIds: ['fr'] }), wiki('fr2wiki', { navigationIds: ['fr'] })]),
      { name: 'SiteIdentifierTakenError', key: 'fr' }],
    ['malformed XML', async () => await importSites(db, parseSiteListFile('<sites><site><globalid>x</globalid></sites>').sites),
      { name: 'SiteListFormatError', message: /^malformed site list XML: .*line 1/ }],
    ['XML site without globalid', async () => await importSites(db, parseSiteListXml('<sites><site><group>wikipedia</group></site></sites>')),
      { name: 'SiteListFormatError', message: 'malformed site list XML: site 1 has no <globalid>' }],
    ['XML of another kind', async () => await importSites(db, parseSiteListXml('<mediawiki><page/></mediawiki>')),
      { name: 'SiteListFormatError', message: /root element is not <sites>/ }],
    ['malformed JSON', async () => await importSites(db, parseSiteListFile('{"0": {"code": "fr", "site": [').sites),
      { name: 'SiteListFormatError', message: /^malformed site matrix: / }],
    ['a site matrix entry without dbname', async () => await importSites(db, parseSiteListFile('{"0":{"code":"fr","site":[{"url":"https://fr.wikipedia.org","code":"wiki"}]}}').sites),
      { name: 'SiteListFormatError', message: 'malformed site matrix: 0.site[0] has no "dbname" string' }],
    ['neither XML nor JSON nor SQL', async () => await importSites(db, parseSiteListFile('enwiki,en').sites),
      { name: 'SiteListFormatError', message: 'malformed site list: neither XML (<sites>), a site matrix JSON object nor an SQL dump of the sites table' }],
    ['a sites-table dump naming a site twice', async () => await importSites(db, parseSiteListFile(
      "INSERT INTO `sites` VALUES (1,'frwiki','mediawiki','wikipedia','local','fr','','.','',0,''),(2,'frwiki','mediawiki','wikipedia','local','fr','','.','',0,'');").sites),
    { name: 'DuplicateSiteError', globalId: 'frwiki', message: 'site frwiki appears more than once in the input' }],
    ['a sites-table dump with a malformed row', async () => await importSites(db, parseSiteListFile(
      "INSERT INTO `sites` VALUES (1,'frwiki','mediawiki','wikipedia','local','fr','','.','a:1:{',0,'');").sites),
    { name: 'SiteListFormatError', message: 'malformed sites table dump: `sites` row 1 (line 1), site frwiki: site_data is not PHP-serialized data: unexpected end of data at byte 5' }]
  ]
  for (const [name, attempt, expected] of cases) {
    const before = await registrySnapshot(db)
    await t.rejects(attempt(), expected as { name: string }, name)
    t.same(await registrySnapshot(db), before, `${name}: nothing changed`)
  }
  t.equal((await loadSites(db)).length, 2)
})

t.test('unknown site types keep their data intact', async t => {
  const db = await wikiDatabase(t, url, 'typewiki')
  const data = { paths: { link: 'https://irc.libera.chat/$1', api: 'irc://irc.libera.chat/' }, api: { endpoint: '/api', nested: [1, 'two', null] }, flag: true }
  await addSite(db, newSite({ globalId: id('libera'), type: 'irc', group: 'none', data, config: { trusted: false } }))
  t.same(withoutInternalId((await getSite(db, 'libera'))!), newSite({ globalId: id('libera'), type: 'irc', data, config: { trusted: false } }))
  t.equal((await loadSites(db))[0]?.type, 'irc')
  t.match(await readSitesVersion(db), /^[0-9a-f]{32}$/)
})

t.test('the real 2014 sites-table dump: 880 sites stored, real rows, language prefixes; a second import changes nothing', async t => {
  const db = await wikiDatabase(t, url, 'dumpwiki')
  const { format, sites, warnings } = parseSiteListFile(sitesDumpText(), { siteGroup: 'wikipedia' })
  t.equal(format, 'sites-table-sql')
  t.equal(warnings.length, 2, 'the two aawiki paths with wrong PHP lengths (exact text: sites-table-dump.test.ts)')
  const before = await registrySnapshot(db)
  await t.rejects(importSites(db, sites), { name: 'UnknownSiteGroupError', globalId: 'advisorywiki', group: 'advisory' },
    'the dump\'s one-wiki groups are not known to the registry')
  t.same(await registrySnapshot(db), before, 'the refused import changed nothing')

  const fileGroups = [...new Set(sites.map(site => site.group))]
  t.equal(fileGroups.filter(group => !DEFAULT_SITE_GROUPS.includes(group)).length, 76, 'groups the registry must be told to accept')
  const rules = siteRules({ extraGroups: fileGroups })
  t.same(await importSites(db, sites, { rules }), { added: 880, updated: 0, unchanged: 0 })
  const count = async (table: string): Promise<number> => (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${tableName(db, table)}`)).rows[0]!.n
  t.equal(await count('sites'), 880, '880 rows in sites')
  t.equal(await count('site_identifiers'), 2 * 287, 'an interwiki and a navigation id for each of the 287 Wikipedias')

  const { rows } = await db.pool.query(`SELECT site_global_key, site_type, site_group, site_source, site_language, site_protocol, site_domain, site_data, site_forward, site_config
    FROM ${tableName(db, 'sites')} WHERE site_global_key IN ('aawiki', 'enwiki', 'commonswiki') ORDER BY site_global_key COLLATE "C"`)
  t.same(rows, [
    {
      site_global_key: 'aawiki', site_type: 'mediawiki', site_group: 'wikipedia', site_source: 'local', site_language: 'aa',
      site_protocol: 'http', site_domain: 'gro.aidepikiw.aa.', site_forward: false, site_config: {},
      site_data: { paths: { file_path: 'http://aa.wikipedia.org/w/$1', page_path: 'http://aa.wikipedia.org/wiki/$1' } }
    },
    {
      site_global_key: 'commonswiki', site_type: 'mediawiki', site_group: 'commons', site_source: 'local', site_language: 'en',
      site_protocol: '', site_domain: 'gro.aidemikiw.snommoc.', site_forward: false, site_config: {},
      site_data: { paths: { file_path: '//commons.wikimedia.org/w/$1', page_path: '//commons.wikimedia.org/wiki/$1' } }
    },
    {
      site_global_key: 'enwiki', site_type: 'mediawiki', site_group: 'wikipedia', site_source: 'local', site_language: 'en',
      site_protocol: '', site_domain: 'gro.aidepikiw.ne.', site_forward: false, site_config: {},
      site_data: { paths: { file_path: '//en.wikipedia.org/w/$1', page_path: '//en.wikipedia.org/wiki/$1' } }
    }
  ], 'protocol and reversed domain derived from the page path (the dump itself holds \'\' and \'.\')')

  const enwiki = await getSite(db, 'enwiki')
  t.match(enwiki, { group: 'wikipedia', language: 'en', interwikiIds: ['en'], navigationIds: ['en'] })
  t.equal(pageUrl(enwiki!, 'São Paulo (state)'), '//en.wikipedia.org/wiki/S%C3%A3o_Paulo_(state)', 'page URL, protocol-relative as stored in 2014')
  t.equal(fileUrl(enwiki!, 'api.php'), '//en.wikipedia.org/w/api.php', 'file path')
  t.equal(pageUrl((await getSite(db, 'aawiki'))!, 'Main Page'), 'http://aa.wikipedia.org/wiki/Main_Page')
  t.equal((await getSiteByIdentifier(db, 'equivalent', 'de'))?.globalId, 'dewiki', 'language link prefix de → dewiki')
  t.equal((await getSiteByIdentifier(db, 'interwiki', 'be-x-old'))?.globalId, 'be_x_oldwiki')
  t.equal(await getSiteByIdentifier(db, 'equivalent', 'enwiktionary'), null)
  t.match(await getSite(db, 'commonswiki'), { group: 'commons', language: 'en', interwikiIds: [], navigationIds: [] }, 'a special wiki: its own group, no prefix')

  const imported = await registrySnapshot(db)
  t.same(await importSites(db, parseSiteListFile(sitesDumpText(), { siteGroup: 'wikipedia' }).sites, { rules }), { added: 0, updated: 0, unchanged: 880 })
  t.same(await registrySnapshot(db), imported, 'second import wrote nothing (rows and fingerprint unchanged)')
})

t.test('§7.20 TestSites: the fixture is saved and read back exactly, prefixes and URLs included', async t => {
  const db = await wikiDatabase(t, url, 'testsiteswiki')
  await t.rejects(importSites(db, testSites()), { name: 'UnknownSiteGroupError', globalId: 'spam', group: 'spam' }, 'group spam must be allowed')
  t.same(await importSites(db, testSites(), { rules: TEST_SITES_RULES }), { added: 12, updated: 0, unchanged: 0 })
  const loaded = await loadSites(db)
  t.same(loaded.map(s => s.globalId), [
    'dewiki', 'dewiktionary', 'enwiki', 'enwiktionary', 'fawiki', 'foobar', 'nlwiki', 'nnwiki', 'nowiki', 'spam', 'srwiki', 'svwiki'
  ], 'every fixture site, in global id order')
  const expected = new Map(testSites().map(site => [site.globalId, site]))
  for (const site of loaded) t.strictSame(withoutInternalId(site), expected.get(site.globalId), `${site.globalId} as saved`)
  t.match(await getSite(db, 'foobar'), { type: 'unknown', group: 'none', source: 'local', language: '', data: {}, interwikiIds: [], navigationIds: [] }, 'foobar: a generic site with defaults')

  const owners: Array<['interwiki' | 'equivalent', string, string | null]> = [
    ['equivalent', 'enwiktionary', 'enwiktionary'],
    ['interwiki', 'enwiktionary', null],
    ['interwiki', 'dewiktionary', 'dewiktionary'],
    ['interwiki', 'wiktionaryde', 'dewiktionary'],
    ['equivalent', 'spam', 'spam'],
    ['equivalent', 'spamz', 'spam'],
    ['interwiki', 'spamzz', 'spam'],
    ['equivalent', 'spamzz', null],
    ['interwiki', 'fa', 'fawiki'],
    ['equivalent', 'sv', 'svwiki']
  ]
  for (const [type, key, owner] of owners) t.equal((await getSiteByIdentifier(db, type, key))?.globalId ?? null, owner, `${type} ${key} → ${owner}`)

  t.equal(pageUrl((await getSite(db, 'enwiktionary'))!, 'free lunch'), 'https://en.wiktionary.org/wiki/free_lunch')
  t.equal(fileUrl((await getSite(db, 'enwiktionary'))!, 'api.php'), 'https://en.wiktionary.org/w/api.php')
  t.equal(pageUrl((await getSite(db, 'spam'))!, 'x'), 'http://spamzz.test/testing/', 'spam: a link path without $1 is returned as it is')
  t.equal(pageUrl((await getSite(db, 'fawiki'))!, 'تهران'), 'https://fa.wikipedia.org/wiki/%D8%AA%D9%87%D8%B1%D8%A7%D9%86', 'the right-to-left wiki')
  const { rows } = await db.pool.query(`SELECT site_global_key, site_protocol, site_domain FROM ${tableName(db, 'sites')}
    WHERE site_global_key IN ('enwiki', 'foobar', 'spam') ORDER BY site_global_key`)
  t.same(rows, [
    { site_global_key: 'enwiki', site_protocol: 'https', site_domain: 'gro.aidepikiw.ne.' },
    { site_global_key: 'foobar', site_protocol: '', site_domain: '.' },
    { site_global_key: 'spam', site_protocol: 'http', site_domain: 'tset.zzmaps.' }
  ], '§7.20 domain reversal as stored: https://en.wikipedia.org/wiki/$1 → gro.aidepikiw.ne., https')
})

t.test('§7.20 DBSiteStore: saved sites get integer internal ids', async t => {
  const db = await wikiDatabase(t, url, 'internalidwiki')
  await importSites(db, [
    newSite({ globalId: id('ertrywuutr'), language: 'en' }),
    newSite({ globalId: id('sdfhxujgkfpth'), type: SITE_TYPE_MEDIAWIKI, language: 'nl' })
  ])
  const { rows } = await db.pool.query<{ site_global_key: string, site_id: number }>(`SELECT site_global_key, site_id FROM ${tableName(db, 'sites')} ORDER BY site_global_key`)
  const first = await getSite(db, 'ertrywuutr')
  const second = await getSite(db, 'sdfhxujgkfpth')
  t.match(first, { language: 'en', type: 'unknown' })
  t.match(second, { language: 'nl', type: 'mediawiki' })
  t.ok(Number.isInteger(first?.internalId) && first!.internalId! >= 0, `ertrywuutr has integer internal id ${first?.internalId}`)
  t.ok(Number.isInteger(second?.internalId) && second!.internalId! >= 0, `sdfhxujgkfpth has integer internal id ${second?.internalId}`)
  t.same(rows, [
    { site_global_key: 'ertrywuutr', site_id: first!.internalId },
    { site_global_key: 'sdfhxujgkfpth', site_id: second!.internalId }
  ], 'the internal id is the row\'s site_id')
  t.same((await loadSites(db)).map(s => s.internalId), [first!.internalId, second!.internalId], 'loadSites gives the same ids')

  t.same(await saveSite(db, newSite({ globalId: id('ertrywuutr'), language: 'de' })), { added: 0, updated: 1, unchanged: 0 })
  t.match(await getSite(db, 'ertrywuutr'), { language: 'de', internalId: first!.internalId }, 'an update keeps the row and its id')
  t.equal(newSite({ globalId: id('unsaved') }).internalId, undefined, 'a site not saved yet has none')
})

t.test('§7.20 DBSiteStore: sites saved as [B, A] iterate as [A, B]; after clear() getSite(\'enwiki\') is null', async t => {
  const db = await wikiDatabase(t, url, 'orderwiki')
  await importSites(db, [newSite({ globalId: id('B') }), newSite({ globalId: id('A') })])
  t.same((await loadSites(db)).map(s => s.globalId), ['A', 'B'])

  await importSites(db, testSites(), { rules: TEST_SITES_RULES })
  t.equal((await getSite(db, 'enwiki'))?.globalId, 'enwiki')
  await clearSites(db)
  t.equal(await getSite(db, 'enwiki'), null, 'getSite(enwiki) after clear()')
  t.same(await loadSites(db), [], 'no sites after clear()')
  t.equal(await getSiteByIdentifier(db, 'equivalent', 'en'), null, 'nor identifiers')
})
