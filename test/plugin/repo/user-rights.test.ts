import t, { type Test } from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import formbody from '@fastify/formbody'
import wikibase from '../../../plugin/index.js'
import type { HostUser, UserRight, WikiHost } from '../../../hooks/contract.js'
import { importEntity } from '../../../plugin/repo/entities/entity-importer.js'
import { RIGHTS_WITHOUT_HOST_CHECK, rightsForEdit } from '../../../plugin/repo/user-rights.js'
import { contentTypeProblem } from '../../../plugin/repo/rest/rest-request-guard.js'
import type { WikibaseEntity } from '../../../plugin/changes/wikibase-entity.js'
import { freshDatabase, testPool } from '../../support/test-database.js'
import { editor } from '../../support/repo-test-wiki.js'
import { createTestHost, TestHost } from '../../support/test-host.js'
import { wikibaseInternals } from '../../../plugin/facade.js'

/**
 * Deny by default: every write of the REST API and the action API asks the host for a named
 * right and refuses what the host does not confirm; a host without `userCan` gets read + edit
 * only; writes are JSON only; cookie-session writes need the session's csrf token.
 */
const V1 = '/w/rest.php/wikibase/v1'
const sysop: HostUser = { id: 1, name: 'Admin', anonymous: false, bot: false }
const USERS: Record<string, HostUser> = { editor, sysop }
const label = (value: string): WikibaseEntity['labels'] => ({ en: { language: 'en', value } })

t.test('rightsForEdit: the rights each write needs (MediaWiki + Wikibase)', async t => {
  const item = (labels: Record<string, string>, sitelinks: Record<string, string> = {}): WikibaseEntity => ({
    type: 'item',
    labels: Object.fromEntries(Object.entries(labels).map(([l, v]) => [l, { language: l, value: v }])),
    sitelinks: Object.fromEntries(Object.entries(sitelinks).map(([s, title]) => [s, { site: s, title, badges: [] }]))
  })
  const property = (en: string): WikibaseEntity => ({ type: 'property', datatype: 'string', labels: en === '' ? [] : label(en) })
  const cases: Array<[string, Parameters<typeof rightsForEdit>, UserRight[]]> = [
    ['create an item without terms', ['create', 'item', null, item({})], ['edit', 'createpage']],
    ['create an item with a label', ['create', 'item', null, item({ en: 'x' })], ['edit', 'createpage', 'item-term']],
    ['create a property', ['create', 'property', null, property('p')], ['edit', 'createpage', 'property-create', 'property-term']],
    ['change an item label', ['edit', 'item', item({ en: 'a' }), item({ en: 'b' })], ['edit', 'item-term']],
    ['change a property label', ['edit', 'property', property('a'), property('b')], ['edit', 'property-term']],
    ['remove the last label ([] equals {})', ['edit', 'property', property('a'), property('')], ['edit', 'property-term']],
    ['sitelink only: edit (Wikibase has no sitelink right)', ['edit', 'item', item({ en: 'a' }), item({ en: 'a' }, { enwiki: 'A' })], ['edit']],
    ['terms unchanged, [] vs {}', ['edit', 'item', { type: 'item', labels: [] }, { type: 'item', labels: {} }], ['edit']],
    ['delete', ['delete', 'item', null, null], ['delete']],
    ['undelete', ['restore', 'property', null, null], ['undelete']]
  ]
  for (const [name, args, expected] of cases) t.same(rightsForEdit(...args), expected, name)
  t.same([...RIGHTS_WITHOUT_HOST_CHECK].sort(), ['edit', 'item-term', 'property-term', 'read'], 'a host without userCan: read and edit')
})

