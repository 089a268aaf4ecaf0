import t, { type Test } from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import wikibase from '../../../../plugin/index.js'
import type { HostUser } from '../../../../hooks/contract.js'
import { freshDatabase, testPool } from '../../../support/test-database.js'
import { editor } from '../../../support/repo-test-wiki.js'
import { createTestHost, type TestHost } from '../../../support/test-host.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

/**
 * The action API's sessions are stored server-side: logout ends them (the old cookie and its
 * tokens stop working), rights (`bot` too) are asked of the host on every request, and the
 * cookie key (`sessionSecret`, or the secret kept in the database) is the same across
 * restarts and processes. Tokens and passwords are read from the POST body only.
 */
const botUser: HostUser = { id: 9, name: 'Bot', anonymous: false, bot: true }
const SECRET = 'a-session-secret-of-at-least-32-characters'

async function startApp (t: Test, url: string, host: TestHost, sessionSecret?: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false })
  host.useDatabase(testPool(t, url))
  await app.register(wikibase, { siteId: 'repo', roles: ['repo'], database: url, worker: { enabled: false }, host, ...(sessionSecret === undefined ? {} : { sessionSecret }) })
  await app.ready()
  t.teardown(async () => { await app.close() })
  return app
}

function authenticatingHost (): TestHost {
  const host = createTestHost()
  host.anonymousCanEdit = false
  host.services.authenticate = async (name, password) =>
    password !== 'bot-password' ? null : name === 'Editor@tests' ? editor : name === 'Bot@tests' ? botUser : null
  return host
}

interface Reply { body: any, cookie: string | undefined }

