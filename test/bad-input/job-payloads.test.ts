import t from 'tap'
import { startWiki } from '../support/farm.js'
import { eventually, freshDatabase } from '../support/test-database.js'
import { TaskPayloads, type TaskName } from '../../plugin/queue/task-payloads.js'
import { schemaProblems } from '../../plugin/schema-problems.js'
import { createTestHost } from '../support/test-host.js'
import { wikibaseInternals } from '../../plugin/facade.js'

/**
 * Every task with malformed payloads: the job fails once, permanently (attempts =
 * max_attempts = 1, so graphile-worker never retries it), with a last_error that names the
 * task and what is wrong; nothing else is written.
 */
const validChange = { id: 1, type: 'wikibase-item~update', time: '20260101000000', object_id: 'Q1', revision_id: 1, user_id: 0, info: '{}' }
const page = { id: 1, namespace: 0, title: 'P' }
const cause = { action: 'update', agent: 'uid:1' }

const move = { siteId: 'enwiki', entityId: 'Q1', user: 'Alice', centralUserId: 0, oldTitle: 'A', newTitle: 'B' }
const del = { siteId: 'enwiki', entityId: 'Q1', user: 'Alice', centralUserId: 0, title: 'A' }
const rev = { revisionId: 1, visibility: 2 }
const generic: unknown[] = [null, 42, 'text', [], true, { unexpected: 1 }]
const malformed: Record<TaskName, unknown[]> = {
  'wikibase:dispatchChanges': [{}, { entityId: 'Q0' }, { entityId: "Q1'; DROP TABLE wb_changes; --" }, { entityId: 1 }, { entityId: 'Q1', extra: true }, { entityId: 'X'.repeat(100_000) },
    { shard: -1 }, { shard: 1024 }, { shard: 1.5 }, { shard: '1' }, { shard: 0, entityId: 'Q1' }],
  'wikibase:deliverChanges': [{}, { entityId: 'Q1' }, { clientSiteId: 'enwiki', extra: 1 }, { clientSiteId: '../etc', entityId: 'Q1' }, { clientSiteId: 'x'.repeat(33), entityId: 'Q1' }, { clientSiteId: 'enwiki', entityId: 'Q01' }],
  'wikibase:resubmitChanges': [{ minimumAge: -1 }, { minimumAge: 'soon' }, { minimumAge: 1.5 }],
  'wikibase:reindexTerms': [{ all: true }, { batchSize: 10 }],
  'wikibase:sweepOrphanSubscriptions': [{ site: 'enwiki' }, { all: true }],
  'wikibase:sweepChangeFeed': [{ retention: 60 }, { _cron: 'now' }],
  'wikibase:entityChangeNotification': [
    { repoSiteId: 'repowiki' }, { repoSiteId: '', changes: [] }, { repoSiteId: 'repowiki', changes: [{}] },
    { repoSiteId: 'repowiki', changes: [{ ...validChange, id: 0 }] }, { repoSiteId: 'repowiki', changes: [{ ...validChange, time: 'yesterday' }] },
    { repoSiteId: 'repowiki', changes: [{ ...validChange, object_id: 'Q1 OR 1=1' }] }, { repoSiteId: 'repowiki', changes: [{ ...validChange, info: {} }] },
    { repoSiteId: 'repowiki', changes: 'all' }
  ],
  'wikibase:purgeWebCache': [{ pages: [], cause }, { pages: [{ ...page, id: -1 }], cause }, { pages: [page] }, { pages: [page], cause: { action: 1, agent: 'x' } }],
  'wikibase:refreshLinks': [{ page }, { page: { ...page, title: '' }, cause }, { page: { id: '1', namespace: 0, title: 'P' }, cause }],
  'wikibase:refreshPages': [{ pages: [page] }, { all: true }],
  'wikibase:purgeCacheTags': [
    { tags: [], cause }, { tags: ['wb-Q1'] }, { tags: ['Q1'], cause }, { tags: ['wb-Q1 wb-Q2'], cause }, { tags: ['wb-Q1\r\nX-Injected: 1'], cause },
    { tags: ['wb-Q1'], cause, extra: 1 }
  ],
  'wikibase:addUsagesForPage': [
    { page, usages: [] }, { page, usages: ['Q1#Z'] }, { page, usages: ['Q1'] }, { page, usages: ["Q1#L.en'; DROP TABLE wbc_entity_usage; --\n"] },
    { page: { ...page, id: 0 }, usages: ['Q1#S'] }, { usages: ['Q1#S'] }, { page, usages: ['Q1#S'], extra: 1 }
  ],
  'wikibase:injectRCRecords': [
    { repoSiteId: 'repowiki', changeKey: '1', pages: [page] }, { repoSiteId: 'repowiki', changeKey: '', pages: [page], change: validChange },
    { repoSiteId: 'repowiki', changeKey: '1', pages: [], change: validChange }, { repoSiteId: 'repowiki', changeKey: '1', pages: [page], change: { ...validChange, type: 'edit' } },
    { repoSiteId: 'repowiki', entries: [] }, { repoSiteId: 'repowiki', entries: [{ changeKey: '1', pages: [page] }] },
    { repoSiteId: 'repowiki', entries: [{ changeKey: '1', pages: [page], change: validChange }], changeKey: '1' }
  ],
  'wikibase:handleInbox': [{}, { repoSiteId: '' }, { repoSiteId: 'repowiki', extra: 1 }, { repoSiteId: 7 }],
  'wikibase:pullChanges': [{}, { repoSiteId: '' }, { repoSiteId: '../etc' }, { repoSiteId: 'repowiki', since: 0 }, { repoSiteId: 'repowiki', _cron: 'now' }],
  'wikibase:syncSubscriptions': [{ entityIds: ['Q1'] }, { all: true }],
  'wikibase:syncUsageCounts': [{ entityIds: ['Q1'] }, { all: true }],
  'wikibase:updateRepoOnMove': [
    { ...move, oldTitle: '' }, { ...move, newTitle: 'x'.repeat(256) }, { ...move, newTitle: 'A\nB' }, { ...move, entityId: 'P1' },
    { ...move, siteId: '../etc' }, { ...move, centralUserId: -1 }, { ...move, user: '' }, { ...move, extra: 1 }, { ...move, oldTitle: undefined }
  ],
  'wikibase:updateRepoOnDelete': [{ ...del, title: '' }, { ...del, title: 'A\u0000' }, { ...del, entityId: 'Q0' }, { ...del, user: 5 }, { ...del, oldTitle: 'A' }],
  'wikibase:pushUpdateRepo': [
    { task: 'wikibase:updateRepoOnMove', params: del }, { task: 'wikibase:updateRepoOnDelete', params: move },
    { task: 'wikibase:dispatchChanges', params: { entityId: 'Q1' } }, { task: 'wikibase:updateRepoOnMove' }, { params: move }
  ],
  'wikibase:dispatchChangeVisibility': [
    { entityId: 'Q1', revisions: [] }, { entityId: 'Q1', revisions: [{ ...rev, visibility: 16 }] }, { entityId: 'Q1', revisions: [{ ...rev, revisionId: 0 }] },
    { entityId: 'Q1', revisions: Array.from({ length: 51 }, (_, i) => ({ revisionId: i + 1, visibility: 2 })) }, { entityId: 'Q0', revisions: [rev] },
    { entityId: 'Q1', revisions: [{ ...rev, extra: 1 }] }
  ],
  'wikibase:changeVisibilityNotification': [
    { entityId: 'Q1', revisions: [rev] }, { repoSiteId: '../etc', entityId: 'Q1', revisions: [rev] },
    { repoSiteId: 'repowiki', entityId: 'Q1', revisions: [{ ...rev, visibility: -1 }] }, { repoSiteId: 'repowiki', entityId: "Q1'--", revisions: [rev] }
  ],
  'wikibase:dispatchChangeDeletion': [{}, { entityId: 'Q1 OR 1=1' }, { entityId: 'Q1', revisions: [] }],
  'wikibase:changeDeletionNotification': [{ entityId: 'Q1' }, { repoSiteId: 'repowiki' }, { repoSiteId: 'x'.repeat(33), entityId: 'Q1' }]
}

