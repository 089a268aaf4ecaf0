import t from 'tap'
import { freshDatabase, eventually } from '../../../support/test-database.js'
import { SseClient } from '../../../../bench/lib/sse-client.js'
import { subscribe } from '../../../../plugin/repo-reader/subscriptions.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'
import { registerRemoteClient, revokeRemoteClient } from '../../../../plugin/repo/remote-clients/remote-client-store.js'
import { edit, FEED, listeningRepo } from './feed-support.js'

/**
 * Issue 19.1: the change feed over real HTTP (app.listen on the loopback) on a real database.
 */

const json = { accept: 'application/json' }

async function getJson (url: string): Promise<{ status: number, body: any }> {
  const response = await fetch(url, { headers: json })
  return { status: response.status, body: await response.json() }
}

t.test('a stream gets every edit as an SSE event, with the change as clients get it', async t => {
  const { app, base } = await listeningRepo(t, await freshDatabase(t, 'feedsse'))
  const client = new SseClient(`${base}${FEED}`)
  t.teardown(() => { client.close() })
  t.equal(await client.ready, 200)
  await eventually(async () => wikibaseInternals(app) !== undefined && client.comments >= 1 ? true : undefined)
  await edit(app, 'Q1')
  await edit(app, 'P2')
  await client.waitFor(c => c.events.length === 2)
  t.same(client.ids(), [1, 2])
  t.match(client.events[0]!.data, {
    id: 1, changeId: null, entityId: 'Q1', type: 'wikibase-item~update', userId: 7, userText: 'Editor', comment: 'edit',
    aspects: { arrayFormatVersion: 1, labelChanges: ['en'] }
  })
  t.match(client.events[1]!.data, { id: 2, entityId: 'P2', type: 'wikibase-property~update' })
})

t.test('Last-Event-ID resumes across a restart of the repo: no gap, no duplicate', async t => {
  const url = await freshDatabase(t, 'feedresume')
  const first = await listeningRepo(t, url)
  const before = new SseClient(`${first.base}${FEED}`)
  t.teardown(() => { before.close() })
  await before.ready
  await eventually(async () => before.comments >= 1 ? true : undefined)
  for (const id of ['Q1', 'Q2', 'Q3']) await edit(first.app, id)
  await before.waitFor(c => c.events.length === 3)
  await first.app.close()
  await before.waitFor(c => c.ended)
  const second = await listeningRepo(t, url)
  await edit(second.app, 'Q4')
  await edit(second.app, 'Q5')
  const after = new SseClient(`${second.base}${FEED}`, { 'last-event-id': String(before.ids().at(-1)) })
  t.teardown(() => { after.close() })
  await after.waitFor(c => c.events.length === 2)
  await edit(second.app, 'Q6')
  await after.waitFor(c => c.events.length === 3)
  t.same([...before.ids(), ...after.ids()], [1, 2, 3, 4, 5, 6])
  t.same(after.events.map(e => e.data.entityId), ['Q4', 'Q5', 'Q6'])
})

t.test('since (id or ISO time), filters and JSON paging', async t => {
  const { app, base } = await listeningRepo(t, await freshDatabase(t, 'feedjson'))
  const day = (n: number): Date => new Date(Date.UTC(2026, 0, n, 12))
  const entities = ['Q1', 'Q2', 'P3', 'Q1', 'Q2']
  for (const [i, id] of entities.entries()) await edit(app, id, day(i + 1))
  // dewiki: a remote client of the repo (issue 19), so `subscriber=dewiki` is accepted.
  await registerRemoteClient(wikibaseInternals(app).self, { siteId: 'dewiki', pushUrl: 'http://127.0.0.1:9' })
  await subscribe(app.wikibase === undefined ? null as never : wikibaseInternals(app).self.pool, wikibaseInternals(app).self, 'dewiki', ['Q2'])

  const all = await getJson(`${base}${FEED}`)
  t.equal(all.status, 200)
  t.same(all.body.changes.map((c: any) => [c.id, c.entityId, c.timestamp]), entities.map((id, i) => [i + 1, id, day(i + 1).toISOString()]))
  t.same([all.body.continue, all.body.more], ['5', false])

  const pages: number[][] = []
  let token: string | null = null
  for (;;) {
    const page = await getJson(`${base}${FEED}?limit=2${token === null ? '' : `&continue=${token}`}`)
    pages.push(page.body.changes.map((c: any) => c.id))
    token = page.body.continue
    if (!page.body.more) break
  }
  t.same(pages, [[1, 2], [3, 4], [5]], 'pages by continue token')

  const ids = async (query: string): Promise<number[]> => (await getJson(`${base}${FEED}?${query}`)).body.changes.map((c: any) => c.id)
  t.same(await ids(`since=${encodeURIComponent(day(3).toISOString())}`), [3, 4, 5], 'since an ISO time: saved at or after it')
  t.same(await ids('since=2026-01-03T13:00:00%2B02:00'), [3, 4, 5], 'with an offset')
  t.same(await ids('since=3'), [4, 5], 'since an id: after it')
  t.same(await ids('entity=Q1'), [1, 4])
  t.same(await ids('entity=Q2|P3'), [2, 3, 5])
  t.same(await ids('type=property'), [3])
  t.same(await ids('type=wikibase-item~update,property'), [1, 2, 3, 4, 5])
  t.same(await ids('subscriber=dewiki'), [2, 5], 'a registered remote client')
  t.same(await ids('subscriber=enwiki'), [], 'a configured client without subscriptions')
  t.same(await ids('subscriber=dewiki&entity=Q1'), [])

  // Live: the filters hold for the shared fan-out too.
  const q1 = new SseClient(`${base}${FEED}?entity=Q1`)
  const de = new SseClient(`${base}${FEED}?subscriber=dewiki&since=4`)
  t.teardown(() => { q1.close(); de.close() })
  await de.waitFor(c => c.events.length === 1)
  await eventually(async () => q1.comments >= 1 ? true : undefined)
  for (const id of ['Q2', 'Q1', 'P3']) await edit(app, id)
  await q1.waitFor(c => c.events.length === 1)
  await de.waitFor(c => c.events.length === 2)
  t.same(q1.ids(), [7])
  t.same(de.ids(), [5, 6])
})

