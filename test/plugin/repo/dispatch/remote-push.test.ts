import t from 'tap'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pushToRemoteClient, RemotePushError } from '../../../../plugin/repo/dispatch/remote-push.js'
import { checkPush, PUSH_HEADERS } from '../../../../plugin/remote/push-signature.js'
import { pushKey } from '../../../../plugin/remote/credentials.js'
import type { RemoteClient } from '../../../../plugin/repo/remote-clients/active-remote-clients.js'
import type { SiteGlobalId } from '../../../../hooks/ids.js'
import { MAX_PUSH_BODY_BYTES } from '../../../../plugin/remote/remote-wire.js'

/** The repo's side of a push against real HTTP servers that answer in the ways a client may. */
const KEY = pushKey('wbc_remote-push-test')
const row = { id: 7, type: 'wikibase-item~update', time: '20260101000000', object_id: 'Q1', revision_id: 3, user_id: 0, info: '{"metadata":{"comment":"é"}}' }

async function server (t: { teardown: (fn: () => unknown) => void }, handle: (req: IncomingMessage, body: string, res: ServerResponse) => void): Promise<RemoteClient> {
  const http = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => { handle(req, Buffer.concat(chunks).toString('utf8'), res) })
  })
  await new Promise<void>(resolve => http.listen(0, '127.0.0.1', resolve))
  t.teardown(async () => { http.closeAllConnections(); await new Promise(resolve => http.close(resolve)) })
  return { siteId: 'remotewiki' as SiteGlobalId, pushUrl: `http://127.0.0.1:${(http.address() as AddressInfo).port}/prefix/`, pushKey: KEY }
}

t.test('a push is POSTed to <pushUrl>/wikibase/v1/push, signed over the exact bytes, a fresh id per attempt', async t => {
  const seen: Array<{ url: string | undefined, id: string, check: unknown, body: unknown }> = []
  const client = await server(t, (req, body, res) => {
    const header = (name: string): string => String(req.headers[name])
    seen.push({
      url: req.url,
      id: header(PUSH_HEADERS.id),
      check: checkPush(KEY, { id: header(PUSH_HEADERS.id), timestamp: header(PUSH_HEADERS.timestamp), signature: header(PUSH_HEADERS.signature) }, body, Math.floor(Date.now() / 1000)),
      body: JSON.parse(body)
    })
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":1}')
  })
  await pushToRemoteClient(client, 'repo', [row], 3000)
  await pushToRemoteClient(client, 'repo', [row], 3000)
  t.equal(seen.length, 2)
  t.equal(seen[0]!.url, '/prefix/wikibase/v1/push')
  t.same(seen[0]!.check, { ok: true })
  t.same(seen[0]!.body, { repo: 'repo', client: 'remotewiki', changes: [row] })
  t.not(seen[0]!.id, seen[1]!.id)
})

t.test('anything but a 2xx is a failure naming the site, not the body', async t => {
  for (const [status, extra] of [[409, {}], [500, {}], [401, {}], [302, { location: 'http://127.0.0.1:1/elsewhere' }]] as const) {
    const client = await server(t, (_req, _body, res) => { res.writeHead(status, extra).end('{"code":"x"}') })
    const error = await pushToRemoteClient(client, 'repo', [row], 3000).then(() => null, (e: unknown) => e)
    t.ok(error instanceof RemotePushError, `HTTP ${status}: refused`)
    t.equal((error as RemotePushError).status, status, `HTTP ${status}: its status; a redirect is not followed`)
    t.match((error as RemotePushError).message, /^push to remotewiki refused: HTTP/)
    t.notMatch((error as RemotePushError).message, /Q1/)
  }
})

t.test('no answer within the timeout, or no listener: a failure', async t => {
  const hanging = await server(t, () => {})
  const error = await pushToRemoteClient(hanging, 'repo', [row], 200).then(() => null, (e: unknown) => e)
  t.match((error as Error).message, 'push to remotewiki failed: no answer within 200 ms')
  const closed = { ...hanging, pushUrl: 'http://127.0.0.1:1' }
  const refused = await pushToRemoteClient(closed, 'repo', [row], 3000).then(() => null, (e: unknown) => e)
  t.match((refused as Error).message, /^push to remotewiki failed: /)
})

t.test('nothing to push: no request', async t => {
  let requests = 0
  const client = await server(t, (_req, _body, res) => { requests++; res.end() })
  await pushToRemoteClient(client, 'repo', [], 3000)
  t.equal(requests, 0)
})

t.test('rows beyond half the client\'s body limit go as several pushes, in order, each under the limit', async t => {
  const bodies: Array<{ bytes: number, ids: number[] }> = []
  const client = await server(t, (_req, body, res) => {
    bodies.push({ bytes: Buffer.byteLength(body), ids: (JSON.parse(body) as { changes: Array<{ id: number }> }).changes.map(c => c.id) })
    res.writeHead(200).end('{}')
  })
  // 3,000 rows of about 3 KiB: about 9 MiB, more than the client's 8 MiB.
  const big = Array.from({ length: 3000 }, (_, i) => ({ ...row, id: i + 1, info: JSON.stringify({ metadata: { comment: 'x'.repeat(3000) } }) }))
  await pushToRemoteClient(client, 'repo', big, 10_000)
  t.equal(bodies.length, 3)
  t.ok(bodies.every(b => b.bytes <= MAX_PUSH_BODY_BYTES / 2 + 200), 'each body within half the limit (plus the envelope)')
  t.same(bodies.flatMap(b => b.ids), big.map(r => r.id), 'every row once, in change order')
})
