import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import type { EntityPageEdit, RecentChange, Tx } from '../../../../hooks/contract.js'
import { parseEntityId } from '../../../../hooks/ids.js'
import { createEntity, editEntity, type EditContext } from '../../../../plugin/repo/entities/entity-editor.js'
import { subscribe } from '../../../../plugin/repo-reader/subscriptions.js'
import { loadLatestRevision } from '../../../../plugin/repo-reader/entity-revisions.js'
import { editor, startRepo } from '../../../support/repo-test-wiki.js'
import { queuedJobs } from '../../../support/test-database.js'
import { createTestHost, type TestHost } from '../../../support/test-host.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

/**
 * The transaction hand-off (issue 23): the plugin saves an entity edit's change from what
 * `recordEntityEdit` answers, in the edit's transaction. Whether and how the host fires
 * RecentChangeSave does not matter: never, twice, or with another client of the pool.
 */
const label = (value: string): Record<string, { language: string, value: string }> => ({ en: { language: 'en', value } })

async function changes (app: FastifyInstance): Promise<Array<{ type: string, rev: number, pageId: number }>> {
  const { rows } = await wikibaseInternals(app).self.pool.query(
    "SELECT change_type AS type, change_revision_id::int AS rev, (change_info->'metadata'->>'page_id')::int AS \"pageId\" FROM repo.wb_changes ORDER BY change_id")
  return rows
}
const dispatchJobs = async (app: FastifyInstance): Promise<unknown[]> =>
  (await queuedJobs(wikibaseInternals(app).self.pool, 'repo_jobs', 'wikibase:dispatchChanges')).map(j => j.payload)

/** A repo whose host records entity edits with `record`; Q1 exists and enwiki uses it. */
async function repoWith (t: Test, label_: string, record: (host: TestHost, edit: EntityPageEdit, tx: Tx) => Promise<unknown>): Promise<{ app: FastifyInstance, ctx: EditContext }> {
  const host = createTestHost()
  const app = await startRepo(t, label_, host)
  const ctx: EditContext = { db: wikibaseInternals(app).self, host, user: editor }
  const created = await createEntity(ctx, 'item', { type: 'item', labels: label('Berlin') })
  t.equal(created.entityId, 'Q1')
  await subscribe(wikibaseInternals(app).self.pool, wikibaseInternals(app).self, 'enwiki', ['Q1'])
  t.same(await changes(app), [], 'the creation: no client uses Q1 yet, nothing to dispatch')
  ;(host.services as { recordEntityEdit: unknown }).recordEntityEdit = async (edit: EntityPageEdit, tx: Tx) => await record(host, edit, tx)
  return { app, ctx }
}

const rcOf = (edit: EntityPageEdit, rcId: number): RecentChange => ({
  rc_id: rcId, rc_timestamp: new Date(), rc_namespace: 120, rc_title: edit.entityId, rc_cur_id: 300, rc_this_oldid: edit.revisionId,
  rc_last_oldid: edit.parentRevisionId, rc_user: edit.user.id, rc_user_text: edit.user.name, rc_comment: edit.comment, rc_bot: false,
  rc_minor: false, rc_source: 'mw.edit', rc_log_type: null, rc_log_action: null, rc_params: null
})

t.test('a host that never fires RecentChangeSave: the edit is still dispatched, once', async t => {
  const { app, ctx } = await repoWith(t, 'handoffquiet', async () => ({ pageId: 300, revisionId: 9, rcId: 1 }))
  const edited = await editEntity(ctx, parseEntityId('Q1'), e => ({ ...e, labels: label('Berlin, Germany') }))
  t.same(await changes(app), [{ type: 'wikibase-item~update', rev: edited.revision.revisionId, pageId: 300 }])
  t.same(await dispatchJobs(app), [{ shard: 7 }], 'the job of Q1\'s shard (7 of 8)')
  t.equal(edited.change?.metadata?.page_id, 300, 'the result reports the change as saved')
})

t.test('a host that fires RecentChangeSave twice, and once with another client of the pool: still exactly one change', async t => {
  const { app, ctx } = await repoWith(t, 'handofftwice', async (host, edit, tx) => {
    await host.hooks.callHook('RecentChangeSave', rcOf(edit, 1), tx)
    await host.hooks.callHook('RecentChangeSave', rcOf(edit, 1), tx)
    const other = await wikibaseInternals(app).self.pool.connect()
    try { await host.hooks.callHook('RecentChangeSave', rcOf(edit, 1), other) } finally { other.release() }
    return { pageId: 300, revisionId: 9, rcId: 1 }
  })
  const edited = await editEntity(ctx, parseEntityId('Q1'), e => ({ ...e, labels: label('Berlin, Germany') }))
  t.same(await changes(app), [{ type: 'wikibase-item~update', rev: edited.revision.revisionId, pageId: 300 }])
  t.same(await dispatchJobs(app), [{ shard: 7 }], 'the job of Q1\'s shard (7 of 8)')
})

t.test('an answer the plugin cannot use fails the edit: nothing saved, the error names the service', async t => {
  const answers: unknown[] = [undefined, { pageId: 300 }, { pageId: -1, revisionId: 9, rcId: 1 }, 300]
  let next = 0
  const { app, ctx } = await repoWith(t, 'handoffbad', async () => answers[next++])
  const before = await loadLatestRevision(wikibaseInternals(app).self.pool, wikibaseInternals(app).self, parseEntityId('Q1'))
  for (const answer of answers) {
    await t.rejects(editEntity(ctx, parseEntityId('Q1'), e => ({ ...e, labels: label(`Berlin ${String(next)}`) })),
      { name: 'HostContractError', message: /^fastify-wikibase: host\.services\.recordEntityEdit must resolve to \{ pageId, revisionId, rcId \}/ }, JSON.stringify(answer) ?? 'undefined')
  }
  t.equal((await loadLatestRevision(wikibaseInternals(app).self.pool, wikibaseInternals(app).self, parseEntityId('Q1')))?.revisionId, before?.revisionId, 'no revision kept')
  t.same(await changes(app), [])
  t.same(await dispatchJobs(app), [])
})

t.test('a host that lost recordEntityEdit after registration: the edit fails, not silently undispatched', async t => {
  const { app, ctx } = await repoWith(t, 'handoffgone', async () => ({ pageId: 300, revisionId: 9, rcId: 1 }))
  delete (ctx.host!.services as { recordEntityEdit?: unknown }).recordEntityEdit
  await t.rejects(editEntity(ctx, parseEntityId('Q1'), e => ({ ...e, labels: label('Berlin, Germany') })), {
    name: 'HostContractError',
    message: 'fastify-wikibase: host.services.recordEntityEdit is missing: a repo wiki\'s host must save entity page edits (hooks/contract.ts RepoServices)'
  })
  t.same(await changes(app), [])
})
