import t from 'tap'
import type { AddressInfo } from 'node:net'
import { freshDatabase } from '../support/test-database.js'
import { buildWikiApp } from '../../example-wiki/wiki-app.js'
import { ensureFirstSysop } from '../../example-wiki/engine/first-sysop.js'
import { saveAccount } from '../../example-wiki/engine/account-store.js'
import { hashPassword } from '../../example-wiki/engine/passwords.js'
import { findPage, pageHistory } from '../../example-wiki/engine/page-store.js'
import { parseTitle } from '../../example-wiki/engine/titles.js'

/**
 * Issue 16.6: move (with MediaWiki's "Leave a redirect behind", checked by default), delete and
 * undelete through the example wiki's forms, each with its right (`move` for users, `delete`
 * and `undelete` for sysops) and the session's csrf token.
 */

interface Browser { cookie: string }

t.test('move, delete and undelete through the UI', async t => {
  const url = await freshDatabase(t, 'lifecycleui')
  const { app, wiki } = await buildWikiApp({ siteId: 'repowiki', language: 'en', roles: ['repo', 'client'], database: url, repoId: 'repowiki', farm: () => [], logger: false })
  t.teardown(async () => { await app.close() })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  await ensureFirstSysop([wiki.db], 'sysop-password-1')
  await saveAccount(wiki.db.pool, wiki.db, 'Alice', await hashPassword('alice-password'), [])

  const tokenOf = (html: string): string => /name="wpEditToken" value="([0-9a-f]+)"/.exec(html)?.[1] ?? ''
  const take = (b: Browser, set: string | string[] | undefined): void => { for (const line of [set ?? []].flat()) b.cookie = line.split(';')[0]! }
  const get = async (b: Browser, path: string): Promise<{ status: number, html: string }> => {
    const r = await app.inject({ method: 'GET', url: path, headers: { host: base.slice(7), cookie: b.cookie } })
    take(b, r.headers['set-cookie'])
    return { status: r.statusCode, html: r.body }
  }
  const post = async (b: Browser, path: string, form: Record<string, string>): Promise<{ status: number, html: string, location?: string }> => {
    const r = await app.inject({
      method: 'POST', url: path, headers: { host: base.slice(7), cookie: b.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: base }, payload: new URLSearchParams(form).toString()
    })
    take(b, r.headers['set-cookie'])
    return { status: r.statusCode, html: r.body, location: r.headers.location as string | undefined }
  }
  const login = async (name: string, password: string): Promise<Browser> => {
    const b: Browser = { cookie: '' }
    const form = await get(b, '/wiki/Special:UserLogin')
    t.equal((await post(b, '/wiki/Special:UserLogin', { wpName: name, wpPassword: password, wpEditToken: tokenOf(form.html) })).status, 303, `${name} logs in`)
    return b
  }
  const exists = async (title: string): Promise<boolean> => await findPage(wiki.db.pool, wiki.db, parseTitle(title)) !== null

  const alice = await login('Alice', 'alice-password')
  const edit = await get(alice, '/wiki/Sandbox?action=edit')
  t.equal((await post(alice, '/wiki/Sandbox?action=submit', { text: 'Sandbox text', wpEditToken: tokenOf(edit.html), baseRevisionId: '0' })).status, 303)

  const history = await get(alice, '/wiki/Sandbox?action=history')
  t.match(history.html, /<input type="checkbox" name="wpLeaveRedirect" value="1" checked> Leave a redirect behind/, 'the move form leaves a redirect by default')
  const token = tokenOf(history.html)

  const anonymous: Browser = { cookie: '' }
  const anonForm = await get(anonymous, '/wiki/Sandbox?action=history')
  t.equal((await post(anonymous, '/wiki/Sandbox?action=move', { to: 'Elsewhere', wpEditToken: tokenOf(anonForm.html), wpLeaveRedirect: '1' })).status, 403, 'anonymous: no move right')
  t.equal((await post(alice, '/wiki/Sandbox?action=move', { to: 'Elsewhere', wpLeaveRedirect: '1' })).status, 403, 'no token: refused')
  t.ok(await exists('Sandbox'))

  const moved = await post(alice, '/wiki/Sandbox?action=move', { to: 'Sandbox two', comment: 'rename', wpEditToken: token, wpLeaveRedirect: '1' })
  t.equal(moved.status, 303)
  t.equal(moved.location, '/wiki/Sandbox_two')
  t.ok(await exists('Sandbox two'))
  const redirect = await findPage(wiki.db.pool, wiki.db, parseTitle('Sandbox'))
  t.ok(redirect !== null, 'a redirect was left at the old title')
  t.equal((await pageHistory(wiki.db.pool, wiki.db, redirect!.page_id)).length, 1)

  t.equal((await post(alice, '/wiki/Sandbox_two?action=move', { to: 'Sandbox three', wpEditToken: token })).status, 303, 'box unchecked: nothing sent')
  t.ok(await exists('Sandbox three'))
  t.notOk(await exists('Sandbox two'), 'no redirect left')

  t.equal((await post(alice, '/wiki/Sandbox_three?action=delete', { wpEditToken: token })).status, 403, 'a plain user may not delete')
  const admin = await login('Admin', 'sysop-password-1')
  const adminHistory = await get(admin, '/wiki/Sandbox_three?action=history')
  const adminToken = tokenOf(adminHistory.html)
  t.equal((await post(admin, '/wiki/Sandbox_three?action=delete', { wpEditToken: adminToken, comment: 'test' })).status, 200)
  t.notOk(await exists('Sandbox three'))

  const deleted = await get(alice, '/wiki/Sandbox_three?action=history')
  t.match(deleted.html, /This page was deleted\./, 'the history of a deleted page offers undeletion')
  t.equal((await post(alice, '/wiki/Sandbox_three?action=undelete', { wpEditToken: tokenOf(deleted.html) })).status, 403, 'a plain user may not undelete')
  t.equal((await post(admin, '/wiki/Sandbox_three?action=undelete', { comment: 'back' })).status, 403, 'no token: refused')
  const restored = await post(admin, '/wiki/Sandbox_three?action=undelete', { wpEditToken: adminToken, comment: 'back' })
  t.equal(restored.status, 303)
  const page = await findPage(wiki.db.pool, wiki.db, parseTitle('Sandbox three'))
  t.ok(page !== null, 'the page is back')
  t.strictSame((await pageHistory(wiki.db.pool, wiki.db, page!.page_id)).map(r => r.rev_comment), [''], 'with its history')
  t.match((await get(alice, '/wiki/Sandbox_three')).html, /Sandbox text/, 'and its text')
  t.equal((await post(admin, '/wiki/Nothing_here?action=undelete', { wpEditToken: adminToken })).status, 400, 'a title never deleted: 400')
  t.equal((await post(admin, '/wiki/Sandbox_three?action=undelete', { wpEditToken: adminToken })).status, 400, 'a page that exists: 400')
})
