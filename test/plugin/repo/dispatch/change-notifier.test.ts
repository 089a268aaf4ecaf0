import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { recentChange, saveEdit, startWiki } from '../../../support/farm.js'
import { freshDatabase, queuedJobs } from '../../../support/test-database.js'
import { newEntityChange, setChangeMetadata, type EntityChange } from '../../../../plugin/changes/entity-change.js'
import { checkRecordedEdit, notifyOnEntityEdit, withRecordedFields } from '../../../../plugin/repo/dispatch/change-notifier.js'
import { dispatchShard } from '../../../../plugin/repo/dispatch/dispatch-shard.js'
import { emptyEntityDiffChangedAspects, type EntityDiffChangedAspects } from '../../../../plugin/changes/entity-diff-changed-aspects.js'
import { parseEntityId } from '../../../../hooks/ids.js'
import { subscribe } from '../../../../plugin/repo-reader/subscriptions.js'
import { createTestHost } from '../../../support/test-host.js'
import { withTransaction } from '../../../../plugin/db/wiki-database.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

// §7.17: the RC attributes of Wikibase's RecentChangeSaveHookHandlerTest
const rcAttributes = {
  rc_timestamp: new Date(1234567890 * 1000),
  rc_bot: true,
  rc_cur_id: 42,
  rc_last_oldid: 776,
  rc_this_oldid: 777,
  rc_comment: 'edit summary',
  rc_user: 321,
  rc_user_text: 'some_user'
}

function changeOf (entity: string, aspects: Partial<EntityDiffChangedAspects>): EntityChange {
  return newEntityChange('update', parseEntityId(entity), { compactDiff: { ...emptyEntityDiffChangedAspects(), ...aspects } })
}
const statementP1 = (): EntityChange => changeOf('Q1', { statementChangesExcludingQualOrRefOnlyChanges: ['P1'] })

async function rows (app: FastifyInstance): Promise<Array<{ type: string, object: string, rev: string, user: string, time: Date, info: any }>> {
  const { rows } = await wikibaseInternals(app).self.pool.query(
    'SELECT change_type AS type, change_object_id AS object, change_revision_id AS rev, change_user_id AS user, change_time AS time, change_info AS info FROM repo.wb_changes ORDER BY change_id')
  return rows
}
async function dispatchJobs (app: FastifyInstance): Promise<unknown[]> {
  return (await queuedJobs(wikibaseInternals(app).self.pool, 'repo_jobs', 'wikibase:dispatchChanges')).map(j => j.payload)
}
/** The dispatch job of the entity's shard (8 shards, the default), as an edit queues it. */
const shardJob = (entity: string): unknown => ({ shard: dispatchShard(entity, 8) })
async function reset (app: FastifyInstance): Promise<void> {
  await wikibaseInternals(app).self.pool.query('TRUNCATE repo.wb_changes, repo.wb_changes_subscription CASCADE; DELETE FROM repo_jobs._private_jobs')
}

