import t from 'tap'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freshDatabase } from '../support/test-database.js'
import { wikiDatabase } from '../support/site-test-wiki.js'
import { buildWikiApp, type WikiApp } from '../../example-wiki/wiki-app.js'
import { siteFormOf, SiteFormError } from '../../example-wiki/web/special-sites.js'
import { renderPage } from '../../example-wiki/web/ui-context.js'
import { getSite, importSites, loadSites } from '../../plugin/sites/site-store.js'
import { siteRules } from '../../plugin/sites/site-rules.js'
import { newSite } from '../../plugin/sites/site.js'
import type { SiteGlobalId } from '../../hooks/ids.js'
import { tableName } from '../../plugin/db/wiki-database.js'
import { saveAccount } from '../../example-wiki/engine/account-store.js'
import { hashPassword } from '../../example-wiki/engine/passwords.js'
import { wikibaseInternals } from '../../plugin/facade.js'

const url = await freshDatabase(t, 'specialsites')
const otherUrl = await freshDatabase(t, 'specialsitesother')
const wikiUrl = 'postgres://wiki-user:s3cret-pw@db.internal:5432/enwiki'

/** A started wiki and the session cookie of its sysop, logged in through Special:UserLogin (Special:Sites is sysop-only). */
interface SysopWiki { app: WikiApp['app'], cookie: string }

const tokenOf = (html: string): string => /name="wpEditToken" value="([0-9a-f]+)"/.exec(html)?.[1] ?? ''

async function startWiki (): Promise<SysopWiki> {
  const wiki = await buildWikiApp({
    siteId: 'enwiki', language: 'en', roles: ['repo', 'client'], database: url, repoId: 'enwiki',
    farm: () => [{ siteId: 'enwiki', url: 'http://127.0.0.1:1/' }], logger: false, pollInterval: 60_000
  })
  await wiki.app.ready()
  await saveAccount(wiki.wiki.db.pool, wiki.wiki.db, 'Sitesop', await hashPassword('sites-sysop-password'), ['sysop'])
  const form = await wiki.app.inject({ url: '/wiki/Special:UserLogin' })
  let cookie = String([form.headers['set-cookie'] ?? []].flat()[0] ?? '').split(';')[0]!
  const login = await wiki.app.inject({
    method: 'POST', url: '/wiki/Special:UserLogin', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ wpName: 'Sitesop', wpPassword: 'sites-sysop-password', wpEditToken: tokenOf(form.body) }).toString()
  })
  if (login.statusCode !== 303) throw new Error(`login failed: ${login.statusCode}`)
  cookie = String([login.headers['set-cookie'] ?? []].flat()[0] ?? cookie).split(';')[0]!
  return { app: wiki.app, cookie }
}

const post = async (wiki: SysopWiki, fields: Record<string, string | string[]>): Promise<{ status: number, body: string }> => {
  const page = await wiki.app.inject({ url: '/wiki/Special:Sites', headers: { cookie: wiki.cookie } })
  const body = new URLSearchParams({ wpEditToken: tokenOf(page.body) })
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v)
  const res = await wiki.app.inject({ method: 'POST', url: '/wiki/Special:Sites', headers: { cookie: wiki.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() })
  return { status: res.statusCode, body: res.body }
}

/** The text of the page's error box ('' when there is none). */
const errorBox = (html: string): string => /<p class="error-box" role="alert">([^<]*)<\/p>/.exec(html)?.[1] ?? ''