t.test('contentTypeProblem: writes are JSON (PATCH also json-patch) or bodiless', async t => {
  const cases: Array<[string, string | undefined, boolean, boolean]> = [
    ['POST', 'application/json', true, true],
    ['POST', 'Application/JSON; charset=utf-8', true, true],
    ['PATCH', 'application/json-patch+json', true, true],
    ['PUT', 'application/json-patch+json', true, false],
    ['POST', 'application/x-www-form-urlencoded', false, false],
    ['POST', 'application/x-www-form-urlencoded', true, false],
    ['POST', 'multipart/form-data; boundary=x', true, false],
    ['POST', 'text/plain', true, false],
    ['DELETE', 'text/plain', false, false],
    ['DELETE', undefined, false, true],
    ['POST', undefined, false, true],
    ['POST', undefined, true, false],
    ['POST', '', true, false],
    ['GET', 'text/plain', true, true],
    ['HEAD', 'application/x-www-form-urlencoded', false, true]
  ]
  for (const [method, type, body, ok] of cases) t.equal(contentTypeProblem(method, type, body) === null, ok, `${method} ${String(type)} body=${String(body)}`)
})

async function startRepo (t: Test, dbLabel: string, host: WikiHost): Promise<FastifyInstance> {
  const url = await freshDatabase(t, dbLabel)
  const app = Fastify({ logger: false })
  // As the example wiki does: the host parses HTML form bodies, so only the plugin's own rule
  // keeps a form from writing.
  await app.register(formbody)
  app.addHook('onRequest', async request => {
    const name = request.headers['x-test-user']
    if (typeof name === 'string') request.wikiUser = USERS[name]
    const session = request.headers['x-test-session']
    if (typeof session === 'string') request.wikiSessionId = session
  })
  if (host instanceof TestHost) host.useDatabase(testPool(t, url))
  await app.register(wikibase, { siteId: 'repo', roles: ['repo'], database: url, worker: { enabled: false }, host })
  await app.ready()
  t.teardown(async () => { await app.close() })
  await importEntity(wikibaseInternals(app).self, { type: 'item', id: 'Q64', labels: label('Berlin') }, { checkSites: false })
  return app
}

/** A host like a default MediaWiki: everyone reads, edits and creates; only sysops delete and undelete. */
function sysopHost (): TestHost {
  const host = createTestHost()
  host.services.userCan = async (user, right) => right === 'delete' || right === 'undelete' || right === 'protect' ? user.name === 'Admin' : right !== 'bot'
  return host
}

const form = { 'content-type': 'application/x-www-form-urlencoded' }
const apiPost = async (app: FastifyInstance, params: Record<string, string>, headers: Record<string, string> = {}): Promise<any> =>
  (await app.inject({ method: 'POST', url: '/w/api.php', headers: { ...form, ...headers }, payload: new URLSearchParams({ format: 'json', ...params }).toString() })).json()

t.test('anonymous DELETE and undelete are refused (REST and action API); a sysop may', async t => {
  const host = sysopHost()
  const app = await startRepo(t, 'rightsdelete', host)
  const deleted = await app.inject({ method: 'DELETE', url: `${V1}/entities/items/Q64` })
  t.equal(deleted.statusCode, 403)
  t.match(deleted.json(), { code: 'permission-denied', context: { denial_reason: 'anonymous', denial_context: { right: 'delete' } } })
  const asEditor = await app.inject({ method: 'DELETE', url: `${V1}/entities/items/Q64`, headers: { 'x-test-user': 'editor' } })
  t.equal(asEditor.statusCode, 403, 'a plain user may not delete either')
  t.match(asEditor.json(), { context: { denial_reason: 'not-permitted', denial_context: { right: 'delete' } } })
  t.match(await apiPost(app, { action: 'delete', title: 'Item:Q64', token: '+\\' }), { error: { code: 'permissiondenied', right: 'delete' } })
  t.equal((await app.inject(`${V1}/entities/items/Q64`)).statusCode, 200, 'Q64 is still there')
  t.equal(host.edits.length, 0, 'nothing was recorded')

  const bySysop = await app.inject({ method: 'DELETE', url: `${V1}/entities/items/Q64`, headers: { 'x-test-user': 'sysop' } })
  t.equal(bySysop.statusCode, 200)
  const undelete = await app.inject({ method: 'POST', url: `${V1}/entities/items/Q64/undelete` })
  t.equal(undelete.statusCode, 403)
  t.match(undelete.json(), { code: 'permission-denied', context: { denial_context: { right: 'undelete' } } })
  t.match(await apiPost(app, { action: 'undelete', title: 'Q64', token: '+\\' }), { error: { code: 'permissiondenied', right: 'undelete' } })
  t.equal((await app.inject(`${V1}/entities/items/Q64`)).statusCode, 404, 'Q64 stays deleted')
  const restored = await app.inject({ method: 'POST', url: `${V1}/entities/items/Q64/undelete`, headers: { 'x-test-user': 'sysop' } })
  t.equal(restored.statusCode, 200)
  t.same(host.edits.map(e => [e.kind, e.user.name]), [['delete', 'Admin'], ['restore', 'Admin']])
})

