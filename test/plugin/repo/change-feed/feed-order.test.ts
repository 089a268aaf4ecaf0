import t from 'tap'
import pg from 'pg'
import { freshDatabase, eventually } from '../../../support/test-database.js'
import { SseClient } from '../../../../bench/lib/sse-client.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'
import { withTransaction } from '../../../../plugin/db/wiki-database.js'
import { appendToFeed, readFeed } from '../../../../plugin/repo/change-feed/feed-store.js'
import { FEED_SESSION_NAME } from '../../../../plugin/repo/change-feed/feed-hub.js'
import { makeSweepChangeFeedTask } from '../../../../jobs/sweep-change-feed.js'
import { newEntityChange } from '../../../../plugin/changes/entity-change.js'
import { parseEntityId } from '../../../../hooks/ids.js'
import { edit, FEED, listeningRepo } from './feed-support.js'

/**
 * Issue 19.1: feed ids are strictly increasing in commit order (a reader never sees a smaller
 * id appear after a larger one), many streams share one database listener, retention.
 */

const noFilter = { entities: null, types: null, subscriber: null }

t.test('concurrent edits: the second waits for the first commit before taking its id', async t => {
  const { app } = await listeningRepo(t, await freshDatabase(t, 'feedorder'))
  const { self: db } = wikibaseInternals(app)
  const change = (id: string): ReturnType<typeof newEntityChange> => newEntityChange('update', parseEntityId(id))
  const first = await db.pool.connect()
  t.teardown(() => { first.release() })
  await first.query('BEGIN')
  const firstId = await appendToFeed(first, db, change('Q1'), null)
  // The second edit starts after the first took its id and commits before it …
  let secondId: number | null = null
  let secondPid = 0
  const second = withTransaction(db.pool, async tx => {
    secondPid = (await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid
    secondId = await appendToFeed(tx, db, change('Q2'), null)
  })
  // … but it waits on the position lock, so no reader can see its id while the first's is missing.
  await eventually(async () => {
    if (secondPid === 0) return undefined
    const { rows } = await db.pool.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'", [secondPid])
    return rows.length === 1 ? true : undefined
  })
  t.equal(secondId, null)
  t.same((await readFeed(db.pool, db, 0, 10, noFilter)).rows, [], 'nothing visible yet')
  await first.query('COMMIT')
  await second
  t.same([firstId, secondId], [1, 2])
  t.same((await readFeed(db.pool, db, 0, 10, noFilter)).rows.map(r => [Number(r.cf_id), r.cf_entity_id]), [[1, 'Q1'], [2, 'Q2']])

  // A rolled back edit gives its id back: ids stay increasing (gaps are tolerated anyway).
  await withTransaction(db.pool, async tx => {
    await appendToFeed(tx, db, change('Q3'), null)
    throw new Error('rolled back')
  }).catch(() => {})
  await edit(app, 'Q4')
  t.same((await readFeed(db.pool, db, 2, 10, noFilter)).rows.map(r => [Number(r.cf_id), r.cf_entity_id]), [[3, 'Q4']])
})

t.test('50 streams share one database listener and all get every edit', async t => {
  const url = await freshDatabase(t, 'feedshare')
  const { app, base } = await listeningRepo(t, url)
  const clients = Array.from({ length: 50 }, () => new SseClient(`${base}${FEED}`))
  t.teardown(() => { for (const client of clients) client.close() })
  await Promise.all(clients.map(async client => { await client.waitFor(c => c.comments >= 1) }))
  await eventually(async () => wikibaseInternals(app) !== undefined ? true : undefined)
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  t.teardown(async () => { await admin.end() })
  const listening = async (): Promise<number> => Number((await admin.query(
    'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1', [FEED_SESSION_NAME])).rows[0].n)
  t.equal(await listening(), 1, 'one listener session for 50 streams')
  t.same((await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()')).rows[0].n <= 1 + 8 + 2 + 1, true,
    'the database sees no session per stream')
  for (const id of ['Q1', 'Q2', 'Q3']) await edit(app, id)
  await Promise.all(clients.map(async client => { await client.waitFor(c => c.events.length === 3) }))
  t.ok(clients.every(client => client.ids().join() === '1,2,3'), 'every stream got 1, 2, 3 in order')
  // The fan-out reads through the listener's session: still one.
  t.equal(await listening(), 1)
  await app.close()
  await Promise.all(clients.map(async client => { await client.waitFor(c => c.ended) }))
  await eventually(async () => await listening() === 0 ? true : undefined)
  t.pass('app close ended every stream and the listener')
})

t.test('retention: the crontab sweep deletes entries older than changeFeedRetention', async t => {
  const { app, base } = await listeningRepo(t, await freshDatabase(t, 'feedsweep'))
  const { self: db } = wikibaseInternals(app)
  const day = 86_400_000
  await edit(app, 'Q1', new Date(Date.now() - 8 * day))
  await edit(app, 'Q2', new Date(Date.now() - 6 * day))
  await edit(app, 'Q3')
  const task = makeSweepChangeFeedTask({ repo: db, changeFeedRetention: wikibaseInternals(app).options.repoSettings.changeFeedRetention, log: app.log })
  t.equal(wikibaseInternals(app).options.repoSettings.changeFeedRetention, 7 * 86_400, 'default: 7 days')
  await task.run({ _cron: { ts: new Date().toISOString(), backfilled: false } }, undefined as never)
  const list = await (await fetch(`${base}${FEED}`, { headers: { accept: 'application/json' } })).json() as { changes: Array<{ entityId: string }> }
  t.same(list.changes.map(c => c.entityId), ['Q2', 'Q3'])
})
