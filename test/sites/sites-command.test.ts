import t from 'tap'
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { freshDatabase } from '../support/test-database.js'
import { FIXTURES, wikiDatabase } from './site-test-wiki.js'
import { runSitesAdd, runSitesExport, runSitesImport, runSitesSync } from '../../cli/sites-command.js'
import { getSite, loadSites } from '../../plugin/sites/site-store.js'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const url = await freshDatabase(t, 'sitescli')
const lines: string[] = []
const out = { log: (line: string) => { lines.push(line) } }
const flags = (schema: string) => ({ database: url, schema, queueSchema: `${schema}_jobs`, siteId: schema, progress: false })

t.test('sites add, import, export and sync through the command functions', async t => {
  await wikiDatabase(t, url, 'clirepo')
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
  await runSitesAdd('dewiki', { ...flags('cliclient'), group: 'pedia', allowGroup: ['pedia'] }, out)
  t.equal((await getSite(client, 'dewiki'))?.group, 'pedia', '--allow-group widens the known groups')

  const matrix = fileURLToPath(new URL('wikimedia-sitematrix-2026-03.json', FIXTURES))
  t.same(await runSitesImport(matrix, { ...flags('clirepo'), siteGroup: 'wikipedia' }, out), { added: 1068, updated: 0, unchanged: 0 })
  t.same(await runSitesImport(matrix, { ...flags('clirepo'), siteGroup: 'wikipedia' }, out), { added: 0, updated: 0, unchanged: 1068 })
  t.equal(lines.at(-1), 'imported 1068 sites from sitematrix-json: 0 added, 0 updated, 1068 unchanged')
  const xml = fileURLToPath(new URL('mediawiki-SiteImporterTest.xml', FIXTURES))
  await t.rejects(runSitesImport(xml, flags('clirepo'), out), { name: 'UnknownSiteGroupError' })
  const bad = join(dir, 'bad.xml')
  await writeFile(bad, '<sites><site>')
  await t.rejects(runSitesImport(bad, flags('clirepo'), out), { name: 'SiteListFormatError' })

  const exported = join(dir, 'sites.xml')
  await runSitesExport(exported, flags('clirepo'), out)
  t.match(await readFile(exported, 'utf8'), /^<sites version="1\.0" xmlns="http:\/\/www\.mediawiki\.org\/xml\/sitelist-1\.0\/">\n\t<site type="mediawiki">\n\t\t<globalid>aawiki<\/globalid>/)
  t.same(await runSitesImport(exported, flags('clirepo'), out), { added: 0, updated: 0, unchanged: 1068 }, 'export → import changes nothing')

  const synced = await runSitesSync({ ...flags('cliclient'), from: url, fromSchema: 'clirepo' }, out)
  t.same(synced, { added: 1066, updated: 1, unchanged: 1 }, 'dewiki updated; enwiki was added with exactly the repo\'s global columns')
  t.match(await getSite(client, 'enwiki'), { interwikiIds: ['en', 'english'], navigationIds: ['en'] }, 'local prefixes kept')
  t.match(await getSite(client, 'dewiki'), { group: 'wikipedia', language: 'de' }, 'global columns from the repo')
  t.equal((await loadSites(client)).length, 1068)
})

t.test('sites import of a sites-table SQL dump: format detected, lenient reads warned about, groups allowed from the file', async t => {
  const db = await wikiDatabase(t, url, 'clidump')
  const dump = fileURLToPath(new URL('wikidatawiki-20140420-sites.sql', FIXTURES))
  lines.length = 0
  await t.rejects(runSitesImport(dump, flags('clidump'), out), { name: 'UnknownSiteGroupError', group: 'advisory', message: /^site advisorywiki: unknown group "advisory"/ })
  t.equal(lines.at(-1), 'hint: a sites-table dump brings the groups of the registry it was dumped from; --allow-groups-from-file accepts them')
  t.same(await loadSites(db), [], 'refused: nothing imported')
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
