import t from 'tap'
import Fastify from 'fastify'
import type { AddressInfo } from 'node:net'
import { randomUUID } from 'node:crypto'
import { startWiki } from '../../support/farm.js'
import { freshDatabase, queuedJobs } from '../../support/test-database.js'
import { wikibaseInternals } from '../../../plugin/facade.js'
import { pushKey } from '../../../plugin/remote/credentials.js'
import { PUSH_HEADERS, signPush } from '../../../plugin/remote/push-signature.js'
import { registerChangePushRoute } from '../../../plugin/client/remote/change-push-route.js'
import { parsePushBody } from '../../../plugin/client/remote/change-push-body.js'
import { installRequestInputGuard } from '../../../plugin/http/request-input-guard.js'

/**
 * The push receiver of a client in remote mode (POST /wikibase/v1/push) over real HTTP on a
 * client wiki's database: what it accepts goes into the inbox once with its drain job; what
 * it refuses (401, 409, 400, 413) leaves nothing behind.
 */
const TOKEN = 'wbc_push-route-test-token-abcdefghijklmnopqrstuvwxyz'
const KEY = pushKey(TOKEN)
const change = (id: number, entity = 'Q1'): Record<string, unknown> => ({
  id, type: 'wikibase-item~update', time: '20260101000000', object_id: entity, revision_id: id, user_id: 0,
  info: JSON.stringify({ compactDiff: '{"arrayFormatVersion":1,"labelChanges":["en"]}', metadata: { comment: 'Zoë' } })
})
const batch = (...ids: number[]): string => JSON.stringify({ repo: 'repo', client: 'remotewiki', changes: ids.map(id => change(id)) })