const REMOTE_MODE_TASKS = ['wikibase:pullChanges'] as const

t.test('malformed job payloads fail permanently with a clear message, without retries', async t => {
  const url = await freshDatabase(t, 'badjobs')
  // One wiki that is repo and client, so it runs every task.
  const app = await startWiki(t, { siteId: 'repowiki', roles: ['repo', 'client'], database: url, worker: { pollInterval: 100 }, host: createTestHost(), repoSettings: { resubmitSchedule: '' } })
  const pool = wikibaseInternals(app).self.pool
  t.same(Object.keys(malformed).sort(), Object.keys(TaskPayloads).sort(), 'every task of task-payloads.ts is covered')
  const before = (await pool.query('SELECT (SELECT count(*) FROM wb_changes) + (SELECT count(*) FROM wbc_entity_usage) AS n')).rows[0].n

  // Tasks of a client in remote mode (issue 19) are not in this wiki's task list: their
  // payloads are checked against the schema the task list checks them with.
  for (const task of REMOTE_MODE_TASKS) {
    for (const payload of [...generic, ...malformed[task]]) t.not(schemaProblems(TaskPayloads[task], payload).length, 0, `${task} ${JSON.stringify(payload)}: refused`)
  }
  const ids: Array<{ id: string, task: string, payload: unknown }> = []
  for (const [task, payloads] of Object.entries(malformed).filter(([task]) => !(REMOTE_MODE_TASKS as readonly string[]).includes(task))) {
    for (const payload of [...generic, ...payloads]) {
      const { rows } = await pool.query<{ id: string }>('SELECT (wikibase_jobs.add_job($1, $2::json)).id', [task, JSON.stringify(payload)])
      ids.push({ id: rows[0]!.id, task, payload })
    }
  }
  const failed = await eventually(async () => {
    const { rows } = await pool.query<{ id: string, attempts: number, max_attempts: number, last_error: string | null, locked_at: Date | null }>(
      'SELECT id, attempts, max_attempts, last_error, locked_at FROM wikibase_jobs._private_jobs WHERE id = ANY($1::bigint[])', [ids.map(i => i.id)])
    return rows.length === ids.length && rows.every(r => r.attempts >= 1 && r.locked_at === null && r.last_error !== null) ? rows : undefined
  }, 60_000)
  const byId = new Map(failed.map(r => [r.id, r]))
  for (const job of ids) {
    const row = byId.get(job.id)!
    const shown = JSON.stringify(job.payload)?.slice(0, 80)
    t.equal(row.attempts, 1, `${job.task} ${shown}: tried once`)
    t.equal(row.max_attempts, 1, `${job.task} ${shown}: never retried`)
    t.match(row.last_error, new RegExp(`invalid payload for task ${job.task}`), `${job.task} ${shown}: the error names the task`)
    t.ok(row.last_error!.length < 5000, `${job.task}: the error stays short (${row.last_error!.length} chars)`)
  }
  await new Promise(resolve => setTimeout(resolve, 500))
  const { rows: others } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM wikibase_jobs._private_jobs WHERE NOT (id = ANY($1::bigint[]))', [ids.map(i => i.id)])
  t.equal(others[0]!.n, 0, 'no job queued anything')
  const after = (await pool.query('SELECT (SELECT count(*) FROM wb_changes) + (SELECT count(*) FROM wbc_entity_usage) AS n')).rows[0].n
  t.equal(after, before, 'nothing written')
  t.ok((await pool.query("SELECT to_regclass('public.wb_changes') AS t")).rows[0].t, 'the SQL-looking payloads did nothing')
})