t.test('the form is read field by field: one value each, id lists split on spaces and commas', async t => {
  t.same(siteFormOf({ globalId: ' dewiki ', group: 'wikipedia', interwikiIds: 'de, deutsch  x', navigationIds: '' }), {
    mode: 'add', globalId: 'dewiki', group: 'wikipedia', language: '', pagePath: '', filePath: '', interwikiIds: ['de', 'deutsch', 'x'], navigationIds: []
  })
  t.same(siteFormOf({ mode: 'edit', pagePath: 'https://de.wikipedia.org/wiki/$1 --database=postgres://x/y' }).pagePath,
    'https://de.wikipedia.org/wiki/$1 --database=postgres://x/y', 'a path is one value: never split')
  const bad: Array<[unknown, string]> = [
    [{ globalId: ['a', 'b'] }, 'the field globalId must be given once, as text'],
    [{ mode: 'delete' }, 'the field mode must be add or edit'],
    [{ interwikiIds: Array.from({ length: 51 }, (_, i) => `x${i}`).join(' ') }, 'the field interwikiIds holds 51 ids; at most 50']
  ]
  for (const [body, message] of bad) t.throws(() => siteFormOf(body), new SiteFormError(message), message)
})

t.test('Special:Sites writes in-process through the sites store, with the rules of `sites add`', async t => {
  const wiki = await startWiki()
  t.teardown(async () => { await wiki.app.close() })
  const db = wikibaseInternals(wiki.app).self
  const other = await wikiDatabase(t, otherUrl, 'public')
  // The wiki registered itself as a site at start (`registerSites`); nothing else is there.
  const registered = await loadSites(db)
  t.same(registered.map(site => site.globalId), ['enwiki'], 'only the wiki itself, registered at start')

  // Issue 13.3: this wrote into another wiki's database through the CLI's --database flag.
  const hostile = await post(wiki, { mode: 'add', globalId: 'sx', group: 'wikipedia', pagePath: 'https://sx.test/wiki/$1', interwikiIds: `sx --database=${otherUrl} --site-id other` })
  t.equal(hostile.status, 400)
  t.equal(errorBox(hostile.body), `site sx: &quot;--database=${otherUrl.replaceAll('&', '&amp;')}&quot; is not a valid interwiki id (1–32 characters, no spaces or &#39;:&#39;)`,
    'the id that is wrong is named; it is the user\'s own input')
  t.same(await loadSites(db), registered, 'nothing written here')
  t.same(await loadSites(other), [], 'nor in the other database')

  const cases: Array<[string, Record<string, string | string[]>, number, string]> = [
    ['javascript: page path (13.4)', { globalId: 'xwiki', group: 'wikipedia', pagePath: 'javascript://%0Aalert(document.domain)//$1' }, 400,
      'site xwiki: page_path &quot;javascript://%0Aalert(document.domain)//$1&quot; is not an http://, https:// or protocol-relative //host URL'],
    ['data: file path', { globalId: 'xwiki', group: 'wikipedia', pagePath: 'https://x.test/wiki/$1', filePath: 'data:text/html,x$1' }, 400,
      'site xwiki: file_path &quot;data:text/html,x$1&quot; is not an http://, https:// or protocol-relative //host URL'],
    ['unknown group', { globalId: 'xwiki', group: 'pedia' }, 400, 'site xwiki: unknown group &quot;pedia&quot;'],
    ['bad global id', { globalId: 'x wiki' }, 400, 'not a valid global site id: &quot;x wiki&quot;'],
    ['no global id', {}, 400, 'not a valid global site id: &quot;&quot;'],
    ['bad language', { globalId: 'xwiki', language: 'en; DROP TABLE' }, 400, 'site xwiki: &quot;en; DROP TABLE&quot; is not a language code'],
    ['a field given twice', { globalId: ['xwiki', 'ywiki'] }, 400, 'the field globalId must be given once, as text'],
    ['edit of an unknown site', { mode: 'edit', globalId: 'nowiki', group: 'wikipedia' }, 404, 'there is no site nowiki']
  ]
  for (const [name, fields, status, message] of cases) {
    const res = await post(wiki, fields)
    t.equal(res.status, status, `${name}: status`)
    t.ok(errorBox(res.body).startsWith(message), `${name}: ${errorBox(res.body)}`)
  }
  t.same(await loadSites(db), registered, 'nothing written by any refused form')

  const added = await post(wiki, {
    mode: 'add', globalId: 'dewiki', group: 'wikipedia', language: 'de', pagePath: 'https://de.wikipedia.org/wiki/$1', filePath: '//de.wikipedia.org/w/$1',
    interwikiIds: 'de,deutsch', navigationIds: ' de '
  })
  t.equal(added.status, 200)
  t.match(added.body, /<p class="notice">Added site dewiki\.<\/p>/)
  t.match(await getSite(db, 'dewiki'), {
    type: 'mediawiki', group: 'wikipedia', language: 'de', interwikiIds: ['de', 'deutsch'], navigationIds: ['de'],
    data: { paths: { page_path: 'https://de.wikipedia.org/wiki/$1', file_path: '//de.wikipedia.org/w/$1' } }
  })
  t.match(added.body, /<td>https:\/\/de\.wikipedia\.org\/wiki\/\$1<\/td>/, 'listed at once (same pool: the lookup was told)')
  const again = await post(wiki, { mode: 'add', globalId: 'dewiki', group: 'wikipedia' })
  t.equal(again.status, 409)
  t.equal(errorBox(again.body), 'site dewiki already exists')
  t.match(again.body, /<input type="hidden" name="mode" value="add">/, 'a failed add stays an add')

  const edited = await post(wiki, { mode: 'edit', globalId: 'dewiki', group: 'wikipedia', language: 'de', pagePath: 'https://de.wikipedia.org/wiki/$1', filePath: '', interwikiIds: 'de', navigationIds: 'de' })
  t.equal(edited.status, 200)
  t.match(edited.body, /Saved site dewiki\./)
  t.match(await getSite(db, 'dewiki'), { interwikiIds: ['de'], data: { paths: { page_path: 'https://de.wikipedia.org/wiki/$1' } } })
  t.equal((await getSite(db, 'dewiki'))?.data.paths?.file_path, undefined, 'an emptied path is removed')
  await importSites(db, [newSite({ globalId: 'outreachwiki' as SiteGlobalId, type: 'mediawiki', group: 'outreach', language: 'en', data: { paths: { page_path: 'https://outreach.wikimedia.org/wiki/$1' } } })],
    { rules: siteRules({ extraGroups: ['outreach'] }) })
  const special = await post(wiki, { mode: 'edit', globalId: 'outreachwiki', group: 'outreach', language: 'en', pagePath: 'https://outreach.wikimedia.org/wiki/$1', interwikiIds: 'outreach' })
  t.equal(special.status, 200, 'a site keeps a group of its own (a matrix special\'s) when edited')
  t.equal((await post(wiki, { mode: 'edit', globalId: 'outreachwiki', group: 'advisors' })).status, 400, 'but cannot move to another unknown group')
  const badEdit = await post(wiki, { mode: 'edit', globalId: 'dewiki', group: 'wikipedia', pagePath: 'javascript:alert(1)//$1' })
  t.equal(badEdit.status, 400)
  t.equal((await getSite(db, 'dewiki'))?.data.paths?.page_path, 'https://de.wikipedia.org/wiki/$1', 'a refused edit changes nothing')
})

