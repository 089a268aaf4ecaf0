import t from 'tap'
import { randomUUID } from 'node:crypto'
import { eventually } from '../support/test-database.js'
import { pushKey } from '../../plugin/remote/credentials.js'
import { PUSH_HEADERS, PUSH_REPLAY_WINDOW_SECONDS, signPush } from '../../plugin/remote/push-signature.js'
import { remotePaths, type ChangePushAnswer, type ChangePushBody } from '../../plugin/remote/remote-wire.js'
import type { StoredChangeRow } from '../../plugin/changes/stored-change.js'
import { handledChangeIds, injectedRows, REMOTE_SITE, remoteSubscriptions, REPO_SITE, startRemotePair } from '../support/remote-processes.js'
import { repoEditor } from '../support/remote-http.js'

/**
 * Issue 19 acceptance, the push endpoint of a remote client in its own process: a genuine
 * push — a change the client already handled, sent again as a redelivery would — is accepted
 * and changes nothing; the same push id again is refused as replayed; a push signed with
 * another key, one older than the replay window and one without its headers are refused, and
 * none of them changes anything. Pushes are made by the test as the repo makes them
 * (plugin/remote/push-signature.ts, the key derived from the client's token).
 */
const until = async (what: () => Promise<boolean>): Promise<void> => { await eventually(async () => (await what()) ? true : undefined, 60_000) }

t.test('the remote client\'s push endpoint: redelivery harmless, replayed / forged / expired / malformed refused', async t => {
  const { repo, client, token } = await startRemotePair(t, 'rpush')
  await until(async () => (await remoteSubscriptions(repo)).includes('Q84'))
  const revision = await repoEditor(repo.url).setLabel('Q84', 'en', 'London (pushed once)')
  await until(async () => (await injectedRows(client)).some(row => row.revision === revision))

  // The change as the repo delivers it: the feed's `change` (its wire form) for this client.
  const feed = await (await fetch(`${repo.url}wikibase/v1/changes?subscriber=${REMOTE_SITE}&entity=Q84`, { headers: { accept: 'application/json' } })).json() as
    { changes: Array<{ revisionId: number, change?: StoredChangeRow }> }
  const change = feed.changes.find(event => event.revisionId === revision)?.change
  t.ok(change !== undefined, 'the feed carries the change in its wire form')
  const body = JSON.stringify({ repo: REPO_SITE, client: REMOTE_SITE, changes: [change!] } satisfies ChangePushBody)

  const before = { rows: await injectedRows(client), handled: await handledChangeIds(client) }
  const unchanged = async (what: string): Promise<void> => {
    t.same({ rows: await injectedRows(client), handled: await handledChangeIds(client) }, before, `${what}: nothing changed on the client`)
  }
  const push = async (options: { id?: string, seconds?: number, key?: Buffer, headers?: Record<string, string> } = {}): Promise<{ status: number, body: any }> => {
    const id = options.id ?? randomUUID()
    const seconds = options.seconds ?? Math.floor(Date.now() / 1000)
    const headers = options.headers ?? {
      [PUSH_HEADERS.id]: id,
      [PUSH_HEADERS.timestamp]: String(seconds),
      [PUSH_HEADERS.signature]: signPush(options.key ?? pushKey(token), id, seconds, body)
    }
    const response = await fetch(`${client.url.replace(/\/$/, '')}${remotePaths.push}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
    return { status: response.status, body: await response.json() }
  }

  const id = randomUUID()
  const first = await push({ id })
  t.equal(first.status, 200, 'a genuine push of a change the client already handled is accepted')
  t.equal(typeof (first.body as ChangePushAnswer).accepted, 'number', 'the answer counts what it accepted')
  // Written to the inbox in the push's transaction (or dropped there as handled): once the
  // inbox is empty, the drain has seen it, and found it handled.
  await until(async () => (await client.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM public.wbc_change_inbox')).rows[0]!.n === 0)
  await unchanged('the redelivered change')

  const replayed = await push({ id })
  t.same([replayed.status, replayed.body.code], [409, 'replayed'], 'the same push id again: 409 replayed')
  const forged = await push({ key: pushKey('wbc_not-the-client-token') })
  t.same([forged.status, forged.body.code], [401, 'bad-signature'], 'signed with another key: 401 bad-signature')
  const expired = await push({ seconds: Math.floor(Date.now() / 1000) - PUSH_REPLAY_WINDOW_SECONDS - 60 })
  t.same([expired.status, expired.body.code], [401, 'expired'], 'older than the replay window: 401 expired')
  const fromTheFuture = await push({ seconds: Math.floor(Date.now() / 1000) + PUSH_REPLAY_WINDOW_SECONDS + 60 })
  t.same([fromTheFuture.status, fromTheFuture.body.code], [401, 'expired'], 'as far in the future: 401 expired')
  const bare = await push({ headers: {} })
  t.same([bare.status, bare.body.code], [401, 'malformed'], 'without the push headers: 401 malformed')
  for (const answer of [replayed, forged, expired, fromTheFuture, bare]) t.equal(typeof answer.body.message, 'string', `${answer.body.code as string}: a message says why`)
  await unchanged('the refused pushes')

  // Anything the refused pushes had queued would show by the time a later genuine change is handled.
  const later = await repoEditor(repo.url).setLabel('Q84', 'en', 'London (after the refusals)')
  await until(async () => (await injectedRows(client)).some(row => row.revision === later))
  t.equal((await injectedRows(client)).filter(row => row.revision === revision).length, 1, 'the change pushed twice has one row')
})
