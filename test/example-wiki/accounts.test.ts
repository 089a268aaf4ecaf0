import t from 'tap'
import type { AddressInfo } from 'node:net'
import WBEdit from 'wikibase-edit'
import { freshDatabase } from '../support/test-database.js'
import { buildWikiApp } from '../../example-wiki/wiki-app.js'
import { ensureFirstSysop } from '../../example-wiki/engine/first-sysop.js'
import { saveAccount } from '../../example-wiki/engine/account-store.js'
import { hashPassword } from '../../example-wiki/engine/passwords.js'
import { effectiveGroups, groupsGrant, type ExampleRight } from '../../example-wiki/engine/user-groups.js'
import { formPostProblem } from '../../example-wiki/web/wiki-session.js'
import { table } from '../../example-wiki/engine/wiki-db.js'

/**
 * The example wiki's accounts: groups with MediaWiki's default rights, login and logout with
 * server-side sessions, a csrf token and an Origin check on every form, Special:Sites for
 * sysops only, and the plugin's rights asked of the same groups.
 */
t.test('groups grant MediaWiki\'s default rights', async t => {
  const cases: Array<[boolean, string[], ExampleRight, boolean]> = [
    [false, [], 'read', true], [false, [], 'edit', true], [false, [], 'createpage', true], [false, [], 'item-term', true],
    [false, [], 'delete', false], [false, [], 'move', false], [false, [], 'purge', false], [false, [], 'bot', false],
    [false, ['sysop'], 'delete', false],
    [true, [], 'move', true], [true, [], 'purge', true], [true, [], 'delete', false], [true, [], 'managesites', false],
    [true, ['bot'], 'bot', true], [true, ['sysop'], 'delete', true], [true, ['sysop'], 'undelete', true],
    [true, ['sysop'], 'protect', true], [true, ['sysop'], 'managesites', true], [true, ['sysop'], 'bot', false],
    [true, ['sysop'], 'deletedhistory', true], [true, ['sysop'], 'suppressrevision', false], [true, ['suppress'], 'suppressrevision', true],
    [true, ['suppress'], 'delete', false], [false, ['suppress'], 'suppressrevision', false],
    [true, ['nonsense'], 'delete', false]
  ]
  for (const [loggedIn, groups, right, expected] of cases) {
    t.equal(groupsGrant(effectiveGroups(loggedIn, groups), right), expected, `${loggedIn ? 'user' : 'anonymous'} [${groups.join(',')}] ${right}`)
  }
})

t.test('formPostProblem: own origin or none, and a valid token', async t => {
  const host = 'wiki.example:8080'
  const cases: Array<[Record<string, string>, boolean, boolean]> = [
    [{ host }, true, true],
    [{ host, origin: 'http://wiki.example:8080' }, true, true],
    [{ host, origin: 'https://WIKI.example:8080' }, true, true],
    [{ host, origin: 'http://evil.example' }, true, false],
    [{ host, origin: 'http://wiki.example:8081' }, true, false],
    [{ host, origin: 'null' }, true, false],
    [{ host, origin: 'javascript:alert(1)' }, true, false],
    [{ host, 'sec-fetch-site': 'cross-site' }, true, false],
    [{ host, 'sec-fetch-site': 'same-origin' }, true, true],
    [{ host }, false, false],
    [{ host, origin: 'http://wiki.example:8080' }, false, false]
  ]
  for (const [headers, tokenOk, ok] of cases) t.equal(formPostProblem(headers, tokenOk) === null, ok, `${JSON.stringify(headers)} token ${String(tokenOk)}`)
})

interface Browser { cookie: string }