t.test('the push receiver', async t => {
  const url = await freshDatabase(t, 'pushroute')
  const wiki = await startWiki(t, {
    siteId: 'remotewiki', roles: ['client'], database: url, schema: { data: 'rw', queue: 'rw_jobs' },
    repo: { siteId: 'repo', schema: { data: 'repo', queue: 'repo_jobs' } }, worker: { enabled: false }
  })
  const db = wikibaseInternals(wiki).self
  const app = Fastify({ logger: { level: process.env.TEST_LOG_LEVEL ?? 'silent' } })
  // Behind the guard every plugin route sits behind (it normalises strings to NFC): the signature is over the bytes sent.
  await app.register(async scope => {
    installRequestInputGuard(scope, { maxJsonDepth: 64 })
    registerChangePushRoute(scope, { routePrefix: '/w', db, repoSiteId: 'repo', siteId: 'remotewiki', pushKey: KEY, log: app.log })
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(async () => { await app.close() })
  const endpoint = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/w/wikibase/v1/push`

  const send = async (body: string, headers: { id?: string, timestamp?: number, key?: Buffer, signedBody?: string, signature?: string } = {}): Promise<{ status: number, body: any }> => {
    const id = headers.id ?? randomUUID()
    const timestamp = headers.timestamp ?? Math.floor(Date.now() / 1000)
    const signature = headers.signature ?? signPush(headers.key ?? KEY, id, timestamp, headers.signedBody ?? body)
    const response = await fetch(endpoint, {
      method: 'POST', body,
      headers: { 'content-type': 'application/json', [PUSH_HEADERS.id]: id, [PUSH_HEADERS.timestamp]: String(timestamp), [PUSH_HEADERS.signature]: signature }
    })
    return { status: response.status, body: await response.json() }
  }
  const inboxIds = async (): Promise<number[]> =>
    (await db.pool.query<{ id: string }>('SELECT ci_change_id AS id FROM rw.wbc_change_inbox ORDER BY 1')).rows.map(r => Number(r.id))

  t.test('a signed batch goes into the inbox with one drain job; its info exactly as sent', async t => {
    t.same(await send(batch(1, 2)), { status: 200, body: { accepted: 2 } })
    t.same(await inboxIds(), [1, 2])
    const { rows } = await db.pool.query<{ change: any }>('SELECT ci_change AS change FROM rw.wbc_change_inbox WHERE ci_change_id = 1')
    t.same(rows[0]!.change, change(1))
    t.equal((await queuedJobs(db.pool, 'rw_jobs', 'wikibase:handleInbox')).length, 1)
  })

  t.test('refused pushes change nothing', async t => {
    const body = batch(10)
    const now = Math.floor(Date.now() / 1000)
    const cases: Array<[string, Promise<{ status: number, body: any }>, number, string]> = [
      ['signed with another key', send(body, { key: pushKey('wbc_another-token') }), 401, 'bad-signature'],
      ['body altered after signing', send(batch(11), { signedBody: body }), 401, 'bad-signature'],
      ['timestamp beyond the replay window', send(body, { timestamp: now - 310 }), 401, 'expired'],
      ['timestamp in the future beyond the window', send(body, { timestamp: now + 310 }), 401, 'expired'],
      ['no signature', send(body, { signature: '' }), 401, 'malformed'],
      ['a push id that is no id', send(body, { id: 'x' }), 401, 'malformed'],
      ['another repo\'s batch', send(JSON.stringify({ repo: 'other', client: 'remotewiki', changes: [change(12)] })), 400, 'invalid-push'],
      ['a batch for another client', send(JSON.stringify({ repo: 'repo', client: 'dewiki', changes: [change(13)] })), 400, 'invalid-push'],
      ['a row with a wrong field type', send(JSON.stringify({ repo: 'repo', client: 'remotewiki', changes: [{ ...change(14), id: '14' }] })), 400, 'invalid-push'],
      ['a string PostgreSQL cannot store', send(JSON.stringify({ repo: 'repo', client: 'remotewiki', changes: [{ ...change(15), info: '\u0000' }] })), 400, 'invalid-push'],
      ['not JSON', send('{"repo":'), 400, 'invalid-push']
    ]
    for (const [what, answer, status, code] of cases) {
      const { status: got, body: error } = await answer
      t.equal(got, status, `${what}: ${status}`)
      t.equal(error.code, code, `${what}: ${code}`)
      t.type(error.message, 'string')
    }
    t.same(await inboxIds(), [1, 2], 'no inbox rows from refused pushes')
  })

  t.test('a replayed push id is refused with 409 and adds nothing', async t => {
    const id = randomUUID()
    t.equal((await send(batch(20), { id })).status, 200)
    const again = await send(batch(20), { id })
    t.equal(again.status, 409)
    t.equal(again.body.code, 'replayed')
    const other = await send(batch(21), { id })
    t.equal(other.status, 409, 'also with another body signed under the same id')
    t.same(await inboxIds(), [1, 2, 20])
  })

  t.test('concurrent deliveries of one push: exactly one is accepted', async t => {
    const id = randomUUID()
    const timestamp = Math.floor(Date.now() / 1000)
    const answers = await Promise.all(Array.from({ length: 5 }, async () => await send(batch(30), { id, timestamp })))
    t.same(answers.map(a => a.status).sort(), [200, 409, 409, 409, 409])
  })

  t.test('a change pushed again under a new id is kept once', async t => {
    t.equal((await send(batch(1, 40))).status, 200)
    t.same(await inboxIds(), [1, 2, 20, 30, 40])
  })

  t.test('a change this client has handled already is accepted and not queued again', async t => {
    await db.pool.query("INSERT INTO rw.wbc_handled_changes (hc_repo_site_id, hc_change_id) VALUES ('repo', 50)")
    t.same(await send(batch(50, 60)), { status: 200, body: { accepted: 2 } })
    t.same(await inboxIds(), [1, 2, 20, 30, 40, 60])
  })

  t.test('a body beyond the limit is refused with 413', async t => {
    const big = JSON.stringify({ repo: 'repo', client: 'remotewiki', changes: [{ ...change(50), info: 'x'.repeat(9 * 1024 * 1024) }] })
    const answer = await send(big)
    t.equal(answer.status, 413)
    t.equal(answer.body.code, 'request-too-large')
  })

  t.test('ids older than twice the window are swept after a push', async t => {
    await db.pool.query("INSERT INTO rw.wbc_push_seen (ps_push_id, ps_received_at) VALUES ('old-push-id-1', now() - interval '601 seconds'), ('recent-push-id', now() - interval '500 seconds')")
    t.equal((await send(batch(60))).status, 200)
    const { rows } = await db.pool.query<{ id: string }>("SELECT ps_push_id AS id FROM rw.wbc_push_seen WHERE ps_push_id IN ('old-push-id-1', 'recent-push-id')")
    t.same(rows.map(r => r.id), ['recent-push-id'])
  })
})

t.test('parsePushBody', async t => {
  const expected = { repo: 'repo', client: 'remotewiki' }
  t.same(parsePushBody(batch(1), expected), { ok: true, changes: [change(1)] })
  t.same(parsePushBody(JSON.stringify({ repo: 'repo', client: 'remotewiki', changes: [] }), expected), { ok: true, changes: [] })
  const refused: Array<[string, string, RegExp]> = [
    ['deep nesting', '['.repeat(20) + ']'.repeat(20), /nests deeper than 8/],
    ['not JSON', 'nope', /not JSON/],
    ['an extra field', JSON.stringify({ repo: 'repo', client: 'remotewiki', changes: [], more: 1 }), /not a batch of changes: more/],
    ['a row without info', JSON.stringify({ repo: 'repo', client: 'remotewiki', changes: [{ ...change(1), info: undefined }] }), /changes\.0\.info/],
    ['a bad MW timestamp', JSON.stringify({ repo: 'repo', client: 'remotewiki', changes: [{ ...change(1), time: 'yesterday' }] }), /changes\.0\.time/],
    ['another repo', JSON.stringify({ repo: 'x', client: 'remotewiki', changes: [] }), /changes of repo x; this wiki's repo is repo/],
    ['another client', JSON.stringify({ repo: 'repo', client: 'y', changes: [] }), /changes for y; this wiki is remotewiki/]
  ]
  for (const [what, text, message] of refused) {
    const result = parsePushBody(text, expected)
    t.equal(result.ok, false, what)
    if (!result.ok) t.match(result.message, message, what)
  }
})
