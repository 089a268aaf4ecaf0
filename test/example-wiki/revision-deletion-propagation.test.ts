import t from 'tap'
import pg from 'pg'
import { startWiki } from '../support/farm.js'
import { eventually } from '../support/test-database.js'
import { savePage } from '../../example-wiki/engine/wiki-engine.js'
import { parseTitle } from '../../example-wiki/engine/titles.js'
import { saveAccount } from '../../example-wiki/engine/account-store.js'
import { createEntity, deleteEntity, editEntity } from '../../plugin/repo/entities/entity-editor.js'
import { hashPassword } from '../../example-wiki/engine/passwords.js'
import { DELETED_COMMENT, DELETED_RESTRICTED } from '../../plugin/repo/revision-deletion/revision-visibility.js'
import { wikibaseInternals } from '../../plugin/facade.js'
import { engineWiki } from '../support/engine-wiki.js'

/**
 * Issue 16 item 3 end to end on a farm of three example wikis with separate databases (a
 * repo, enwiki and dewiki, both clients using Q1): suppressing a repo revision's comment sets
 * rc_deleted on the rows each client injected from that revision (and no other row), so no
 * client's Special:RecentChanges data shows the comment; deleting the entity removes the
 * rows injected from its revisions on every client. The suppression is made as an
 * oversighter makes it: logged in through the repo's api.php, `action=revisiondelete`.
 */
const text = (value: string): Record<string, { language: string, value: string }> => ({ en: { language: 'en', value } })