t.test('the change of a recorded entity edit (facts §7.17, Wikibase\'s RecentChangeSaveHookHandlerTest cases)', async t => {
  const url = await freshDatabase(t, 'rcsave')
  const central = new Map([[321, 123]])
  const app = await startWiki(t, {
    siteId: 'repo', roles: ['repo'], database: url, schema: { data: 'repo', queue: 'repo_jobs' },
    clients: [{ siteId: 'enwiki' }], worker: { enabled: false }, host: createTestHost({ centralUserId: async id => central.get(id) ?? 0 })
  })
  const db = wikibaseInternals(app).self

  t.test('a subscribed entity: the row carries the RC metadata and user, and one dispatch job is queued', async t => {
    await reset(app)
    await subscribe(db.pool, db, 'enwiki', ['Q1'])
    await saveEdit(app, statementP1(), recentChange(rcAttributes))
    const [row, ...more] = await rows(app)
    t.same(more, [])
    t.equal(row!.type, 'wikibase-item~update')
    t.equal(row!.object, 'Q1')
    t.equal(row!.rev, '777')
    t.equal(row!.user, '321')
    t.equal(row!.time.getTime(), 1234567890 * 1000)
    t.same(row!.info.metadata, { bot: 1, page_id: 42, rev_id: 777, parent_id: 776, comment: 'edit summary', user_text: 'some_user', central_user_id: 123 })
    t.equal(typeof row!.info.compactDiff, 'string', 'compactDiff is stored double-encoded, as Wikibase does')
    t.same(await dispatchJobs(app), [shardJob('Q1')])
  })

  t.test('no subscriber and no sitelink change: nothing written, no job', async t => {
    await reset(app)
    await saveEdit(app, statementP1(), recentChange(rcAttributes))
    t.same(await rows(app), [])
    t.same(await dispatchJobs(app), [])
  })

  t.test('a qualifier/reference-only change of a subscribed entity is dispatched', async t => {
    await reset(app)
    await subscribe(db.pool, db, 'enwiki', ['Q1'])
    await saveEdit(app, changeOf('Q1', { statementChangesQualOrRefOnly: ['P1'] }), recentChange(rcAttributes))
    t.same(await dispatchJobs(app), [shardJob('Q1')])
  })

  t.test('an item sitelink change is dispatched without subscribers; a badge-only one is not', async t => {
    await reset(app)
    await saveEdit(app, changeOf('Q50', { siteLinkChanges: { some_wiki: [null, 'some_page', false] } }), recentChange(rcAttributes))
    await saveEdit(app, changeOf('Q51', { siteLinkChanges: { some_wiki: [null, null, true] } }), recentChange(rcAttributes))
    t.same((await rows(app)).map(r => r.object), ['Q50'])
    t.same(await dispatchJobs(app), [shardJob('Q50')])
  })

  t.test('edits of several entities in one burst collapse into one pending job per shard', async t => {
    await reset(app)
    // Q1 and P31 share shard 7, Q2 is in shard 2.
    t.same([dispatchShard('Q1', 8), dispatchShard('P31', 8), dispatchShard('Q2', 8)], [7, 7, 2])
    await subscribe(db.pool, db, 'enwiki', ['Q1', 'Q2', 'P31'])
    for (const entity of ['Q1', 'Q2', 'P31', 'Q1', 'Q1', 'Q2', 'P31']) await saveEdit(app, changeOf(entity, { labelChanges: ['en'] }))
    t.equal((await rows(app)).length, 7, 'every change is kept')
    t.same(await dispatchJobs(app), [{ shard: 7 }, { shard: 2 }])
    const { rows: jobs } = await db.pool.query<{ key: string, queue: string }>(
      'SELECT j.key, q.queue_name AS queue FROM repo_jobs._private_jobs j JOIN repo_jobs._private_job_queues q ON q.id = j.job_queue_id ORDER BY j.id')
    t.same(jobs, [{ key: 'repo/dispatch:7', queue: 'repo/dispatch:7' }, { key: 'repo/dispatch:2', queue: 'repo/dispatch:2' }], 'keyed and queued per shard')
    const { rows: shards } = await db.pool.query<{ object: string, shard: number }>(
      'SELECT DISTINCT change_object_id AS object, change_shard AS shard FROM repo.wb_changes ORDER BY 1')
    t.same(shards, [{ object: 'P31', shard: 7 }, { object: 'Q1', shard: 7 }, { object: 'Q2', shard: 2 }], 'each row stored with its shard')
  })

  t.test('an entity with undispatched rows keeps their shard when the shard count changes', async t => {
    await reset(app)
    await subscribe(db.pool, db, 'enwiki', ['Q1'])
    await saveEdit(app, changeOf('Q1', { labelChanges: ['en'] }))
    // As if repoSettings.dispatchShards had been 2 when the next edit was made (Q1 → shard 1 of 2).
    const { self, host } = wikibaseInternals(app)
    await withTransaction(self.pool, async tx => {
      const deps = { db: self, centralUserId: host?.services.centralUserId ?? (async () => 0), dispatchDelayMs: 0, dispatchShards: 2 }
      await notifyOnEntityEdit(tx, changeOf('Q1', { labelChanges: ['de'] }), { pageId: 1, revisionId: 2, rcId: 3 }, deps)
    })
    const { rows: shards } = await db.pool.query<{ shard: number }>('SELECT change_shard AS shard FROM repo.wb_changes ORDER BY change_id')
    t.same(shards, [{ shard: 7 }, { shard: 7 }], 'the second change joins the first in shard 7')
    t.same(await dispatchJobs(app), [{ shard: 7 }], 'and its job')
  })

  t.test('the dispatch job is queued last in the edit\'s transaction (its keyed row is locked only for the commit)', async t => {
    await reset(app)
    await subscribe(db.pool, db, 'enwiki', ['Q1'])
    let inside = -1
    await saveEdit(app, statementP1(), recentChange(rcAttributes), async tx => {
      inside = (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM repo_jobs._private_jobs')).rows[0]!.n
    })
    t.equal(inside, 0, 'not yet queued when the transaction\'s later statements ran')
    t.same(await dispatchJobs(app), [shardJob('Q1')], 'queued by the commit')
  })

  t.test('a rolled back host transaction leaves neither a change row nor a job', async t => {
    await reset(app)
    await subscribe(db.pool, db, 'enwiki', ['Q1'])
    await t.rejects(saveEdit(app, statementP1(), recentChange(rcAttributes), async () => { throw new Error('saving the page failed') }), /saving the page failed/)
    t.same(await rows(app), [])
    t.same(await dispatchJobs(app), [])
  })
})

t.test('checkRecordedEdit: what recordEntityEdit answered, or a HostContractError naming what is wrong', async t => {
  const expected = 'fastify-wikibase: host.services.recordEntityEdit must resolve to { pageId, revisionId, rcId } (non-negative integers; optional timestamp: a Date)'
  const time = new Date(1234567890 * 1000)
  t.strictSame(checkRecordedEdit({ pageId: 5, revisionId: 6, rcId: 7 }), { pageId: 5, revisionId: 6, rcId: 7 })
  t.strictSame(checkRecordedEdit({ pageId: 0, revisionId: 0, rcId: 0, timestamp: time, extra: 'ignored' }), { pageId: 0, revisionId: 0, rcId: 0, timestamp: time })
  const cases: Array<[string, unknown, string]> = [
    ['nothing', undefined, `${expected}; it gave undefined`],
    ['null', null, `${expected}; it gave null`],
    ['a number', 42, `${expected}; it gave number 42`],
    ['the old tuple shape', [1, 2, 3], `${expected}; its pageId is undefined`],
    ['a string id', { pageId: '5', revisionId: 6, rcId: 7 }, `${expected}; its pageId is string 5`],
    ['a negative id', { pageId: 5, revisionId: -1, rcId: 7 }, `${expected}; its revisionId is number -1`],
    ['a fraction', { pageId: 5, revisionId: 6, rcId: 7.5 }, `${expected}; its rcId is number 7.5`],
    ['a missing rcId', { pageId: 5, revisionId: 6 }, `${expected}; its rcId is undefined`],
    ['NaN', { pageId: Number.NaN, revisionId: 6, rcId: 7 }, `${expected}; its pageId is number NaN`],
    ['a time as text', { pageId: 5, revisionId: 6, rcId: 7, timestamp: '2009-02-13' }, `${expected}; its timestamp is string 2009-02-13`],
    ['an invalid Date', { pageId: 5, revisionId: 6, rcId: 7, timestamp: new Date('x') }, `${expected}; its timestamp is an invalid Date`]
  ]
  for (const [name, value, message] of cases) {
    t.throws(() => checkRecordedEdit(value), { name: 'HostContractError', code: 'host-contract', service: 'recordEntityEdit', message }, name)
  }
})

t.test('withRecordedFields: the host\'s page id and time, the central user; the rest of the change kept', async t => {
  const change = setChangeMetadata({ ...statementP1(), revisionId: 777, userId: 321, time: '20240101000000' },
    { bot: 0, page_id: 0, rev_id: 777, parent_id: 776, comment: 'c', user_text: 'U' })
  const timed = withRecordedFields(change, { pageId: 42, revisionId: 9, rcId: 3, timestamp: new Date(1234567890 * 1000) }, 123)
  t.equal(timed.time, '20090213233130')
  t.equal(timed.revisionId, 777, 'the entity revision, not the host revision')
  t.same(timed.metadata, { bot: 0, page_id: 42, rev_id: 777, parent_id: 776, comment: 'c', user_text: 'U', central_user_id: 123 })
  t.equal(withRecordedFields(change, { pageId: 42, revisionId: 9, rcId: 3 }, 0).time, '20240101000000', 'no timestamp: the revision\'s time')
})