t.test('a host without userCan: read and edit; create, delete, undelete and bot flags refused', async t => {
  const host = createTestHost()
  delete host.services.userCan
  const app = await startRepo(t, 'rightsnone', host)
  const edit = await app.inject({ method: 'PUT', url: `${V1}/entities/items/Q64/labels/de`, payload: { label: 'Berlin (Stadt)' } })
  t.equal(edit.statusCode, 201, 'an anonymous label edit is allowed (a new label: 201)')
  const statementless = await app.inject({ method: 'PATCH', url: `${V1}/entities/items/Q64`, headers: { 'x-test-user': 'editor', 'content-type': 'application/json-patch+json' }, payload: JSON.stringify({ patch: [{ op: 'add', path: '/aliases/en', value: ['Berlin, Germany'] }], bot: true }) })
  t.equal(statementless.statusCode, 200, 'a PATCH sent as application/json-patch+json')
  const { rows } = await wikibaseInternals(app).self.pool.query<{ rev_bot: boolean }>('SELECT rev_bot FROM wb_entity_revisions ORDER BY rev_id DESC LIMIT 1')
  t.same(rows[0], { rev_bot: false }, 'the bot flag is ignored without the bot right')
  const cases: Array<[string, string, object | undefined, UserRight]> = [
    ['POST', `${V1}/entities/items`, { item: { labels: { en: 'new' } } }, 'createpage'],
    ['POST', `${V1}/entities/properties`, { property: { data_type: 'string', labels: { en: 'p' } } }, 'createpage'],
    ['DELETE', `${V1}/entities/items/Q64`, undefined, 'delete']
  ]
  for (const [method, url, payload, right] of cases) {
    for (const user of [undefined, 'editor']) {
      const response = await app.inject({ method: method as 'POST', url, headers: user === undefined ? {} : { 'x-test-user': user }, ...(payload === undefined ? {} : { payload }) })
      t.equal(response.statusCode, 403, `${method} ${url} as ${user ?? 'anonymous'}`)
      t.match(response.json(), { code: 'permission-denied', context: { denial_context: { right } } })
    }
  }
  t.match(await apiPost(app, { action: 'wbeditentity', new: 'item', data: '{}', token: '+\\' }), { error: { code: 'permissiondenied', right: 'createpage' } })
  t.equal((await app.inject(`${V1}/entities/items`)).json().ids.length, 1, 'no entity was created')
})

t.test('a host whose rights check fails refuses (and the read right gates reads)', async t => {
  const host = createTestHost()
  host.services.userCan = async (_user, right) => { if (right === 'read') return false; throw new Error('rights backend down') }
  const app = await startRepo(t, 'rightsfail', host)
  const read = await app.inject(`${V1}/entities/items/Q64`)
  t.equal(read.statusCode, 403)
  t.match(read.json(), { code: 'permission-denied', context: { denial_context: { right: 'read' } } })
  t.match(await apiPost(app, { action: 'wbgetentities', ids: 'Q64' }), { error: { code: 'readapidenied' } })
  t.equal((await app.inject('/wiki/Special:EntityData/Q64.json')).statusCode, 403)
  const edit = await app.inject({ method: 'PUT', url: `${V1}/entities/items/Q64/labels/de`, headers: { 'x-test-user': 'editor' }, payload: { label: 'x' } })
  t.equal(edit.statusCode, 403, 'a throwing userCan is a refusal, not a 500')
})

