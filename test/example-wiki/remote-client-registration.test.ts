import t from 'tap'
import { buildWikiApp } from '../../example-wiki/wiki-app.js'
import { ensureRemoteClient } from '../../example-wiki/remote-client-registration.js'
import { settingOf } from '../../example-wiki/engine/user-store.js'
import { newClientToken, pushKey, tokenHash } from '../../plugin/remote/credentials.js'
import { freshDatabase } from '../support/test-database.js'

/**
 * `npm run example` registers remotewiki on its repo once and hands it the same token on every
 * start (the farm's notebook: the repo engine's settings); the push URL follows remotewiki's
 * port; a registration whose token the farm does not have gets a new one; a revoked one stops
 * the start and is left as it is.
 */
t.test('ensureRemoteClient: registers once, keeps its token, follows the URL, re-registers a lost token, refuses a revoked client', async t => {
  const repo = await buildWikiApp({
    siteId: 'repowiki', language: 'en', roles: ['repo'], database: await freshDatabase(t, 'exremotereg'),
    clients: [], repoId: 'repowiki', farm: () => [], logger: false, pollInterval: 1000
  })
  t.teardown(async () => { await repo.app.close() })
  await repo.app.ready()
  const pool = repo.wiki.db.pool
  const row = async (): Promise<{ url: string, hash: Buffer, key: Buffer, revoked: Date | null } | undefined> => (await pool.query(
    "SELECT rc_push_url AS url, rc_token_hash AS hash, rc_push_key AS key, rc_revoked AS revoked FROM public.wb_remote_client WHERE rc_site_id = 'remotewiki'")).rows[0]

  const token = await ensureRemoteClient(repo, 'remotewiki', 'http://127.0.0.1:8083')
  t.match(token, /^wbc_[A-Za-z0-9_-]{43}$/, 'a token as `clients add` prints it')
  t.same(await row(), { url: 'http://127.0.0.1:8083', hash: tokenHash(token), key: pushKey(token), revoked: null },
    'the repo keeps its hash and the push key derived from it, never the token')
  t.equal(await settingOf(pool, repo.wiki.db, 'remote-client-token:remotewiki'), token, 'the farm notes the token')

  t.equal(await ensureRemoteClient(repo, 'remotewiki', 'http://127.0.0.1:8083'), token, 'the next start: the same token')
  t.equal(await ensureRemoteClient(repo, 'remotewiki', 'http://127.0.0.1:9093'), token, 'another port: the same token')
  t.equal((await row())!.url, 'http://127.0.0.1:9093', '…and the push goes to the new URL')

  // Registered again by hand (`clients add` printed a token the farm never saw).
  const other = newClientToken()
  await pool.query("UPDATE public.wb_remote_client SET rc_token_hash = $1, rc_push_key = $2 WHERE rc_site_id = 'remotewiki'", [tokenHash(other), pushKey(other)])
  const fresh = await ensureRemoteClient(repo, 'remotewiki', 'http://127.0.0.1:9093')
  t.not(fresh, token, 'a token the farm does not have: a new one')
  t.not(fresh, other, 'not the one printed by hand either')
  t.same((await row())!.hash, tokenHash(fresh), 'the repo knows the new one')

  await pool.query("UPDATE public.wb_remote_client SET rc_revoked = now() WHERE rc_site_id = 'remotewiki'")
  const before = await row()
  await t.rejects(ensureRemoteClient(repo, 'remotewiki', 'http://127.0.0.1:8083'),
    { name: 'StartupError', message: /^remotewiki is revoked on the repo \(since .+\); `fastify-wikibase clients remove remotewiki --purge` lets the farm register it again\.$/ },
    'a revoked client stops the start, naming the way out')
  t.same(await row(), before, 'and stays revoked, unchanged')
})
