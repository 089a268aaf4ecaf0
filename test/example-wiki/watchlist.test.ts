import t from 'tap'
import { freshDatabase } from '../support/test-database.js'
import { buildWikiApp } from '../../example-wiki/wiki-app.js'
import { saveAccount } from '../../example-wiki/engine/account-store.js'
import { hashPassword } from '../../example-wiki/engine/passwords.js'
import { savePage } from '../../example-wiki/engine/wiki-engine.js'
import { parseTitle } from '../../example-wiki/engine/titles.js'
import { insertRecentChange } from '../../example-wiki/engine/recent-changes-store.js'
import { table } from '../../example-wiki/engine/wiki-db.js'

/**
 * Issue 17.10 on a real client database: the repo-changes filter of Special:RecentChanges and
 * Special:Watchlist (hidden by default, `hidewikidata` in the URL, the user's preferences
 * rcshowwikidata / wlshowwikibase on Special:Preferences), the watch star, and the watchlist
 * listing the repo changes of the watched pages. All forms need the session's csrf token.
 */
interface Browser { cookie: string }

t.test('recent changes, watchlist and preferences of a client', async t => {
  const url = await freshDatabase(t, 'examplewatchlist')
  const { app, wiki } = await buildWikiApp({
    siteId: 'repowiki', language: 'en', roles: ['repo', 'client'], database: url, repoId: 'repowiki', farm: () => [], logger: false
  })
  t.teardown(async () => { await app.close() })
  const host = 'wiki.test'
  const get = async (b: Browser, path: string): Promise<{ status: number, html: string }> => {
    const r = await app.inject({ method: 'GET', url: path, headers: { host, cookie: b.cookie } })
    for (const line of [r.headers['set-cookie'] ?? []].flat()) b.cookie = line.split(';')[0]!
    return { status: r.statusCode, html: r.body }
  }
  const post = async (b: Browser, path: string, form: Record<string, string>): Promise<{ status: number, html: string, location?: string }> => {
    const r = await app.inject({
      method: 'POST', url: path, headers: { host, cookie: b.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString()
    })
    for (const line of [r.headers['set-cookie'] ?? []].flat()) b.cookie = line.split(';')[0]!
    return { status: r.statusCode, html: r.body, location: r.headers.location as string | undefined }
  }
  const tokenOf = (html: string): string => /name="wpEditToken" value="([0-9a-f]+)"/.exec(html)?.[1] ?? ''
  const wbTitles = (html: string): string[] => [...html.matchAll(/data-source="wb">[\s\S]*?<span class="mw-title"><a [^>]*>([^<]+)<\/a>/g)].map(m => m[1]!)
  const localTitles = (html: string): string[] => [...html.matchAll(/data-source="mw\.[a-z]+"><span class="time">[^<]*<\/span> (?:<abbr[^>]*>.<\/abbr> )?<a [^>]*>([^<]+)<\/a>/g)].map(m => m[1]!)

  const anon = { id: 0, name: '127.0.0.1', anonymous: true, bot: false }
  for (const title of ['Berlin', 'Paris']) await savePage(wiki, { title: parseTitle(title), text: `${title}.`, comment: 'created', user: anon })
  const repoChange = async (title: string, id: string, ageDays = 0): Promise<void> => {
    await insertRecentChange(wiki.db.pool, wiki.db, {
      rc_timestamp: new Date(Date.now() - ageDays * 86_400_000), rc_namespace: 0, rc_title: title, rc_cur_id: 1, rc_this_oldid: 1, rc_last_oldid: 1,
      rc_user: 0, rc_user_text: 'repowiki>Ann', rc_comment: `${id} changed`, rc_bot: false, rc_minor: true, rc_source: 'wb',
      rc_params: { 'wikibase-repo-change': { object_id: id, type: 'wikibase-item~update', rev_id: 12, parent_id: 11, user_text: 'Ann' } },
      rc_log_type: null, rc_log_action: '', rc_logid: 0
    } as any)
  }
  await repoChange('Berlin', 'Q64')
  await repoChange('Paris', 'Q90')
  await repoChange('Berlin', 'Q1', 10)

  const visitor: Browser = { cookie: '' }
  await t.test('Special:RecentChanges hides repo changes by default; hidewikidata=0 shows them, formatted', async t => {
    const hidden = await get(visitor, '/wiki/Special:RecentChanges')
    t.same(wbTitles(hidden.html), [], 'rcshowwikidata is off by default')
    t.match(hidden.html, /id="toggle-wb" href="[^"]*hidewikidata=0[^"]*">Show repowiki edits/)
    const shown = await get(visitor, '/wiki/Special:RecentChanges?hidewikidata=0')
    t.same(wbTitles(shown.html), ['Paris', 'Berlin', 'Berlin'])
    t.match(shown.html, /<li class="wb mw-changeslist-src-mw-wikibase" data-source="wb"><span class="mw-changeslist-separator">\. \.<\/span> <abbr class="wikibase-edit" title="repowiki edit">D<\/abbr> <span class="mw-title"><a href="\/wiki\/Paris">Paris<\/a><\/span> <span class="wb-entity">\(Q90\)<\/span>; <span class="mw-changeslist-date">[-0-9 :]{19}<\/span> <span class="mw-changeslist-separator">\. \.<\/span> <span class="mw-userlink">Ann<\/span> <span class="comment">\(Q90 changed\)<\/span><\/li>/,
      'ChangeLineFormatter\'s order; the repo user, not repowiki>Ann (no repo URL in this farm: no links)')
    t.match(shown.html, /id="toggle-wb" href="[^"]*hidewikidata=1[^"]*">Hide repowiki edits/)
    t.same(wbTitles((await get(visitor, '/wiki/Special:RecentChanges?hideWikibase=0')).html).length, 3, 'the filter\'s current name works too')
  })

  await t.test('anonymous visitors have no watchlist, no star, no preferences', async t => {
    const watchlist = await get(visitor, '/wiki/Special:Watchlist')
    t.equal(watchlist.status, 403)
    t.match(watchlist.html, /Please log in to view your watchlist/)
    t.notMatch((await get(visitor, '/wiki/Berlin')).html, /ca-watch/)
    t.equal((await get(visitor, '/wiki/Special:Preferences')).status, 403)
    const token = tokenOf((await get(visitor, '/wiki/Berlin')).html)
    t.equal((await post(visitor, '/wiki/Berlin?action=watch', { wpEditToken: token })).status, 403, 'watching needs an account')
  })

  await saveAccount(wiki.db.pool, wiki.db, 'Alice', await hashPassword('alice-password'), [])
  const alice: Browser = { cookie: '' }
  const loginForm = await get(alice, '/wiki/Special:UserLogin')
  t.equal((await post(alice, '/wiki/Special:UserLogin', { wpName: 'Alice', wpPassword: 'alice-password', wpEditToken: tokenOf(loginForm.html) })).status, 303)
  const aliceId = (await wiki.db.pool.query(`SELECT user_id FROM ${table(wiki.db, 'wiki_user')} WHERE user_name = 'Alice'`)).rows[0].user_id as number

  await t.test('the watch star: a csrf-protected form that watches and unwatches', async t => {
    const page = await get(alice, '/wiki/Berlin')
    t.match(page.html, /<form method="post" action="\/wiki\/Berlin\?action=watch"><input type="hidden" name="wpEditToken" value="[0-9a-f]{64}"><button id="ca-watch"/)
    t.equal((await post(alice, '/wiki/Berlin?action=watch', {})).status, 403, 'no token: refused')
    t.equal((await post(alice, '/wiki/Berlin?action=watch', { wpEditToken: 'f'.repeat(64) })).status, 403, 'a wrong token: refused')
    const { rows: none } = await wiki.db.pool.query(`SELECT * FROM ${table(wiki.db, 'watchlist')}`)
    t.same(none, [], 'nothing watched')
    const watched = await post(alice, '/wiki/Berlin?action=watch', { wpEditToken: tokenOf(page.html) })
    t.equal(watched.status, 303)
    t.equal(watched.location, '/wiki/Berlin')
    t.match((await get(alice, '/wiki/Berlin')).html, /action="\/wiki\/Berlin\?action=unwatch">[^]*?<button id="ca-unwatch"/)
    t.match((await get(alice, '/wiki/Berlin?action=watch')).html, /Add “Berlin” to your watchlist\?/, 'GET shows a confirmation form')
    // A missing page can be watched too (MediaWiki watches red links).
    t.match((await get(alice, '/wiki/Rome')).html, /id="ca-watch"/)
  })

  await t.test('Special:Watchlist: changes of the watched pages; repo changes by wlshowwikibase or the URL', async t => {
    const list = await get(alice, '/wiki/Special:Watchlist')
    t.equal(list.status, 200)
    t.match(list.html, /1 page on your watchlist: <a href="\/wiki\/Berlin">Berlin<\/a>/)
    t.same(localTitles(list.html), ['Berlin'], 'the local edit of Berlin, not Paris')
    t.same(wbTitles(list.html), [], 'wlshowwikibase is off by default')
    const withRepo = await get(alice, '/wiki/Special:Watchlist?hidewikidata=0')
    t.same(wbTitles(withRepo.html), ['Berlin'], 'Berlin\'s repo change of today; not Paris, not the one 10 days old')
    t.match(withRepo.html, /\(Q64\)/)
    t.same(wbTitles((await get(alice, '/wiki/Special:Watchlist?hidewikidata=0&days=30')).html), ['Berlin', 'Berlin'], 'days=30 reaches the older one')
    t.equal((await get(alice, '/wiki/Special:Watchlist?days=abc')).status, 200, 'a bad days is the default')
  })

  await t.test('Special:Preferences: the two toggles, saved by a csrf-protected form', async t => {
    const form = await get(alice, '/wiki/Special:Preferences')
    t.match(form.html, /<input type="checkbox" name="wprcshowwikidata" id="mw-input-wprcshowwikidata" value="1"> Show repowiki edits in recent changes/)
    t.match(form.html, /<input type="checkbox" name="wpwlshowwikibase" id="mw-input-wpwlshowwikibase" value="1"> Show repowiki edits in your watchlist/)
    t.equal((await post(alice, '/wiki/Special:Preferences', { wpwlshowwikibase: '1' })).status, 403, 'no token: refused')
    const saved = await post(alice, '/wiki/Special:Preferences', { wpwlshowwikibase: '1', wpEditToken: tokenOf(form.html) })
    t.equal(saved.status, 303)
    t.equal(saved.location, '/wiki/Special:Preferences?success=1')
    const { rows } = await wiki.db.pool.query(`SELECT up_property, up_value FROM ${table(wiki.db, 'user_properties')} WHERE up_user = $1`, [aliceId])
    t.same(rows, [{ up_property: 'wlshowwikibase', up_value: '1' }], 'only the option that differs from its default is stored')
    const again = await get(alice, '/wiki/Special:Preferences?success=1')
    t.match(again.html, /Your preferences have been saved/)
    t.match(again.html, /name="wpwlshowwikibase" id="mw-input-wpwlshowwikibase" value="1" checked>/)
    t.same(wbTitles((await get(alice, '/wiki/Special:Watchlist')).html), ['Berlin'], 'the watchlist now shows repo changes by default')
    t.same(wbTitles((await get(alice, '/wiki/Special:Watchlist?hidewikidata=1')).html), [], 'and the URL still hides them')
    t.same(wbTitles((await get(alice, '/wiki/Special:RecentChanges')).html), [], 'recent changes keep their own preference')
    await post(alice, '/wiki/Special:Preferences', { wprcshowwikidata: '1', wpEditToken: tokenOf(form.html) })
    t.same(wbTitles((await get(alice, '/wiki/Special:RecentChanges')).html), ['Paris', 'Berlin', 'Berlin'], 'rcshowwikidata on')
    t.same(wbTitles((await get(visitor, '/wiki/Special:RecentChanges')).html), [], 'another visitor still has the default')
    await post(alice, '/wiki/Special:Preferences', { wpEditToken: tokenOf(form.html) })
    const { rows: after } = await wiki.db.pool.query(`SELECT * FROM ${table(wiki.db, 'user_properties')}`)
    t.same(after, [], 'both back to their defaults: no rows')
  })

  await t.test('unwatching empties the watchlist', async t => {
    const page = await get(alice, '/wiki/Berlin')
    t.equal((await post(alice, '/wiki/Berlin?action=unwatch', { wpEditToken: tokenOf(page.html) })).status, 303)
    const list = await get(alice, '/wiki/Special:Watchlist?hidewikidata=0')
    t.match(list.html, /0 pages on your watchlist/)
    t.same([...wbTitles(list.html), ...localTitles(list.html)], [])
  })
})

t.test('showExternalRecentChanges off: repo changes always hidden, no toggle, no preferences', async t => {
  const url = await freshDatabase(t, 'examplewatchlistoff')
  const { app, wiki } = await buildWikiApp({
    siteId: 'repowiki', language: 'en', roles: ['repo', 'client'], database: url, repoId: 'repowiki', farm: () => [], logger: false,
    client: { showExternalRecentChanges: false }
  })
  t.teardown(async () => { await app.close() })
  await insertRecentChange(wiki.db.pool, wiki.db, {
    rc_timestamp: new Date(), rc_namespace: 0, rc_title: 'Berlin', rc_cur_id: 1, rc_this_oldid: 1, rc_last_oldid: 1, rc_user: 0, rc_user_text: 'repowiki>Ann',
    rc_comment: 'x', rc_bot: false, rc_minor: true, rc_source: 'wb', rc_params: { 'wikibase-repo-change': { object_id: 'Q64', type: 'wikibase-item~update' } },
    rc_log_type: null, rc_log_action: '', rc_logid: 0
  } as any)
  const html = (await app.inject({ url: '/wiki/Special:RecentChanges?hidewikidata=0' })).body
  t.notMatch(html, /data-source="wb"/, 'the URL cannot show them')
  t.notMatch(html, /toggle-wb/, 'no toggle')
})