async function api (app: FastifyInstance, params: Record<string, string>, cookie?: string, query = ''): Promise<Reply> {
  const response = await app.inject({
    method: 'POST',
    url: `/w/api.php${query}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie === undefined ? {} : { cookie }) },
    payload: new URLSearchParams({ format: 'json', ...params }).toString()
  })
  const set = response.headers['set-cookie']
  const first = Array.isArray(set) ? set[0] : set
  return { body: response.json(), cookie: first?.split(';')[0] }
}

/** Logs in with the two-step flow bots use; returns the session cookie and its csrf token. */
async function login (app: FastifyInstance, name: string): Promise<{ cookie: string, token: string }> {
  const first = await api(app, { action: 'query', meta: 'tokens', type: 'login' })
  const done = await api(app, { action: 'login', lgname: name, lgpassword: 'bot-password', lgtoken: first.body.query.tokens.logintoken }, first.cookie)
  t.equal(done.body.login.result, 'Success', `login as ${name}`)
  const cookie = done.cookie!
  const tokens = await api(app, { action: 'query', meta: 'tokens' }, cookie)
  return { cookie, token: tokens.body.query.tokens.csrftoken }
}

t.test('logout ends the session: the old cookie and its token are refused', async t => {
  const url = await freshDatabase(t, 'apisession')
  const host = authenticatingHost()
  const app = await startApp(t, url, host)
  await app.inject({ method: 'POST', url: '/w/rest.php/wikibase/v1/entities/items', headers: { 'content-type': 'application/json' }, payload: '{"item":{}}' })
    .then(r => t.equal(r.statusCode, 403, 'anonymous may not create here'))
  const { cookie, token } = await login(app, 'Editor@tests')
  t.match(cookie, /^repo_session=[0-9a-f]{32}\.[0-9a-f]{64}$/, 'the cookie holds only the signed session id')
  const created = await api(app, { action: 'wbeditentity', new: 'item', data: '{"labels":{"en":{"language":"en","value":"Berlin"}}}', token }, cookie)
  t.equal(created.body.entity?.id, 'Q1', 'an edit with the session')
  const stored = await wikibaseInternals(app).self.pool.query('SELECT session_user_name FROM wb_api_session WHERE session_user_id IS NOT NULL')
  t.same(stored.rows, [{ session_user_name: 'Editor' }], 'the session is a row')

  const logout = await api(app, { action: 'logout', token }, cookie)
  t.same(logout.body, {})
  t.same((await wikibaseInternals(app).self.pool.query('SELECT 1 FROM wb_api_session WHERE session_user_id IS NOT NULL')).rows, [], 'the row is gone')
  const replay = await api(app, { action: 'wbsetlabel', id: 'Q1', language: 'de', value: 'Berlin', token }, cookie)
  t.equal(replay.body.error?.code, 'badtoken', 'the old cookie + token no longer edit')
  const asserted = await api(app, { action: 'wbsetlabel', id: 'Q1', language: 'de', value: 'Berlin', token, assert: 'user' }, cookie)
  t.equal(asserted.body.error?.code, 'assertuserfailed', 'the old cookie is anonymous now')
  const anonymousToken = await api(app, { action: 'wbsetlabel', id: 'Q1', language: 'de', value: 'Berlin', token: '+\\' }, cookie)
  t.equal(anonymousToken.body.error?.code, 'permissiondenied', 'and as anonymous it may not edit here')
  const rest = await app.inject({ method: 'PUT', url: '/w/rest.php/wikibase/v1/entities/items/Q1/labels/de', headers: { cookie }, payload: { label: 'Berlin', token } })
  t.equal(rest.statusCode, 403, 'nor through REST')
  t.equal(host.edits.length, 1, 'only the edit made while logged in')
})

t.test('the REST API knows the action-API session: a write with its cookie needs its token', async t => {
  const url = await freshDatabase(t, 'apisessionrest')
  const app = await startApp(t, url, authenticatingHost())
  const { cookie, token } = await login(app, 'Editor@tests')
  const create = (body: object): Promise<{ statusCode: number, json: () => any }> =>
    app.inject({ method: 'POST', url: '/w/rest.php/wikibase/v1/entities/items', headers: { cookie }, payload: body })
  const without = await create({ item: { labels: { en: 'Paris' } } })
  t.equal(without.statusCode, 403)
  t.equal(without.json().code, 'rest-badtoken-missing')
  const wrong = await create({ item: { labels: { en: 'Paris' } }, token: '+\\' })
  t.equal(wrong.json().code, 'rest-badtoken')
  const ok = await create({ item: { labels: { en: 'Paris' } }, token })
  t.equal(ok.statusCode, 201, 'with the token, as the session\'s user')
})

t.test('rights are asked of the host on each request: a bot right removed takes effect at once', async t => {
  const url = await freshDatabase(t, 'apisessionbot')
  const host = authenticatingHost()
  const app = await startApp(t, url, host)
  const { cookie, token } = await login(app, 'Bot@tests')
  const userinfo = async (): Promise<any> => (await api(app, { action: 'query', meta: 'userinfo' }, cookie)).body.query.userinfo
  t.same(await userinfo(), { id: 9, name: 'Bot', groups: ['bot', 'user'] })
  t.same((await api(app, { action: 'query', meta: 'tokens', assert: 'bot' }, cookie)).body.error, undefined, 'assert=bot passes')
  await api(app, { action: 'wbeditentity', new: 'item', data: '{}', bot: '1', token }, cookie)
  const flags = async (): Promise<boolean[]> => (await wikibaseInternals(app).self.pool.query<{ rev_bot: boolean }>('SELECT rev_bot FROM wb_entity_revisions ORDER BY rev_id')).rows.map(r => r.rev_bot)
  t.same(await flags(), [true], 'a bot edit')

  host.denied.add('Bot:bot')
  t.same(await userinfo(), { id: 9, name: 'Bot' }, 'no bot group on the next request')
  t.equal((await api(app, { action: 'query', meta: 'tokens', assert: 'bot' }, cookie)).body.error?.code, 'assertbotfailed')
  await api(app, { action: 'wbsetlabel', id: 'Q1', language: 'en', value: 'x', bot: '1', token }, cookie)
  t.same(await flags(), [true, false], 'the bot flag is ignored from now on')
  host.denied.add('Bot:edit')
  t.equal((await api(app, { action: 'wbsetlabel', id: 'Q1', language: 'en', value: 'y', token }, cookie)).body.error?.code, 'permissiondenied', 'a removed edit right too')
})

t.test('sessions survive a restart and are shared by processes with the same secret', async t => {
  const url = await freshDatabase(t, 'apisessionsecret')
  const first = await startApp(t, url, authenticatingHost(), SECRET)
  const { cookie, token } = await login(first, 'Editor@tests')
  await first.close()
  const restarted = await startApp(t, url, authenticatingHost(), SECRET)
  const other = await startApp(t, url, authenticatingHost(), SECRET)
  for (const [name, app] of [['restarted', restarted], ['second process', other]] as const) {
    const info = await api(app, { action: 'query', meta: 'userinfo', assert: 'user' }, cookie)
    t.equal(info.body.query?.userinfo?.name, 'Editor', `${name}: the session is known`)
  }
  const created = await api(other, { action: 'wbeditentity', new: 'item', data: '{}', token }, cookie)
  t.equal(created.body.entity?.id, 'Q1', 'a token from the first process works in another')
  const otherSecret = await startApp(t, url, authenticatingHost(), `${SECRET}-rotated`)
  t.equal((await api(otherSecret, { action: 'query', meta: 'userinfo', assert: 'user' }, cookie)).body.error?.code, 'assertuserfailed', 'another secret does not accept the cookie')

  const url2 = await freshDatabase(t, 'apisessionsecret2')
  const a = await startApp(t, url2, authenticatingHost())
  const b = await startApp(t, url2, authenticatingHost())
  const session = await login(a, 'Editor@tests')
  t.equal((await api(b, { action: 'query', meta: 'userinfo', assert: 'user' }, session.cookie)).body.query?.userinfo?.name, 'Editor',
    'without sessionSecret the generated secret kept in the database is shared')
})

t.test('tokens and passwords only from the POST body (mustpostparams)', async t => {
  const url = await freshDatabase(t, 'apisessionquery')
  const app = await startApp(t, url, authenticatingHost())
  const { cookie, token } = await login(app, 'Editor@tests')
  const cases: Array<[string, Record<string, string>, string]> = [
    ['csrf token in the query string', { action: 'wbeditentity', new: 'item', data: '{}' }, `?token=${encodeURIComponent(token)}`],
    ['token in both', { action: 'wbeditentity', new: 'item', data: '{}', token }, `?token=${encodeURIComponent(token)}`],
    ['logout token in the query string', { action: 'logout' }, `?token=${encodeURIComponent(token)}`],
    ['password in the query string', { action: 'login', lgname: 'Editor@tests' }, '?lgpassword=bot-password&lgtoken=x']
  ]
  for (const [name, params, query] of cases) {
    const reply = await api(app, params, cookie, query)
    t.equal(reply.body.error?.code, 'mustpostparams', name)
  }
  t.equal((await wikibaseInternals(app).self.pool.query('SELECT count(*)::int AS n FROM wb_entity_revisions')).rows[0].n, 0, 'nothing was written')
  t.equal((await api(app, { action: 'query', meta: 'userinfo', assert: 'user' }, cookie)).body.query?.userinfo?.name, 'Editor', 'and the session is still there')
})
