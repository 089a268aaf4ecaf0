import t from 'tap'
import { startRepo } from '../../../support/repo-test-wiki.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'
import { pushKey, tokenHash } from '../../../../plugin/remote/credentials.js'
import {
  authenticateRemoteClient, findRemoteClient, listRemoteClients, moveRemoteClient, purgeRemoteClient, registerRemoteClient, renewRemoteClient,
  revokeRemoteClient
} from '../../../../plugin/repo/remote-clients/remote-client-store.js'
import { activeRemoteClientIds } from '../../../../plugin/repo/remote-clients/active-remote-clients.js'

/** Issue 19 (H2): wb_remote_client on a real repo database — registration, lookup, authentication, revocation, purge. */
t.test('register, find, list, authenticate, revoke, purge', async t => {
  const db = wikibaseInternals(await startRepo(t, 'rcstore')).self
  const count = async (sql: string): Promise<number> => Number((await db.pool.query(sql)).rows[0].n)

  const { client, token } = await registerRemoteClient(db, { siteId: 'remotewiki', pushUrl: 'http://127.0.0.1:9/prefix/' })
  t.match(token, /^wbc_[A-Za-z0-9_-]{43}$/)
  t.strictSame(client, { siteId: 'remotewiki', pushUrl: 'http://127.0.0.1:9/prefix', pushKey: pushKey(token) })
  const [row] = (await db.pool.query('SELECT * FROM repo.wb_remote_client')).rows
  t.same(row.rc_token_hash, tokenHash(token), 'the hash is stored')
  t.notOk(JSON.stringify(row).includes(token.slice(4)), 'the token itself is not')
  t.strictSame(await findRemoteClient(db.pool, db, 'remotewiki'), client)
  t.equal(await findRemoteClient(db.pool, db, 'otherwiki'), null)

  const refusals: Array<[Parameters<typeof registerRemoteClient>[1], string, string]> = [
    [{ siteId: 'remotewiki', pushUrl: 'http://127.0.0.1:9' }, 'RemoteClientExistsError', 'remote client remotewiki is already registered (remove it with --purge first to register it again)'],
    [{ siteId: 'enwiki', pushUrl: 'http://127.0.0.1:9', farmClients: new Set(['enwiki']) }, 'FarmClientCollisionError', 'site enwiki is a configured client of this repo; a remote client needs a site id of its own'],
    [{ siteId: 'bad id', pushUrl: 'http://127.0.0.1:9' }, 'InvalidRemoteClientIdError', 'not a valid global site id: "bad id" (1–32 letters, digits, _, - or .)'],
    [{ siteId: 'other', pushUrl: 'https://u:p@x.org' }, 'InvalidPushUrlError', 'remote client other: --url "https://u:p@x.org" holds credentials (user:password@); the client authenticates pushes by their signature']
  ]
  for (const [registration, name, message] of refusals) await t.rejects(registerRemoteClient(db, registration), { name, message }, name)
  // A site that already holds rows on the repo: a farm client (the CLI cannot see the configuration).
  await db.pool.query("INSERT INTO repo.wb_changes_subscription (cs_entity_id, cs_subscriber_id) VALUES ('Q1', 'farmwiki')")
  await t.rejects(registerRemoteClient(db, { siteId: 'farmwiki', pushUrl: 'http://127.0.0.1:9' }), { name: 'FarmClientCollisionError', message: /farmwiki already holds subscriptions/ })
  t.equal(await count('SELECT count(*) AS n FROM repo.wb_remote_client'), 1, 'refusals register nothing')

  t.strictSame(await authenticateRemoteClient(db.pool, db, token), { client, revoked: false })
  t.strictSame(await authenticateRemoteClient(db.pool, db, `${token}x`), { client: null, revoked: false })
  t.strictSame(await authenticateRemoteClient(db.pool, db, ''), { client: null, revoked: false })

  const second = await registerRemoteClient(db, { siteId: 'zwiki', pushUrl: 'https://z.example.org' })
  t.not(second.token, token)
  t.strictSame((await listRemoteClients(db.pool, db)).map(c => [c.siteId, c.pushUrl, c.revoked]), [['remotewiki', 'http://127.0.0.1:9/prefix', null], ['zwiki', 'https://z.example.org', null]])
  t.strictSame(Object.keys((await listRemoteClients(db.pool, db))[0]!).sort(), ['created', 'pushUrl', 'revoked', 'siteId'], 'a listing holds no secret')

  const revoked = await revokeRemoteClient(db.pool, db, 'remotewiki')
  t.strictSame(await revokeRemoteClient(db.pool, db, 'remotewiki'), revoked, 'revoking again keeps the first time')
  t.equal(await findRemoteClient(db.pool, db, 'remotewiki'), null, 'a revoked client is not found')
  t.strictSame(await authenticateRemoteClient(db.pool, db, token), { client: null, revoked: true })
  t.strictSame(await activeRemoteClientIds(db.pool, db), ['zwiki'])
  await t.rejects(revokeRemoteClient(db.pool, db, 'nowiki'), { name: 'RemoteClientNotFoundError', message: 'there is no remote client nowiki' })
  await t.rejects(registerRemoteClient(db, { siteId: 'remotewiki', pushUrl: 'http://127.0.0.1:9' }), { name: 'RemoteClientExistsError' }, 'a revoked site is still taken')

  // zwiki's rows: subscriptions, usage counts, a pending delivery. Purge drops them and the row; enwiki's stay.
  await db.pool.query("INSERT INTO repo.wb_changes_subscription (cs_entity_id, cs_subscriber_id) VALUES ('Q1', 'zwiki'), ('Q2', 'zwiki'), ('Q1', 'enwiki')")
  await db.pool.query("INSERT INTO repo.wb_entity_usage_counts VALUES ('Q1', 'zwiki', 3)")
  const change = (await db.pool.query("INSERT INTO repo.wb_changes (change_type, change_object_id, change_info) VALUES ('wikibase-item~update', 'Q1', '{}') RETURNING change_id")).rows[0].change_id
  await db.pool.query("INSERT INTO repo.wb_changes_delivery (cd_change_id, cd_site_id) VALUES ($1, 'zwiki')", [change])
  t.strictSame(await purgeRemoteClient(db, 'zwiki'), { site: 'zwiki', subscriptions: 2, deliveries: 1, usageCounts: 1 })
  t.strictSame((await db.pool.query('SELECT cs_subscriber_id AS s FROM repo.wb_changes_subscription ORDER BY 1')).rows, [{ s: 'enwiki' }, { s: 'farmwiki' }])
  t.equal(await count('SELECT count(*) AS n FROM repo.wb_changes'), 0, 'the change only zwiki waited for is gone')
  t.strictSame((await listRemoteClients(db.pool, db)).map(c => c.siteId), ['remotewiki'])
  t.strictSame(await authenticateRemoteClient(db.pool, db, second.token), { client: null, revoked: false }, 'a purged client\'s token is unknown')
  await t.rejects(purgeRemoteClient(db, 'zwiki'), { name: 'RemoteClientNotFoundError' })
  // Purged: the site id may be registered again, with a new token.
  const again = await registerRemoteClient(db, { siteId: 'zwiki', pushUrl: 'https://z.example.org' })
  t.not(again.token, second.token)
})

