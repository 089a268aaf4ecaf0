import t from 'tap'
import { collidingClients, normalisedPushUrl, pushUrlProblem, registrationProblem } from '../../../../plugin/repo/remote-clients/remote-client-rules.js'
import { subscriptionChangesOf, subscriptionUpdateProblem } from '../../../../plugin/repo/remote-clients/subscription-update.js'
import type { SubscriptionUpdateBody } from '../../../../plugin/remote/remote-wire.js'

/** Issue 19 (H2): which remote clients may be registered, and which subscription updates pass — as data. */
t.test('pushUrlProblem', async t => {
  const cases: Array<[string, string | null]> = [
    ['http://127.0.0.1:8081', null],
    ['https://remote.example.org/wiki-prefix', null],
    ['https://remote.example.org/', null],
    ['http://[::1]:3000/x', null],
    ['ftp://remote.example.org', 'is not an http:// or https:// URL'],
    ['javascript:alert(1)', 'is not an http:// or https:// URL'],
    ['//remote.example.org', 'is not an absolute URL'],
    ['remote.example.org', 'is not an absolute URL'],
    ['https://user:secret@remote.example.org', 'holds credentials (user:password@); the client authenticates pushes by their signature'],
    ['https://user@remote.example.org', 'holds credentials (user:password@); the client authenticates pushes by their signature'],
    ['https://remote.example.org/#x', 'has a fragment'],
    ['https://remote.example.org/?a=1', 'has a query (the push path is appended to it)'],
    ['https://remote.example.org/a b', 'holds whitespace or a control character'],
    ['https://remote.example.org/\u0000', 'holds whitespace or a control character'],
    [`https://remote.example.org/${'a'.repeat(2048)}`, 'is longer than 2048 characters']
  ]
  for (const [url, problem] of cases) t.equal(pushUrlProblem(url), problem, url.slice(0, 60))
})

t.test('normalisedPushUrl drops trailing slashes only', async t => {
  t.equal(normalisedPushUrl('https://r.example.org/prefix//'), 'https://r.example.org/prefix')
  t.equal(normalisedPushUrl('https://r.example.org/'), 'https://r.example.org')
  t.equal(normalisedPushUrl('https://r.example.org/Prefix'), 'https://r.example.org/Prefix')
})

t.test('registrationProblem', async t => {
  const farm = new Set(['enwiki', 'dewiki'])
  const cases: Array<[string, string, string | null]> = [
    ['remotewiki', 'http://127.0.0.1:8081', null],
    ['remote.wiki-2_b', 'http://127.0.0.1:8081', null],
    ['enwiki', 'http://127.0.0.1:8081', 'FarmClientCollisionError'],
    ['remote wiki', 'http://127.0.0.1:8081', 'InvalidRemoteClientIdError'],
    ['', 'http://127.0.0.1:8081', 'InvalidRemoteClientIdError'],
    ['x'.repeat(33), 'http://127.0.0.1:8081', 'InvalidRemoteClientIdError'],
    ['remotewiki', 'file:///etc/passwd', 'InvalidPushUrlError']
  ]
  for (const [site, url, error] of cases) t.equal(registrationProblem(site, url, farm)?.name ?? null, error, `${site} ${url}`)
  t.equal(registrationProblem('enwiki', 'http://x', farm)?.message, 'site enwiki is a configured client of this repo; a remote client needs a site id of its own')
  t.equal(registrationProblem('r', 'ftp://x', farm)?.message, 'remote client r: --url "ftp://x" is not an http:// or https:// URL')
})

t.test('collidingClients', async t => {
  t.strictSame(collidingClients(['enwiki', 'remotewiki', 'dewiki'], new Set(['remotewiki', 'enwiki', 'otherwiki'])), ['enwiki', 'remotewiki'])
  t.strictSame(collidingClients(['enwiki'], new Set()), [])
})

t.test('subscriptionUpdateProblem names the first wrong entry', async t => {
  const body = (more: Partial<SubscriptionUpdateBody>): SubscriptionUpdateBody => ({ subscribe: [], unsubscribe: [], ...more })
  const cases: Array<[SubscriptionUpdateBody, { path: string, message: string } | null]> = [
    [body({}), null],
    [body({ subscribe: ['Q1', 'P2', 'L3'], unsubscribe: ['Q4'], counts: { Q1: 3, Q4: 0 } }), null],
    [body({ subscribe: ['Q1', 'Q0'] }), { path: '/subscribe/1', message: '"Q0" is not an entity id' }],
    [body({ subscribe: ['q1'] }), { path: '/subscribe/0', message: '"q1" is not an entity id' }],
    [body({ unsubscribe: ['Q1', 'Q1'] }), { path: '/unsubscribe/1', message: 'Q1 is named twice' }],
    [body({ subscribe: ['Q1', 'Q2'], unsubscribe: ['Q3', 'Q2'] }), { path: '/unsubscribe/1', message: 'Q2 is both subscribed and unsubscribed' }],
    [body({ counts: { 'Q1/x': 1 } }), { path: '/counts/Q1~1x', message: '"Q1/x" is not an entity id' }],
    [body({ counts: { Q1: -1 } }), { path: '/counts/Q1', message: 'the page count must be an integer from 0 to 2000000000' }],
    [body({ counts: { Q1: 1.5 } }), { path: '/counts/Q1', message: 'the page count must be an integer from 0 to 2000000000' }],
    [body({ counts: { Q1: 3e9 } }), { path: '/counts/Q1', message: 'the page count must be an integer from 0 to 2000000000' }]
  ]
  for (const [input, problem] of cases) t.strictSame(subscriptionUpdateProblem(input), problem, JSON.stringify(input))
  t.strictSame(subscriptionChangesOf(body({ subscribe: ['Q1'], counts: { Q1: 2 } })), { subscribe: ['Q1'], unsubscribe: [], counts: new Map([['Q1', 2]]) })
})