t.test('a suppressed comment and a deleted entity reach every client\'s recent changes', async t => {
  const repoSide = await engineWiki(t, 'revdelrepo', 'repowiki')
  const clients = [await engineWiki(t, 'revdelen', 'enwiki'), await engineWiki(t, 'revdelde', 'dewiki')]
  const repo = await startWiki(t, {
    siteId: 'repowiki', roles: ['repo'], pool: repoSide.pool, host: repoSide.wiki.host,
    clients: [{ siteId: 'enwiki', database: clients[0]!.url }, { siteId: 'dewiki', database: clients[1]!.url }], worker: { pollInterval: 100 }
  })
  for (const [i, siteId] of ['enwiki', 'dewiki'].entries()) {
    await startWiki(t, {
      siteId, roles: ['client'], pool: clients[i]!.pool, host: clients[i]!.wiki.host,
      repo: { siteId: 'repowiki', database: repoSide.url }, worker: { pollInterval: 100 }
    })
  }
  const sysop = await saveAccount(repoSide.pool, { pool: repoSide.pool, schema: 'wiki' }, 'Admin', await hashPassword('oversight-password'), ['sysop', 'suppress'])
  const ctx = { db: wikibaseInternals(repo).self, host: repoSide.wiki.host, user: { id: sysop, name: 'Admin', anonymous: false, bot: false } }
  await createEntity(ctx, 'property', { type: 'property', datatype: 'string', labels: text('motto') }) // P1
  const motto = (value: string): never => ({ P1: [{ type: 'statement', rank: 'normal', mainsnak: { snaktype: 'value', property: 'P1', datavalue: { type: 'string', value } } }] }) as never
  const q1 = (await createEntity(ctx, 'item', { type: 'item', labels: text('Berlin'), claims: motto('a') })).entityId
  const q2 = (await createEntity(ctx, 'item', { type: 'item', labels: text('Potsdam'), claims: motto('b') })).entityId
  const anon = { id: 0, name: '127.0.0.1', anonymous: true, bot: false }
  for (const side of clients) {
    await savePage(side.wiki, { title: parseTitle('Uses both'), text: `{{#property:P1|from=${q1}}} {{#property:P1|from=${q2}}}`, comment: 'new', user: anon })
  }
  const until = async (what: () => Promise<boolean>): Promise<void> => { await eventually(async () => (await what()) ? true : undefined, 30_000) }
  await until(async () => (await repoSide.pool.query('SELECT count(*)::int AS n FROM public.wb_changes_subscription')).rows[0].n === 4)

  const secret = await editEntity(ctx, q1, e => ({ ...e, claims: motto('a2') }), { comment: 'doxxing summary' })
  const later = await editEntity(ctx, q1, e => ({ ...e, claims: motto('a3') }), { comment: 'fine summary' })
  const other = await editEntity(ctx, q2, e => ({ ...e, claims: motto('b2') }), { comment: 'other summary' })
  interface Injected { entity: string, revision: string, deleted: number, comment: string }
  const injected = async (pool: pg.Pool): Promise<Injected[]> => (await pool.query(
    `SELECT rc_params -> 'wikibase-repo-change' ->> 'object_id' AS entity, rc_params -> 'wikibase-repo-change' ->> 'revision_id' AS revision,
            rc_deleted AS deleted, rc_comment AS comment
       FROM wiki.recentchanges WHERE rc_source = 'wb' ORDER BY rc_id`)).rows
  const revisions = [secret, later, other].map(r => String(r.revision.revisionId))
  for (const side of clients) await until(async () => (await injected(side.pool)).filter(row => revisions.includes(row.revision)).length === 3)
  for (const side of clients) {
    t.ok((await injected(side.pool)).every(row => row.deleted === 0), 'nothing hidden before')
  }

  // The oversighter logs in to the repo's api.php (bots' two-step flow) and suppresses the comment.
  const post = async (params: Record<string, string>, cookie?: string): Promise<{ body: any, cookie: string | undefined }> => {
    const response = await repo.inject({
      method: 'POST',
      url: '/w/api.php',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie === undefined ? {} : { cookie }) },
      payload: new URLSearchParams({ format: 'json', ...params }).toString()
    })
    const set = response.headers['set-cookie']
    return { body: response.json(), cookie: (Array.isArray(set) ? set[0] : set)?.split(';')[0] ?? cookie }
  }
  const loginToken = await post({ action: 'query', meta: 'tokens', type: 'login' })
  const login = await post({ action: 'login', lgname: 'Admin', lgpassword: 'oversight-password', lgtoken: loginToken.body.query.tokens.logintoken }, loginToken.cookie)
  t.equal(login.body.login?.result, 'Success', 'logged in to the repo')
  const csrf = (await post({ action: 'query', meta: 'tokens' }, login.cookie)).body.query.tokens.csrftoken as string
  const suppressed = await post({
    action: 'revisiondelete', type: 'revision', target: `Item:${q1}`, ids: String(secret.revision.revisionId), hide: 'comment', suppress: 'yes', reason: 'doxxing', token: csrf
  }, login.cookie)
  t.match(suppressed.body.revisiondelete, { status: 'Success', items: [{ id: secret.revision.revisionId, status: 'Success', commenthidden: true }] })
  const bits = DELETED_COMMENT | DELETED_RESTRICTED
  for (const [i, side] of clients.entries()) {
    await until(async () => (await injected(side.pool)).some(row => row.revision === revisions[0] && row.deleted === bits))
    // Order is guaranteed per entity only: changes to Q1 and Q2 may be dispatched by different shards.
    const rows = (await injected(side.pool)).filter(row => revisions.includes(row.revision))
      .sort((a, b) => revisions.indexOf(a.revision) - revisions.indexOf(b.revision))
    t.same(rows.map(row => [row.revision, row.deleted]), [[revisions[0], bits], [revisions[1], 0], [revisions[2], 0]],
      `client ${i}: only the rows of the suppressed revision are marked`)
  }

  await deleteEntity(ctx, q1, { comment: 'spam' })
  for (const [i, side] of clients.entries()) {
    await until(async () => !(await injected(side.pool)).some(row => row.entity === q1 && row.revision !== '0'))
    const rows = await injected(side.pool)
    t.same(rows.filter(row => row.entity === q1 && row.revision !== '0'), [], `client ${i}: the rows of Q1's revisions are gone`)
    t.ok(rows.some(row => row.entity === q2 && row.revision === revisions[2]), `client ${i}: Q2's rows stay`)
  }
})