t.test('no error page shows a database error, a connection string or a stack', async t => {
  const wiki = await startWiki()
  t.teardown(async () => { await wiki.app.close() })
  const db = wikibaseInternals(wiki.app).self
  await db.pool.query(`ALTER TABLE ${tableName(db, 'sites')} RENAME TO sites_gone`)
  t.teardown(async () => { await db.pool.query(`ALTER TABLE ${tableName(db, 'sites_gone')} RENAME TO sites`) })
  const attempts = [
    await post(wiki, { mode: 'add', globalId: 'frwiki', group: 'wikipedia', pagePath: 'https://fr.wikipedia.org/wiki/$1', interwikiIds: `fr ${wikiUrl}` }),
    await post(wiki, { mode: 'add', globalId: 'frwiki', group: 'wikipedia', pagePath: 'https://fr.wikipedia.org/wiki/$1' }),
    await wiki.app.inject({ method: 'GET', url: '/wiki/Special:Sites', headers: { cookie: wiki.cookie } }).then(res => ({ status: res.statusCode, body: res.body }))
  ]
  t.equal(attempts[0]!.status, 500, 'the store failed before it looked at the id: 500')
  t.equal(attempts[1]!.status, 500, 'the store failed: 500')
  t.match(attempts[1]!.body, /<p class="error-box" role="alert">An internal error occurred; it has been logged\.<\/p>/)
  t.equal(attempts[2]!.status, 200, 'the list page still renders')
  t.match(errorBox(attempts[2]!.body), /^500 unexpected-error: Unexpected Error$/, 'the plugin route says only that it failed')
  for (const [i, attempt] of attempts.entries()) {
    t.notMatch(attempt.body, /relation|sites_gone|does not exist|SELECT|postgres:\/\/(?!wiki-user)|\n\s+at /, `attempt ${i}: no SQL, table or stack`)
    t.notMatch(attempt.body, new RegExp(url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), `attempt ${i}: not the wiki's connection string`)
  }
})

