import t from 'tap'
import { createEntity, editEntity } from '../../../../plugin/repo/entities/entity-editor.js'
import { api, startApiRepo } from './api-test-repo.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

/**
 * `action=revisiondelete` (MediaWiki's ApiRevisionDelete) on entity revisions: refusals with
 * its error codes, per-revision outcomes as RevDelList::setVisibility judges them, the bits
 * stored in `rev_deleted`, and the dispatch job queued with them. Admin holds every right;
 * Editor lacks `deleterevision`, Newbie lacks `suppressrevision`.
 */
t.test('revisiondelete', async t => {
  const { app, host, ctx } = await startApiRepo(t, 'revdel')
  const db = wikibaseInternals(app).self
  host.denied.add('Editor:deleterevision')
  host.denied.add('Newbie:suppressrevision')
  const first = await createEntity(ctx, 'item', { type: 'item', labels: { en: { language: 'en', value: 'Berlin' } } }, { comment: 'created: Berlin' })
  const second = await editEntity(ctx, first.entityId, e => ({ ...e, descriptions: { en: { language: 'en', value: 'capital' } } }), { comment: 'personal data here' })
  const r1 = first.revision.revisionId
  const r2 = second.revision.revisionId
  const bits = async (): Promise<Record<number, number>> => Object.fromEntries((await db.pool.query(
    'SELECT rev_id, rev_deleted FROM repo.wb_entity_revisions ORDER BY rev_id')).rows.map(r => [Number(r.rev_id), r.rev_deleted]))
  const jobs = async (): Promise<unknown[]> => (await db.pool.query(
    "SELECT payload FROM repo_jobs._private_jobs j JOIN repo_jobs._private_tasks k ON k.id = j.task_id WHERE k.identifier = 'wikibase:dispatchChangeVisibility' ORDER BY j.id")).rows.map(r => r.payload)

  t.test('refusals: ApiRevisionDelete\'s codes, nothing stored or queued', async t => {
    const cases: Array<[string, string, Record<string, string>, string]> = [
      ['no deleterevision', 'editor', { type: 'revision', ids: String(r1), hide: 'comment' }, 'permissiondenied'],
      ['suppress without suppressrevision', 'newbie', { type: 'revision', ids: String(r1), hide: 'comment', suppress: 'yes' }, 'permissiondenied'],
      ['no type', 'admin', { ids: String(r1), hide: 'comment' }, 'missingparam'],
      ['a type the repo has not', 'admin', { type: 'archive', ids: String(r1), hide: 'comment' }, 'badvalue'],
      ['no ids', 'admin', { type: 'revision', hide: 'comment' }, 'missingparam'],
      ['neither hide nor show', 'admin', { type: 'revision', ids: String(r1) }, 'badparams'],
      ['hide and show the same', 'admin', { type: 'revision', ids: String(r1), hide: 'comment', show: 'comment' }, 'badparams'],
      // An unknown value of a multi-value parameter is dropped with a warning (MediaWiki's
      // `unrecognizedvalues`), which leaves nothing to hide.
      ['unknown field', 'admin', { type: 'revision', ids: String(r1), hide: 'summary' }, 'badparams'],
      ['bad suppress', 'admin', { type: 'revision', ids: String(r1), hide: 'comment', suppress: 'maybe' }, 'badvalue'],
      ['id not a number', 'admin', { type: 'revision', ids: '1 OR 1=1', hide: 'comment' }, 'badinteger'],
      ['no target, unknown id', 'admin', { type: 'revision', ids: '999999', hide: 'comment' }, 'needtarget'],
      ['target not an entity page', 'admin', { type: 'revision', target: 'Main Page', ids: String(r1), hide: 'comment' }, 'invalidtitle']
    ]
    for (const [name, user, params, code] of cases) {
      const body = await api(app, user, { action: 'revisiondelete', ...params })
      t.equal(body.error?.code, code, `${name}: ${code}`)
    }
    t.same(await bits(), { [r1]: 0, [r2]: 0 })
    t.same(await jobs(), [])
  })

  t.test('hide a comment: stored, answered as ApiRevisionDelete, dispatch queued', async t => {
    const answer = await api(app, 'admin', { action: 'revisiondelete', type: 'revision', target: 'Item:Q1', ids: String(r2), hide: 'comment', reason: 'privacy' })
    t.same(answer.revisiondelete.status, 'Success')
    t.same(answer.revisiondelete.target, 'Item:Q1')
    t.same(answer.revisiondelete.items.map((i: Record<string, unknown>) => [i.id, i.status, i.commenthidden, i.userhidden, i.texthidden, i.comment, i.user]),
      [[r2, 'Success', true, false, false, 'personal data here', 'Admin']], 'a deleter still sees the hidden comment')
    t.same(await bits(), { [r1]: 0, [r2]: 2 })
    t.same(await jobs(), [{ entityId: 'Q1', revisions: [{ revisionId: r2, visibility: 2 }] }])
  })

  t.test('per revision: no change, the current text, missing ids, suppression', async t => {
    const answer = await api(app, 'admin', { action: 'revisiondelete', type: 'revision', ids: `${r1}|${r2}|999999`, hide: 'comment|content' })
    t.same(answer.revisiondelete.target, 'Item:Q1', 'the target of the first id')
    t.same(answer.revisiondelete.items.map((i: { id: number, status: string, errors?: Array<{ message: string }> }) => [i.id, i.status, i.errors?.map(e => e.message)]), [
      [r1, 'Success', undefined],
      [r2, 'Fail', ['revdelete-hide-current']],
      [999999, 'Fail', ['revdelete-modify-missing']]
    ])
    t.same(await bits(), { [r1]: 3, [r2]: 2 })
    const again = await api(app, 'admin', { action: 'revisiondelete', type: 'revision', ids: String(r1), hide: 'comment' })
    t.same(again.revisiondelete.status, 'Fail')
    t.same(again.revisiondelete.items[0].warnings.map((w: { message: string }) => w.message), ['revdelete-no-change'])
    const onlySuppress = await api(app, 'admin', { action: 'revisiondelete', type: 'revision', ids: String(r2), show: 'comment', suppress: 'yes' })
    t.same(onlySuppress.revisiondelete.items[0].errors.map((e: { message: string }) => e.message), ['revdelete-only-restricted'])
    const suppressed = await api(app, 'admin', { action: 'revisiondelete', type: 'revision', ids: String(r2), hide: 'user', suppress: 'yes' })
    t.same(suppressed.revisiondelete.items[0].status, 'Success')
    t.same(await bits(), { [r1]: 3, [r2]: 14 })
    const sysopChange = await api(app, 'newbie', { action: 'revisiondelete', type: 'revision', ids: String(r2), show: 'user' })
    t.same(sysopChange.revisiondelete.items.map((i: Record<string, unknown>) => [i.status, i.user, i.comment]), [['Fail', undefined, undefined]],
      'a suppressed revision is out of reach and out of sight without suppressrevision')
    t.same(await bits(), { [r1]: 3, [r2]: 14 })
  })

  t.test('each change is logged (delete/revision, suppress/revision) with its reason and tags; refusals are not', async t => {
    const log = async (): Promise<unknown[]> => (await db.pool.query(
      'SELECT log_type, log_action, log_user_text, log_entity_id, log_comment, log_params, log_tags FROM repo.wb_revision_deletion_log ORDER BY log_id')).rows
    t.same(await log(), [
      { log_type: 'delete', log_action: 'revision', log_user_text: 'Admin', log_entity_id: 'Q1', log_comment: 'privacy',
        log_params: { type: 'revision', ids: [r2], ofield: 0, nfield: 2 }, log_tags: [] },
      { log_type: 'delete', log_action: 'revision', log_user_text: 'Admin', log_entity_id: 'Q1', log_comment: '',
        log_params: { type: 'revision', ids: [r1], ofield: 0, nfield: 3 }, log_tags: [] },
      { log_type: 'suppress', log_action: 'revision', log_user_text: 'Admin', log_entity_id: 'Q1', log_comment: '',
        log_params: { type: 'revision', ids: [r2], ofield: 2, nfield: 14 }, log_tags: [] }
    ])
    const unknownTag = await api(app, 'admin', { action: 'revisiondelete', type: 'revision', ids: String(r1), show: 'comment', tags: 'no-such-tag' })
    t.equal(unknownTag.error?.code, 'tags-apply-not-allowed-one', 'an undefined tag is refused, nothing changed')
    t.same(await bits(), { [r1]: 3, [r2]: 14 })
    await api(app, 'admin', { action: 'managetags', operation: 'create', tag: 'cleanup', reason: 'test' })
    const tagged = await api(app, 'admin', { action: 'revisiondelete', type: 'revision', ids: String(r1), show: 'comment', reason: 'was fine', tags: 'cleanup' })
    t.equal(tagged.revisiondelete.status, 'Success')
    t.match((await log()).at(-1), { log_type: 'delete', log_comment: 'was fine', log_params: { ids: [r1], ofield: 3, nfield: 1 }, log_tags: ['cleanup'] })
    t.same(await bits(), { [r1]: 1, [r2]: 14 })
  })

  t.test('readers honour the bits: prop=revisions and Special:EntityData?revision= (RevisionRecord audiences)', async t => {
    const revisions = async (user: string | undefined): Promise<any> => (await app.inject({
      url: '/mine/w/api.php?action=query&prop=revisions&titles=Item:Q1&rvprop=ids|user|userid|comment&format=json&formatversion=2',
      headers: user === undefined ? {} : { 'x-test-user': user }
    })).json().query.pages[0].revisions[0]
    host.anonymousCanEdit = false // anonymous readers hold `read` only, as on a wiki
    t.same(await revisions(undefined), { revid: r2, parentid: r1, userhidden: true, commenthidden: true, suppressed: true },
      'anonymous: the suppressed user and comment are flagged, not shown')
    t.same(await revisions('newbie'), { revid: r2, parentid: r1, userhidden: true, commenthidden: true, suppressed: true },
      'without suppressrevision a suppressed revision\'s parts stay hidden')
    t.same(await revisions('admin'), { revid: r2, parentid: r1, userhidden: true, user: 'Admin', userid: 1, commenthidden: true, comment: 'personal data here', suppressed: true },
      'an oversighter sees them, flagged')
    const data = async (user: string | undefined): Promise<{ status: number, cache: unknown }> => {
      const response = await app.inject({ url: `/mine/wiki/Special:EntityData/Q1.json?revision=${r1}`, headers: user === undefined ? {} : { 'x-test-user': user } })
      return { status: response.statusCode, cache: response.headers['cache-control'] }
    }
    t.same(await data(undefined), { status: 403, cache: undefined }, 'hidden content: 403 for a reader without deletedtext')
    host.denied.add('Newbie:deletedtext')
    t.same((await data('newbie')).status, 403)
    t.same(await data('admin'), { status: 200, cache: 'private, no-cache' }, 'deletedtext shows it, never cached publicly')
  })

  t.test('reads serve the latest revision, whatever is hidden of older ones', async t => {
    const body = await app.inject({ url: '/mine/w/api.php?action=wbgetentities&ids=Q1&format=json' })
    t.equal(body.json().entities.Q1.lastrevid, r2)
    t.equal(body.json().entities.Q1.descriptions.en.value, 'capital')
  })
})
