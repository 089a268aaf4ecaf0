import t from 'tap'
import { createHmac } from 'node:crypto'
import { bearerToken, newClientToken, pushKey, tokenHash } from '../../../plugin/remote/credentials.js'
import { checkPush, PUSH_REPLAY_WINDOW_SECONDS, signPush } from '../../../plugin/remote/push-signature.js'

const key = pushKey('wbc_test-token')
const body = JSON.stringify({ repo: 'repo', client: 'remotewiki', changes: [] })
const id = '3f2a1c9e-7b1d-4c55-9a2e-0d6f1e2b3c4d'
const now = 1_800_000_000

t.test('a token is 256 random bits behind a recognisable prefix; its two derivations differ and are stable', async t => {
  const token = newClientToken()
  t.match(token, /^wbc_[A-Za-z0-9_-]{43}$/)
  t.not(newClientToken(), token)
  t.same(tokenHash(token), tokenHash(token))
  t.equal(tokenHash(token).length, 32)
  t.not(tokenHash(token).toString('hex'), pushKey(token).toString('hex'), 'the auth hash is not the push key')
})

t.test('the signature is HMAC-SHA256 over "<id>.<seconds>.<body>"', async t => {
  const expected = createHmac('sha256', key).update(`${id}.${now}.${body}`).digest('hex')
  t.equal(signPush(key, id, now, body), `sha256=${expected}`)
})

t.test('a push is accepted only with its own signature, within the window', async t => {
  const signature = signPush(key, id, now, body)
  const cases: Array<[string, { id?: string, timestamp?: string, signature?: string }, string, number, ReturnType<typeof checkPush>]> = [
    ['as signed', { id, timestamp: String(now), signature }, body, now, { ok: true }],
    ['at the edge of the window', { id, timestamp: String(now), signature }, body, now + PUSH_REPLAY_WINDOW_SECONDS, { ok: true }],
    ['clock behind by the window', { id, timestamp: String(now), signature }, body, now - PUSH_REPLAY_WINDOW_SECONDS, { ok: true }],
    ['one second too late', { id, timestamp: String(now), signature }, body, now + PUSH_REPLAY_WINDOW_SECONDS + 1, { ok: false, reason: 'expired' }],
    ['body changed', { id, timestamp: String(now), signature }, body.replace('[]', '[1]'), now, { ok: false, reason: 'bad-signature' }],
    ['timestamp changed', { id, timestamp: String(now + 1), signature }, body, now, { ok: false, reason: 'bad-signature' }],
    ['id changed', { id: id.replace('3f', '4f'), timestamp: String(now), signature }, body, now, { ok: false, reason: 'bad-signature' }],
    ['another key', { id, timestamp: String(now), signature: signPush(pushKey('wbc_other'), id, now, body) }, body, now, { ok: false, reason: 'bad-signature' }],
    ['no signature', { id, timestamp: String(now) }, body, now, { ok: false, reason: 'malformed' }],
    ['upper-case hex', { id, timestamp: String(now), signature: signature.toUpperCase() }, body, now, { ok: false, reason: 'malformed' }],
    ['timestamp not a number', { id, timestamp: '1e9', signature }, body, now, { ok: false, reason: 'malformed' }],
    ['id with a newline', { id: `${id}\n`, timestamp: String(now), signature }, body, now, { ok: false, reason: 'malformed' }],
    ['no id', { timestamp: String(now), signature }, body, now, { ok: false, reason: 'malformed' }]
  ]
  for (const [name, headers, sent, at, expected] of cases) t.same(checkPush(key, headers, sent, at), expected, name)
})

t.test('a bearer token is read only from a well-formed header', async t => {
  t.equal(bearerToken('Bearer wbc_abc-DEF_123'), 'wbc_abc-DEF_123')
  t.equal(bearerToken(undefined), null)
  t.equal(bearerToken('bearer wbc_abc'), null)
  t.equal(bearerToken('Bearer '), null)
  t.equal(bearerToken('Bearer a b'), null)
  t.equal(bearerToken(`Bearer ${'a'.repeat(513)}`), null)
})