t.test('an example wiki: login, logout, csrf, rights', async t => {
  const url = await freshDatabase(t, 'exampleaccounts')
  const { app, wiki } = await buildWikiApp({ siteId: 'repowiki', language: 'en', roles: ['repo', 'client'], database: url, repoId: 'repowiki', farm: () => [], logger: false })
  t.teardown(async () => { await app.close() })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  const origin = base
  t.same(await ensureFirstSysop([wiki.db], 'sysop-password-1'), { name: 'Admin', password: 'sysop-password-1' })
  t.equal(await ensureFirstSysop([wiki.db], 'other'), null, 'only on first start')
  await saveAccount(wiki.db.pool, wiki.db, 'Alice', await hashPassword('alice-password'), [])
  const { rows: [hash] } = await wiki.db.pool.query(`SELECT user_password FROM ${table(wiki.db, 'wiki_user')} WHERE user_name = 'Admin'`)
  t.match(hash.user_password, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/, 'an argon2id hash, no password')

  const get = async (b: Browser, path: string): Promise<{ status: number, html: string }> => {
    const r = await app.inject({ method: 'GET', url: path, headers: { host: base.slice(7), cookie: b.cookie } })
    take(b, r.headers['set-cookie'])
    return { status: r.statusCode, html: r.body }
  }
  const post = async (b: Browser, path: string, form: Record<string, string>, headers: Record<string, string> = { origin }): Promise<{ status: number, html: string, location?: string }> => {
    const r = await app.inject({
      method: 'POST', url: path, headers: { host: base.slice(7), cookie: b.cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: new URLSearchParams(form).toString()
    })
    take(b, r.headers['set-cookie'])
    return { status: r.statusCode, html: r.body, location: r.headers.location as string | undefined }
  }
  const take = (b: Browser, set: string | string[] | undefined): void => {
    for (const line of [set ?? []].flat()) b.cookie = line.split(';')[0]!
  }
  const tokenOf = (html: string): string => /name="wpEditToken" value="([0-9a-f]+)"/.exec(html)?.[1] ?? ''
  const history = async (title: string): Promise<string[]> =>
    (await wiki.db.pool.query(`SELECT r.rev_user_text FROM ${table(wiki.db, 'revision')} r JOIN ${table(wiki.db, 'page')} p ON p.page_id = r.rev_page WHERE p.page_title = $1 ORDER BY r.rev_id`, [title])).rows.map(r => r.rev_user_text)

  const visitor: Browser = { cookie: '' }
  const form = await get(visitor, '/wiki/Sandbox?action=edit')
  t.match(visitor.cookie, /^repowiki_wikisession=[0-9a-f]{32}\.[0-9a-f]{64}$/, 'a session cookie for the visitor')
  t.notMatch(form.html, /Your name/, 'no name field')
  const token = tokenOf(form.html)
  t.match(token, /^[0-9a-f]{64}$/)

  t.test('cross-site POSTs are refused, nothing saved', async t => {
    const edit = { text: 'spam', wpEditToken: token, user: 'Mallory' }
    const cases: Array<[string, Record<string, string>, Record<string, string>]> = [
      ['no token', { text: 'spam' }, { origin }],
      ['a wrong token', { ...edit, wpEditToken: 'f'.repeat(64) }, { origin }],
      ['another site\'s Origin', edit, { origin: 'http://evil.example' }],
      ['Origin null', edit, { origin: 'null' }],
      ['Sec-Fetch-Site cross-site', edit, { 'sec-fetch-site': 'cross-site' }]
    ]
    for (const [name, fields, headers] of cases) {
      const r = await post(visitor, '/wiki/Sandbox?action=submit', fields, headers)
      t.equal(r.status, 403, name)
      t.match(r.html, /Session failure/)
    }
    t.same(await history('Sandbox'), [], 'nothing was saved')
    const stranger = await post({ cookie: '' }, '/wiki/Sandbox?action=submit', edit)
    t.equal(stranger.status, 403, 'a token of another session')
  })

  t.test('anonymous edits are by the IP; anonymous deletion and Special:Sites are refused', async t => {
    const saved = await post(visitor, '/wiki/Sandbox?action=submit', { text: 'hello', wpEditToken: token, user: 'Mallory' })
    t.equal(saved.status, 303)
    t.same(await history('Sandbox'), ['127.0.0.1'], 'the "user" field is ignored: the edit is by the IP')
    const deleted = await post(visitor, '/wiki/Sandbox?action=delete', { wpEditToken: token, comment: 'x' })
    t.equal(deleted.status, 403)
    t.match(deleted.html, /right “delete”/)
    t.equal((await get(visitor, '/wiki/Sandbox')).status, 200, 'the page is still there')
    t.equal((await get(visitor, '/wiki/Special:Sites')).status, 403)
    t.equal((await post(visitor, '/wiki/Special:Sites', { wpEditToken: token, globalId: 'xxwiki' })).status, 403)
    const rest = await app.inject({ method: 'DELETE', url: '/w/rest.php/wikibase/v1/entities/items/Q1' })
    t.equal(rest.statusCode, 403, 'the plugin asks the example wiki: anonymous may not delete')
  })

  t.test('a plain user may log in, edit and move, but not manage sites or delete', async t => {
    const alice: Browser = { cookie: visitor.cookie }
    const loginForm = await get(alice, '/wiki/Special:UserLogin')
    const wrong = await post(alice, '/wiki/Special:UserLogin', { wpName: 'Alice', wpPassword: 'nope', wpEditToken: tokenOf(loginForm.html) })
    t.equal(wrong.status, 403)
    t.match(wrong.html, /Incorrect username or password/)
    const noToken = await post(alice, '/wiki/Special:UserLogin', { wpName: 'Alice', wpPassword: 'alice-password' })
    t.equal(noToken.status, 403, 'login needs the token too (no login CSRF)')
    const ok = await post(alice, '/wiki/Special:UserLogin', { wpName: 'alice', wpPassword: 'alice-password', wpEditToken: tokenOf(loginForm.html), returnto: 'Sandbox' })
    t.equal(ok.status, 303)
    t.equal(ok.location, '/wiki/Sandbox')
    t.not(alice.cookie, visitor.cookie, 'a new session id at login')
    const page = await get(alice, '/wiki/Sandbox?action=edit')
    t.match(page.html, /Editing as Alice/)
    t.not(tokenOf(page.html), token, 'a new token')
    t.equal((await post(alice, '/wiki/Sandbox?action=submit', { text: 'hello Alice', wpEditToken: token })).status, 403, 'the anonymous token is no longer valid')
    t.equal((await post(alice, '/wiki/Sandbox?action=submit', { text: 'hello Alice', wpEditToken: tokenOf(page.html), baseRevisionId: /name="baseRevisionId" value="(\d+)"/.exec(page.html)?.[1] ?? '' })).status, 303)
    t.same(await history('Sandbox'), ['127.0.0.1', 'Alice'])
    t.equal((await get(alice, '/wiki/Special:Sites')).status, 403, 'Special:Sites is for sysops')
    t.equal((await post(alice, '/wiki/Sandbox?action=delete', { wpEditToken: tokenOf(page.html) })).status, 403)
  })

  t.test('a sysop may delete and open Special:Sites; logout ends the session', async t => {
    const admin: Browser = { cookie: '' }
    const loginForm = await get(admin, '/wiki/Special:UserLogin')
    t.equal((await post(admin, '/wiki/Special:UserLogin', { wpName: 'Admin', wpPassword: 'sysop-password-1', wpEditToken: tokenOf(loginForm.html) })).status, 303)
    const sites = await get(admin, '/wiki/Special:Sites')
    t.equal(sites.status, 200)
    t.match(sites.html, /id="site-form"><input type="hidden" name="wpEditToken"/, 'the sites form carries the token')
    const adminToken = tokenOf((await get(admin, '/wiki/Sandbox?action=history')).html)
    const restNoToken = await app.inject({ method: 'DELETE', url: '/w/rest.php/wikibase/v1/entities/items/Q1', headers: { cookie: admin.cookie } })
    t.equal(restNoToken.statusCode, 403, 'a plugin REST write with the browser\'s session cookie needs the csrf token')
    t.equal(restNoToken.json().code, 'rest-badtoken-missing')
    const oldCookie = admin.cookie
    const deleted = await post(admin, '/wiki/Sandbox?action=delete', { wpEditToken: adminToken, comment: 'test' })
    t.equal(deleted.status, 200)
    t.match(deleted.html, /has been deleted/)

    const logoutPage = await get(admin, '/wiki/Special:UserLogout')
    const out = await post(admin, '/wiki/Special:UserLogout', { wpEditToken: tokenOf(logoutPage.html) })
    t.equal(out.status, 200)
    t.match(out.html, /logged out/)
    t.match(out.html, /id="pt-login"/, 'the page shows the logged-out state')
    const replay: Browser = { cookie: oldCookie }
    const again = await post(replay, '/wiki/Other?action=submit', { text: 'as Admin?', wpEditToken: adminToken })
    t.equal(again.status, 403, 'the old cookie and its token are refused')
    t.equal((await get(replay, '/wiki/Special:Sites')).status, 403, 'the old cookie is no sysop anymore')
    t.same(await history('Other'), [])
  })

  t.test('wikibase-edit logs in to the example with the account password', async t => {
    const wbEdit = WBEdit({ instance: base as `http${string}`, credentials: { username: 'Admin@tools', password: 'sysop-password-1' }, userAgent: 'fastify-wikibase tests', autoRetry: false }) as unknown as
      { entity: { create: (p: object) => Promise<any> }, label: { set: (p: object) => Promise<any> } }
    const created = await wbEdit.entity.create({ labels: { en: 'made by a tool' } })
    t.match(created.entity.id, /^Q\d+$/)
    const revisions = await wiki.db.pool.query(`SELECT rev_user_text FROM ${table(wiki.db, 'revision')} WHERE rev_user_text = 'Admin'`)
    t.ok(revisions.rows.length >= 1, 'the entity page edit is by Admin')
  })
})