t.test('renew gives a new token and push key at once, keeps the subscriptions; move changes only the URL', async t => {
  const db = wikibaseInternals(await startRepo(t, 'rcrenew')).self
  const { token } = await registerRemoteClient(db, { siteId: 'remotewiki', pushUrl: 'http://127.0.0.1:9' })
  await db.pool.query("INSERT INTO repo.wb_changes_subscription (cs_entity_id, cs_subscriber_id) VALUES ('Q1', 'remotewiki')")

  const renewed = await renewRemoteClient(db, 'remotewiki')
  t.not(renewed.token, token)
  t.strictSame(renewed.client, { siteId: 'remotewiki', pushUrl: 'http://127.0.0.1:9', pushKey: pushKey(renewed.token) })
  t.strictSame(await authenticateRemoteClient(db.pool, db, token), { client: null, revoked: false }, 'the old token is refused')
  t.strictSame(await authenticateRemoteClient(db.pool, db, renewed.token), { client: renewed.client, revoked: false })
  t.equal((await db.pool.query("SELECT count(*)::int AS n FROM repo.wb_changes_subscription WHERE cs_subscriber_id = 'remotewiki'")).rows[0].n, 1)

  const moved = await moveRemoteClient(db, 'remotewiki', 'https://remote.example.org/w/')
  t.strictSame(moved, { siteId: 'remotewiki', pushUrl: 'https://remote.example.org/w', pushKey: pushKey(renewed.token) }, 'the key stays')
  t.strictSame((await renewRemoteClient(db, 'remotewiki', 'http://127.0.0.1:10')).client.pushUrl, 'http://127.0.0.1:10')

  await t.rejects(moveRemoteClient(db, 'remotewiki', 'ftp://x.org'), { name: 'InvalidPushUrlError' })
  await t.rejects(renewRemoteClient(db, 'nowiki'), { name: 'RemoteClientNotFoundError' })
  await revokeRemoteClient(db.pool, db, 'remotewiki')
  await t.rejects(renewRemoteClient(db, 'remotewiki'), { name: 'RemoteClientNotFoundError' }, 'a revoked client is not renewed')
  await t.rejects(moveRemoteClient(db, 'remotewiki', 'http://127.0.0.1:11'), { name: 'RemoteClientNotFoundError' })
})
