import t, { type Test } from 'tap'
import { createHash } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import wikibase from '../../../../plugin/index.js'
import { registerActionApiRoutes } from '../../../../plugin/action-api/action-api-routes.js'
import { wireRepo } from '../../../../plugin/repo/wire.js'
import { freshDatabase, testPool } from '../../../support/test-database.js'
import { createTestHost, type TestHost } from '../../../support/test-host.js'
import { api, PREFIX, USERS } from './api-test-repo.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

/**
 * `action=parse` (ApiParse) and `action=edit` (ApiEditPage) of the host's pages, through the
 * host's `parsePage` / `editPage` services: whole answers in formatversion 1 and 2, and each
 * error code. Without the services both actions are unknown (`badvalue`, as any unknown action).
 */
async function start (t: Test, label: string, pageModules = true): Promise<{ app: FastifyInstance, host: TestHost }> {
  const url = await freshDatabase(t, label)
  const host = createTestHost({ pageModules, pool: testPool(t, url) })
  const app = Fastify({ logger: false })
  await app.register(wikibase, { siteId: 'repo', roles: ['repo'], database: url, schema: { data: 'repo', queue: 'repo_jobs' }, worker: { enabled: false }, host })
  await app.after()
  host.attach(app)
  app.addHook('onRequest', async request => {
    const name = request.headers['x-test-user']
    if (typeof name === 'string') request.wikiUser = USERS[name]
  })
  const wired = await wireRepo(wikibaseInternals(app))
  registerActionApiRoutes(app, { ...wired.actionApi, routePrefix: PREFIX })
  await app.ready()
  t.teardown(async () => { await app.close() })
  return { app, host }
}

const get = async (app: FastifyInstance, params: Record<string, string>): Promise<any> =>
  (await app.inject({ url: `${PREFIX}/w/api.php?${new URLSearchParams({ format: 'json', ...params }).toString()}`, headers: { 'x-test-user': 'editor' } })).json()

const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/

