import t from 'tap'
import { startActionApiApp } from '../../support/action-api-app.js'

/** A wiki that is a client only (enwiki in the farm) serves api.php: MediaWiki core's modules and the client's. */
t.test('a client-only wiki answers api.php with the core modules and WikibaseClient as its extension', async t => {
  const { get, post } = await startActionApiApp(t, 'clientonlyapi', { siteId: 'enwiki', roles: ['client'], repo: { siteId: 'repowiki' }, schema: { data: 'enwiki', queue: 'enwiki_jobs' } })
  const info = await get({ action: 'query', meta: 'siteinfo', siprop: 'general|namespaces|extensions', formatversion: '2' })
  t.same(info.query.extensions.map((e: { name: string }) => e.name), ['WikibaseClient'])
  t.equal(info.query.general.wikiid, 'enwiki')
  t.notOk('wikibase-conceptbaseuri' in info.query.general, 'no concept base URI: the wiki has no entities')
  t.notOk('120' in info.query.namespaces, 'no entity namespaces on a client')
  const anonymous = await get({ action: 'query', meta: 'tokens' })
  t.same(anonymous.query.tokens, { csrftoken: '+\\' })
  const editor = await get({ action: 'query', meta: 'tokens|userinfo' }, 'Editor')
  t.match(editor.query.tokens.csrftoken, /^[0-9a-f]+\+\\$/, "the host's user gets a csrf token of its own")
  t.same(editor.query.userinfo, { id: 7, name: 'Editor' })
  const repoModule = await get({ action: 'wbgetentities', ids: 'Q1' })
  t.equal(repoModule.error.code, 'badvalue', "the repo's modules are not there")
  const logout = await post({ action: 'logout' }, 'Editor')
  t.same(logout, {}, 'a state-changing module checks the host user\'s csrf token')
})