t.test('a page never gets a language link whose URL is not http(s) or protocol-relative (render cache and table rows included)', async t => {
  const wiki = await buildWikiApp({
    siteId: 'enwiki', language: 'en', roles: ['repo', 'client'], database: url, repoId: 'enwiki', farm: () => [], logger: false, pollInterval: 60_000
  })
  t.teardown(async () => { await wiki.app.close() })
  const links = [
    { siteId: 'dewiki', title: 'Berlin', url: 'https://de.wikipedia.org/wiki/Berlin', language: 'de' },
    { siteId: 'frwiki', title: 'Berlin', url: '//fr.wikipedia.org/wiki/Berlin', language: 'fr' },
    { siteId: 'xxwiki', title: 'Berlin', url: 'javascript://%0Aalert(document.domain)//Berlin', language: 'xx' },
    { siteId: 'yywiki', title: 'Berlin', url: ' javascript:alert(1)', language: 'yy' },
    { siteId: 'zzwiki', title: 'Berlin', url: 'data:text/html,x', language: 'zz' }
  ]
  wiki.app.get('/render-links', async (_request, reply) => await renderPage(wiki.ctx, reply, 'list', { pageTitle: 'Links', items: [], languageLinks: links }))
  await wiki.app.ready()
  const html = (await wiki.app.inject({ method: 'GET', url: '/render-links' })).body
  const hrefs = [...html.matchAll(/<a href="([^"]*)" hreflang="([^"]*)"/g)].map(m => [m[1], m[2]])
  t.same(hrefs, [['https://de.wikipedia.org/wiki/Berlin', 'de'], ['//fr.wikipedia.org/wiki/Berlin', 'fr']])
  t.notMatch(html, /href="\s*(javascript|data):/i)
})

t.test('no request of the example wiki starts a child process', async t => {
  const root = fileURLToPath(new URL('../../example-wiki/', import.meta.url))
  // postgres/ starts the farm's embedded PostgreSQL at start-up (server.ts), never for a request;
  // remote-process.ts starts remotewiki's process at start-up (server.ts; the cross-process tests).
  const startUp = ['server.ts', 'remote-process.ts']
  const files = (await readdir(root, { recursive: true })).filter(file => file.endsWith('.ts') && !file.startsWith('.data') && !file.startsWith('postgres/') && !startUp.includes(file))
  t.ok(files.length > 20)
  for (const file of files) {
    const text = await readFile(join(root, file), 'utf8')
    if (/child_process|execFile|\bspawn\(/.test(text)) t.fail(`${file} uses child_process`)
  }
  t.pass(`${files.length} files, none uses child_process`)
})