t.test('host page modules', async t => {
  const { app, host } = await start(t, 'host_page_modules')
  await host.save('Main Page', 'Hello [[Berlin]] and [[Nowhere]] {{Infobox}}')
  await host.save('Berlin', 'City')
  const main = (await host.tables.findPage(host.tables.pool, { namespace: 0, title: 'Main_Page' }))!
  const berlin = (await host.tables.findPage(host.tables.pool, { namespace: 0, title: 'Berlin' }))!

  t.test('action=parse of a page, formatversion 1 and 2', async t => {
    const html = '<div class="mw-parser-output"><p>Hello [[Berlin]] and [[Nowhere]] {{Infobox}}</p></div>'
    t.same(await get(app, { action: 'parse', page: 'Main Page' }), {
      parse: {
        title: 'Main Page', pageid: main.page_id, revid: main.page_latest, text: { '*': html }, langlinks: [], categories: [],
        links: [{ ns: 0, exists: '', '*': 'Berlin' }, { ns: 0, '*': 'Nowhere' }], templates: [{ ns: 10, '*': 'Template:Infobox' }],
        sections: [], parsewarnings: [], displaytitle: 'Main Page', properties: []
      }
    })
    t.same(await get(app, { action: 'parse', pageid: String(main.page_id), formatversion: '2', prop: 'text|links|templates|properties|wikitext' }), {
      parse: {
        title: 'Main Page', pageid: main.page_id, text: html,
        links: [{ ns: 0, title: 'Berlin', exists: true }, { ns: 0, title: 'Nowhere', exists: false }],
        templates: [{ ns: 10, title: 'Template:Infobox', exists: false }], properties: {}, wikitext: 'Hello [[Berlin]] and [[Nowhere]] {{Infobox}}'
      }
    })
  })

  t.test('action=parse of given text and of a summary (Wikibase e2e: autocomments)', async t => {
    t.same(await get(app, { action: 'parse', title: 'Sandbox', text: 'a < b', prop: 'text|revid|wikitext' }), {
      parse: { title: 'Sandbox', pageid: 0, revid: 0, text: { '*': '<div class="mw-parser-output"><p>a &lt; b</p></div>' }, wikitext: { '*': 'a < b' } }
    })
    const summary = '<span dir="auto"><span class="autocomment">wbsetlabel-add:1|en: </span></span> x'
    t.same(await get(app, { action: 'parse', title: 'Item:Q1', summary: '/* wbsetlabel-add:1|en */ x' }),
      { parse: { title: 'Item:Q1', pageid: 0, parsedsummary: { '*': summary } } })
    t.same(await get(app, { action: 'parse', summary: '/* wbsetlabel-add:1|en */ x', formatversion: '2' }),
      { parse: { title: 'API', pageid: 0, parsedsummary: summary } })
    t.same(await get(app, { action: 'parse', summary: '<b>', text: 'x', prop: 'revid', formatversion: '2' }),
      { parse: { title: 'API', pageid: 0, revid: 0, parsedsummary: '&lt;b&gt;' } })
  })

  t.test('action=parse refusals', async t => {
    const cases: Array<[string, Record<string, string>, string]> = [
      ['missing page', { page: 'Nowhere' }, 'missingtitle'],
      ['missing page id', { pageid: '999999' }, 'nosuchpageid'],
      ['bad title', { page: 'a[b' }, 'invalidtitle'],
      ['page and pageid', { page: 'Main Page', pageid: String(main.page_id) }, 'invalidparammix'],
      ['page and text', { page: 'Main Page', text: 'x' }, 'invalidparammix'],
      ['nothing to parse', { title: 'Main Page' }, 'missingparam'],
      ['bad prop', { page: 'Main Page', prop: 'images' }, 'unknown']
    ]
    for (const [name, params, code] of cases) {
      const body = await get(app, { action: 'parse', ...params })
      if (code === 'unknown') t.same(body.warnings?.parse, { '*': 'Unrecognized value for parameter "prop": images' }, name)
      else t.equal(body.error?.code, code, `${name}: ${code}`)
    }
  })

  t.test('action=edit: create, change, append, nochange, formatversion 1 and 2', async t => {
    const created = await api(app, 'editor', { action: 'edit', title: 'New page', text: 'one', summary: 'first' })
    t.match(created.edit, { new: '', result: 'Success', title: 'New page', contentmodel: 'wikitext', oldrevid: 0, newrevid: 1, newtimestamp: TIME })
    t.same(Object.keys(created.edit), ['new', 'result', 'pageid', 'title', 'contentmodel', 'oldrevid', 'newrevid', 'newtimestamp'])
    const appended = await api(app, 'editor', { action: 'edit', title: 'New page', appendtext: ' three', prependtext: 'zero ', formatversion: '2' })
    t.same(appended, {
      edit: { result: 'Success', pageid: created.edit.pageid, title: 'New page', contentmodel: 'wikitext', oldrevid: 1, newrevid: 2, newtimestamp: appended.edit.newtimestamp }
    })
    t.equal((await get(app, { action: 'parse', page: 'New page', prop: 'wikitext', formatversion: '2' })).parse.wikitext, 'zero one three')
    t.same(await api(app, 'editor', { action: 'edit', title: 'New page', text: 'zero one three' }),
      { edit: { result: 'Success', pageid: created.edit.pageid, title: 'New page', contentmodel: 'wikitext', nochange: '' } })
    t.same((await api(app, 'editor', { action: 'edit', pageid: String(created.edit.pageid), text: 'zero one three', formatversion: '2' })).edit.nochange, true)
    const md5 = createHash('md5').update('four').digest('hex')
    t.equal((await api(app, 'editor', { action: 'edit', title: 'New page', text: 'four', md5, baserevid: '2' })).edit.newrevid, 3)
    t.equal((await get(app, { action: 'parse', page: 'New page', prop: 'text', formatversion: '2' })).parse.text, '<div class="mw-parser-output"><p>four</p></div>')
  })

  t.test('action=edit refusals: ApiEditPage\'s error codes, nothing saved', async t => {
    host.denied.add('Newbie:createpage')
    t.teardown(() => { host.denied.delete('Newbie:createpage') })
    const cases: Array<[string, string, Record<string, string>, string]> = [
      ['neither title nor pageid', 'editor', { text: 'x' }, 'missingparam'],
      ['title and pageid', 'editor', { title: 'Berlin', pageid: String(berlin.page_id), text: 'x' }, 'invalidparammix'],
      ['no text', 'editor', { title: 'Berlin' }, 'missingparam'],
      ['wrong md5', 'editor', { title: 'Berlin', text: 'x', md5: createHash('md5').update('y').digest('hex') }, 'badmd5'],
      ['md5 of text when appending', 'editor', { title: 'Berlin', appendtext: 'x', text: 'y', md5: createHash('md5').update('y').digest('hex') }, 'badmd5'],
      ['createonly on an existing page', 'editor', { title: 'Berlin', text: 'x', createonly: '1' }, 'articleexists'],
      ['nocreate on a missing page', 'editor', { title: 'Absent', text: 'x', nocreate: '1' }, 'missingtitle'],
      ['unknown page id', 'editor', { pageid: '999999', text: 'x' }, 'nosuchpageid'],
      ['old baserevid', 'editor', { title: 'Berlin', text: 'x', baserevid: '0' }, 'editconflict'],
      ['bad basetimestamp', 'editor', { title: 'Berlin', text: 'x', basetimestamp: 'yesterday' }, 'badtimestamp'],
      ['bad title', 'editor', { title: 'a{b', text: 'x' }, 'invalidtitle'],
      ['no createpage right', 'newbie', { title: 'Absent', text: 'x' }, 'permissiondenied']
    ]
    for (const [name, user, params, code] of cases) {
      const body = await api(app, user, { action: 'edit', ...params })
      t.equal(body.error?.code, code, `${name}: ${code}`)
    }
    const noToken = await app.inject({ method: 'POST', url: `${PREFIX}/w/api.php`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'action=edit&title=Berlin&text=x&format=json' })
    t.equal(noToken.json().error.code, 'missingparam')
    const badToken = await app.inject({
      method: 'POST', url: `${PREFIX}/w/api.php`, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-test-user': 'editor' },
      payload: 'action=edit&title=Berlin&text=x&format=json&token=abc%2B%5C'
    })
    t.same(badToken.json().error.code, 'badtoken')
    t.equal((await get(app, { action: 'edit', title: 'Berlin', text: 'x' })).error.code, 'mustbeposted')
    host.blocked.add('Editor')
    t.equal((await api(app, 'editor', { action: 'edit', title: 'Berlin', text: 'x' })).error.code, 'permissiondenied')
    host.blocked.delete('Editor')
    t.equal((await get(app, { action: 'parse', page: 'Berlin', prop: 'wikitext', formatversion: '2' })).parse.wikitext, 'City')
    t.equal(await host.tables.findPage(host.tables.pool, { namespace: 0, title: 'Absent' }), null)
  })

  t.test('basetimestamp before the latest save: editconflict', async t => {
    const first = await api(app, 'editor', { action: 'edit', title: 'Timed', text: 'a' })
    const before = new Date(Date.parse(first.edit.newtimestamp) - 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
    t.equal((await api(app, 'editor', { action: 'edit', title: 'Timed', text: 'b', basetimestamp: before })).error.code, 'editconflict')
    t.equal((await api(app, 'editor', { action: 'edit', title: 'Timed', text: 'b', basetimestamp: first.edit.newtimestamp })).edit.newrevid, 2)
  })
})

t.test('a host without parsePage / editPage: parse and edit are unknown actions', async t => {
  const { app } = await start(t, 'host_page_modules_absent', false)
  for (const action of ['parse', 'edit']) {
    const body = await get(app, { action, page: 'Main Page' })
    t.equal(body.error.code, 'badvalue', action)
    t.match(body.error.info, `Unrecognized value for parameter "action": ${action}`)
  }
})