t.test('REST writes: JSON only (415), and a cookie session needs its csrf token', async t => {
  const host = createTestHost()
  const app = await startRepo(t, 'restcsrf', host)
  const before = host.edits.length
  const refused: Array<[string, string, string, string]> = [
    ['POST', `${V1}/entities/items/Q64/undelete`, 'application/x-www-form-urlencoded', ''],
    ['DELETE', `${V1}/entities/items/Q64`, 'application/x-www-form-urlencoded', 'comment=x'],
    ['PUT', `${V1}/entities/items/Q64/labels/de`, 'text/plain', '{"label":"x"}'],
    ['POST', `${V1}/entities/items`, 'multipart/form-data; boundary=b', '--b--'],
    ['PATCH', `${V1}/entities/items/Q64`, 'application/merge-patch+json', '{}']
  ]
  for (const [method, url, type, payload] of refused) {
    const response = await app.inject({ method: method as 'POST', url, headers: { 'content-type': type, 'x-test-user': 'editor' }, payload })
    t.equal(response.statusCode, 415, `${method} ${url} as ${type}`)
    t.equal(response.json().code, 'unsupported-content-type')
  }
  t.equal(host.edits.length, before, 'nothing was written')

  const session = { 'x-test-user': 'editor', 'x-test-session': 'host-session-1' }
  const missing = await app.inject({ method: 'PUT', url: `${V1}/entities/items/Q64/labels/de`, headers: session, payload: { label: 'Berlin' } })
  t.equal(missing.statusCode, 403)
  t.equal(missing.json().code, 'rest-badtoken-missing')
  const tokens = await app.inject({ method: 'GET', url: '/w/api.php?action=query&meta=tokens&format=json', headers: session })
  const token = tokens.json().query.tokens.csrftoken as string
  t.match(token, /^[0-9a-f]{40}\+\\$/)
  const other = await app.inject({ method: 'GET', url: '/w/api.php?action=query&meta=tokens&format=json', headers: { ...session, 'x-test-session': 'host-session-2' } })
  const wrong = await app.inject({ method: 'PUT', url: `${V1}/entities/items/Q64/labels/de`, headers: session, payload: { label: 'Berlin', token: other.json().query.tokens.csrftoken } })
  t.equal(wrong.statusCode, 403, 'the token of another session')
  t.equal(wrong.json().code, 'rest-badtoken')
  const bodiless = await app.inject({ method: 'DELETE', url: `${V1}/entities/items/Q64/labels/de`, headers: session })
  t.equal(bodiless.json().code, 'rest-badtoken-missing', 'a bodiless write with a session needs the token too')
  const ok = await app.inject({ method: 'PUT', url: `${V1}/entities/items/Q64/labels/de`, headers: session, payload: { label: 'Berlin', token } })
  t.equal(ok.statusCode, 201, 'with the session\'s token (a new label: 201)')
  const noSession = await app.inject({ method: 'PUT', url: `${V1}/entities/items/Q64/labels/fr`, headers: { 'x-test-user': 'editor' }, payload: { label: 'Berlin' } })
  t.equal(noSession.statusCode, 201, 'a host credential that is no cookie session needs no token')
  const anonymous = await app.inject({ method: 'PUT', url: `${V1}/entities/items/Q64/labels/it`, payload: { label: 'Berlino' } })
  t.equal(anonymous.statusCode, 201, 'an anonymous request without a session needs no token')
})