t.test('bad parameters: 400 naming the parameter, before any stream starts', async t => {
  const { base } = await listeningRepo(t, await freshDatabase(t, 'feedbad'))
  const cases: Array<[string, Record<string, string>, string]> = [
    ['limit=0', json, 'limit'],
    ['limit=501', json, 'limit'],
    ['since=yesterday', {}, 'since'],
    ['since=2026-02-30T00:00:00Z', {}, 'since'],
    ['entity=Q0', {}, 'entity'],
    ['entity=', {}, 'entity'],
    ['type=page', {}, 'type'],
    ['subscriber=nowiki', {}, 'subscriber'],
    ['subscriber=bad%20id', {}, 'subscriber'],
    ['continue=x', json, 'continue'],
    ['continue=3', {}, 'continue'],
    ['entity=Q1&entity=Q2', {}, 'entity'],
    ['bogus=1', {}, 'bogus'],
    ['', { 'last-event-id': 'abc' }, 'Last-Event-ID']
  ]
  for (const [query, headers, param] of cases) {
    const response = await fetch(`${base}${FEED}?${query}`, { headers })
    const body = await response.json() as { code: string, message: string, context: Record<string, string> }
    t.equal(response.status, 400, query)
    t.equal(body.context.parameter ?? body.context.header, param, `${query} names ${param}`)
    t.ok(body.message.includes(`'${param}'`), body.message)
  }
  const unknown = await (await fetch(`${base}${FEED}?subscriber=nowiki`)).json() as { message: string }
  t.match(unknown.message, /unknown site nowiki/)
})

t.test('subscriber= names a client: configured or a registered, unrevoked remote client (issue 19)', async t => {
  const { app, base } = await listeningRepo(t, await freshDatabase(t, 'feedsubscriber'))
  const db = wikibaseInternals(app).self
  // oldwiki holds subscriptions but is no client (removed, not swept yet); remotewiki is registered.
  await subscribe(db.pool, db, 'oldwiki', ['Q1'])
  await registerRemoteClient(db, { siteId: 'remotewiki', pushUrl: 'http://127.0.0.1:9' })
  const status = async (site: string): Promise<[number, string | undefined]> => {
    const response = await fetch(`${base}${FEED}?subscriber=${site}`, { headers: json })
    return [response.status, ((await response.json()) as { code?: string }).code]
  }
  t.strictSame(await status('enwiki'), [200, undefined], 'a configured client')
  t.strictSame(await status('remotewiki'), [200, undefined], 'a registered remote client, even without subscriptions')
  t.strictSame(await status('oldwiki'), [400, 'invalid-query-parameter'], 'subscriptions alone do not make a client')
  await revokeRemoteClient(db.pool, db, 'remotewiki')
  t.strictSame(await status('remotewiki'), [400, 'invalid-query-parameter'], 'a revoked remote client')
})

t.test('heartbeats keep an idle stream alive', async t => {
  const { base } = await listeningRepo(t, await freshDatabase(t, 'feedbeat'), { changeFeedHeartbeat: 1 })
  const client = new SseClient(`${base}${FEED}`)
  t.teardown(() => { client.close() })
  // ': connected', then two heartbeats.
  await client.waitFor(c => c.comments >= 3, 10_000)
  t.same(client.events, [])
})
