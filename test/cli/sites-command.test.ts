import t from 'tap'
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { freshDatabase } from '../support/test-database.js'
import { FIXTURES, wikiDatabase } from '../support/site-test-wiki.js'
import { runSitesAdd, runSitesExport, runSitesImport, runSitesSync } from '../../cli/sites-command.js'
import { getSite, loadSites } from '../../plugin/sites/site-store.js'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const url = await freshDatabase(t, 'sitescli')
const lines: string[] = []
const out = { log: (line: string) => { lines.push(line) } }
const flags = (schema: string) => ({ database: url, schema, queueSchema: `${schema}_jobs`, siteId: schema, progress: false })

t.test('sites add, import, export and sync through the command functions', async t => {
  const repo = await wikiDatabase(t, url, 'clirepo')
  const client = await wikiDatabase(t, url, 'cliclient')
  const dir = await mkdtemp(join(tmpdir(), 'sites-cli-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })

  await runSitesAdd('enwiki', {
    ...flags('cliclient'), group: 'wikipedia', language: 'en', pagePath: 'https://en.wikipedia.org/wiki/$1',
    filePath: 'https://en.wikipedia.org/w/$1', interwikiId: ['en', 'english'], navigationId: ['en']
  }, out)
  t.match(await getSite(client, 'enwiki'), { type: 'mediawiki', group: 'wikipedia', language: 'en', interwikiIds: ['en', 'english'], navigationIds: ['en'] })
  await t.rejects(runSitesAdd('enwiki', { ...flags('cliclient'), group: 'wikipedia' }, out), { name: 'DuplicateSiteError' })
  await t.rejects(runSitesAdd('dewiki', { ...flags('cliclient'), group: 'wikipedia', pagePath: 'https://de.wikipedia.org/wiki/' }, out), { name: 'InvalidSitePathError' })
  await t.rejects(runSitesAdd('dewiki', { ...flags('cliclient'), group: 'pedia' }, out), { name: 'UnknownSiteGroupError' })
  await t.rejects(runSitesAdd('dewiki', { ...flags('cliclient'), group: 'wikipedia', pagePath: 'javascript://%0Aalert(document.domain)//$1' }, out),
    { name: 'InvalidSitePathError', pathType: 'page_path', message: 'site dewiki: page_path "javascript://%0Aalert(document.domain)//$1" is not an http://, https:// or protocol-relative //host URL' })
  await t.rejects(runSitesAdd('dewiki', { ...flags('cliclient'), group: 'wikipedia', filePath: 'data://de.wikipedia.org/w/$1' }, out), { name: 'InvalidSitePathError', pathType: 'file_path' })
  t.equal(await getSite(client, 'dewiki'), null, 'nothing added')
  await runSitesAdd('dewiki', { ...flags('cliclient'), group: 'pedia', allowGroup: ['pedia'] }, out)
  t.equal((await getSite(client, 'dewiki'))?.group, 'pedia', '--allow-group widens the known groups')

  const matrix = fileURLToPath(new URL('wikimedia-sitematrix-2026-03.json', FIXTURES))
  t.same(await runSitesImport(matrix, { ...flags('clirepo'), siteGroup: 'wikipedia' }, out), { added: 1068, updated: 0, unchanged: 0 })
  t.same(await runSitesImport(matrix, { ...flags('clirepo'), siteGroup: 'wikipedia' }, out), { added: 0, updated: 0, unchanged: 1068 })
  t.equal(lines.at(-1), 'imported 1068 sites from sitematrix-json: 0 added, 0 updated, 1068 unchanged')
  t.match(await getSite(repo, 'commonswiki'), { group: 'commons', language: 'en', interwikiIds: ['commons'] }, 'the matrix brings its specials\' groups')
  const xml = fileURLToPath(new URL('mediawiki-SiteImporterTest.xml', FIXTURES))
  lines.length = 0
  t.same(await runSitesImport(xml, flags('clirepo'), out), { added: 1, updated: 0, unchanged: 0 }, 'Foo added; the two the rules refuse are skipped')
  t.same(lines, [
    'skipped: site acme.com: unknown group "Test" (known: wikipedia, wiktionary, wikibooks, wikiquote, wikisource, wikinews, wikiversity, wikivoyage, commons, wikidata, species, meta, mediawiki, sources, incubator, wikifunctions, wikimedia, special, none)',
    'skipped: site dewiki: page_path "http://de.wikipedia.org/wiki/" has no $1 placeholder',
    'imported 1 sites from sitelist-xml: 1 added, 0 updated, 0 unchanged, 2 skipped'
  ])
  t.match(await getSite(repo, 'dewiki'), { data: { paths: { page_path: 'https://de.wikipedia.org/wiki/$1' } } }, 'the skipped dewiki did not overwrite the matrix one')
  const bad = join(dir, 'bad.xml')
  await writeFile(bad, '<sites><site>')
  await t.rejects(runSitesImport(bad, flags('clirepo'), out), { name: 'SiteListFormatError' })

  const exported = join(dir, 'sites.xml')
  await runSitesExport(exported, flags('clirepo'), out)
  t.match(await readFile(exported, 'utf8'), /^<sites version="1\.0" xmlns="http:\/\/www\.mediawiki\.org\/xml\/sitelist-1\.0\/">\n\t<site>\n\t\t<globalid>Foo<\/globalid>\n\t<\/site>\n\t<site type="mediawiki">\n\t\t<globalid>aawiki<\/globalid>/)
  t.same(await runSitesImport(exported, { ...flags('clirepo'), allowGroupsFromFile: true }, out), { added: 0, updated: 0, unchanged: 1069 }, 'export → import changes nothing (the export brings the specials\' groups)')

  const synced = await runSitesSync({ ...flags('cliclient'), from: url, fromSchema: 'clirepo' }, out)
  t.same(synced, { added: 1067, updated: 1, unchanged: 1 }, 'dewiki updated; enwiki was added with exactly the repo\'s global columns')
  t.match(await getSite(client, 'enwiki'), { interwikiIds: ['en', 'english'], navigationIds: ['en'] }, 'local prefixes kept')
  t.match(await getSite(client, 'dewiki'), { group: 'wikipedia', language: 'de' }, 'global columns from the repo')
  t.equal((await loadSites(client)).length, 1069)
})

t.test('sites import of a sites-table SQL dump: format detected, lenient reads warned about, groups allowed from the file', async t => {
  const db = await wikiDatabase(t, url, 'clidump')
  const strict = await wikiDatabase(t, url, 'clidumpstrict')
  const dump = fileURLToPath(new URL('wikidatawiki-20140420-sites.sql', FIXTURES))
  lines.length = 0
  t.same(await runSitesImport(dump, flags('clidumpstrict'), out), { added: 804, updated: 0, unchanged: 0 }, 'the 76 sites of groups the registry does not know are skipped')
  t.match(lines.find(line => line.startsWith('skipped:')), /^skipped: site advisorywiki: unknown group "advisory"/)
  t.equal(lines.filter(line => line.startsWith('skipped:')).length, 76)
  t.same(lines.slice(-2), [
    'hint: a sites-table dump brings the groups of the registry it was dumped from; --allow-groups-from-file accepts them',
    'imported 804 sites from sites-table-sql: 804 added, 0 updated, 0 unchanged, 76 skipped'
  ])
  t.equal(await getSite(strict, 'advisorywiki'), null)
  lines.length = 0
  t.same(await runSitesImport(dump, { ...flags('clidump'), siteGroup: 'wikipedia', allowGroupsFromFile: true }, out), { added: 880, updated: 0, unchanged: 0 })
  t.same(lines, [
    'warning: `sites` row 1 (line 54), site aawiki: site_data: string at byte 38 declares 23 bytes but holds 28 up to its closing quote; read as "http://aa.wikipedia.org/w/$1"',
    'warning: `sites` row 1 (line 54), site aawiki: site_data: string at byte 90 declares 26 bytes but holds 31 up to its closing quote; read as "http://aa.wikipedia.org/wiki/$1"',
    'imported 880 sites from sites-table-sql: 880 added, 0 updated, 0 unchanged'
  ])
  t.match(await getSite(db, 'dewiki'), { group: 'wikipedia', language: 'de', interwikiIds: ['de'], navigationIds: ['de'], data: { paths: { page_path: '//de.wikipedia.org/wiki/$1' } } })
  t.same(await runSitesImport(dump, { ...flags('clidump'), siteGroup: 'wikipedia', allowGroupsFromFile: true }, out), { added: 0, updated: 0, unchanged: 880 }, 'a second import changes nothing')
  t.equal(lines.at(-1), 'imported 880 sites from sites-table-sql: 0 added, 0 updated, 880 unchanged')
})

t.test('fastify-wikibase sites --help', async t => {
  const { stdout } = await run('./bin/fastify-wikibase.js', ['sites', '--help'], { cwd: ROOT })
  for (const command of ['add', 'import', 'export', 'sync']) t.match(stdout, new RegExp(`\\n  ${command} `), `lists ${command}`)
  for (const command of ['add', 'import', 'export', 'sync']) {
    const help = await run('./bin/fastify-wikibase.js', ['sites', command, '--help'], { cwd: ROOT })
    t.match(help.stdout, /Usage: fastify-wikibase sites /, `sites ${command} --help`)
    if (command === 'import') t.match(help.stdout, /--allow-groups-from-file/, 'sites import --help names --allow-groups-from-file')
  }
})

t.test('issue 13.4: a javascript: path is reported and skipped by every import format; the good sites are imported', async t => {
  const db = await wikiDatabase(t, url, 'clibadpaths')
  const dir = await mkdtemp(join(tmpdir(), 'sites-bad-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  const evil = 'javascript://%0Aalert(document.domain)//$1'
  const files: Array<[string, string, string]> = [
    ['xml', `<sites><site type="mediawiki"><globalid>goodwiki</globalid><group>wikipedia</group><path type="page_path">https://good.test/wiki/$1</path></site>
<site type="mediawiki"><globalid>evilwiki</globalid><group>wikipedia</group><path type="page_path">${evil}</path></site>
<site><globalid>evillink</globalid><path type="link">JavaScript:alert(1)//$1</path></site></sites>`, 'sitelist-xml'],
    ['sql', `INSERT INTO \`sites\` VALUES (1,'goodwiki','mediawiki','wikipedia','local','en','','.','a:1:{s:5:"paths";a:1:{s:9:"page_path";s:25:"https://good.test/wiki/$1";}}',0,'a:0:{}'),
(2,'evilwiki','mediawiki','wikipedia','local','en','','.','a:1:{s:5:"paths";a:1:{s:9:"page_path";s:${evil.length}:"${evil}";}}',0,'a:0:{}');`, 'sites-table-sql'],
    ['json', JSON.stringify({ 0: { code: 'en', site: [{ url: 'https://good.test', dbname: 'goodwiki', code: 'wiki' }, { url: 'javascript://%0Aalert(1)//', dbname: 'evilwiki', code: 'wiki' }] } }), 'sitematrix-json']
  ]
  for (const [ext, text, format] of files) {
    const file = join(dir, `sites.${ext}`)
    await writeFile(file, text)
    lines.length = 0
    const report = await runSitesImport(file, flags('clibadpaths'), out)
    t.equal(report.added + report.updated + report.unchanged, 1, `${format}: the good site`)
    t.match(lines.filter(line => line.startsWith('skipped:')), ext === 'xml' ? [/^skipped: site evilwiki: page_path "javascript:/, /^skipped: site evillink: link "JavaScript:alert/] : [/^skipped: site evilwiki: (page_path|file_path) "javascript:/], `${format}: reported`)
    t.match(lines.at(-1), new RegExp(`^imported 1 sites from ${format}: .*, ${ext === 'xml' ? 2 : 1} skipped$`))
    t.equal(await getSite(db, 'evilwiki'), null, `${format}: not stored`)
    t.ok(await getSite(db, 'goodwiki'), `${format}: the good one is`)
  }
  t.same((await loadSites(db)).map(site => site.globalId), ['goodwiki'])
})
