import assert from 'node:assert/strict'
import type { EntityPageEdit, ExternalRecentChange, HostUser, PageRecord, RecentChange, RecordedEntityEdit } from '../hooks/contract.js'
import type { EntityId, PageId } from '../hooks/ids.js'
import type { ConformanceCheck } from './conformance-check.js'
import type { ConformanceContext } from './conformance-context.js'

const user: HostUser = { id: 7, name: 'Conformance editor', anonymous: false, bot: false }

/** A row the plugin would insert for a repo change (rc_source 'wb'). */
function externalRow (time: string, comment: string, page: PageRecord): ExternalRecentChange {
  return {
    rc_timestamp: new Date(time), rc_namespace: page.namespace, rc_title: page.title, rc_cur_id: page.id, rc_this_oldid: page.latestRevisionId,
    rc_last_oldid: page.latestRevisionId, rc_user: 0, rc_user_text: 'repo>Conformance', rc_comment: comment, rc_bot: false, rc_minor: true,
    rc_source: 'wb', rc_log_type: null, rc_log_action: '', rc_params: { 'wikibase-repo-change': { object_id: 'Q64' } },
    rc_patrolled: 2, rc_deleted: false, rc_old_len: 10, rc_new_len: 10
  }
}

const ids = async (c: ConformanceContext, titles: string[]): Promise<Record<string, number>> => Object.fromEntries(await c.host.services.pageIdsForTitles(titles))

/**
 * What recordEntityEdit answered, as the plugin uses it (hooks/contract.ts RecordedEntityEdit):
 * non-negative integer ids, a page id but for a deletion (0 when it left no page), a host
 * revision id but for a deletion, a valid Date as timestamp when given.
 */
function recordedEdit (answer: unknown, e: EntityPageEdit): RecordedEntityEdit {
  const shape = `${e.comment}: recordEntityEdit answers { pageId, revisionId, rcId } (non-negative integers; optional timestamp: a Date), not ${JSON.stringify(answer)}`
  assert.ok(answer !== null && typeof answer === 'object', shape)
  const v = answer as Record<string, unknown>
  for (const key of ['pageId', 'revisionId', 'rcId']) assert.ok(Number.isSafeInteger(v[key]) && (v[key] as number) >= 0, shape)
  assert.ok(v.timestamp === undefined || (v.timestamp instanceof Date && Number.isFinite(v.timestamp.getTime())), shape)
  const recorded = answer as RecordedEntityEdit
  assert.ok(recorded.rcId > 0, `${e.comment}: rcId names the recentchanges row it saved (a positive id)`)
  if (e.kind !== 'delete') assert.ok(recorded.pageId > 0 && recorded.revisionId > 0, `${e.comment}: the entity page's id and a host revision id (positive)`)
  if (recorded.timestamp !== undefined) assert.equal(recorded.timestamp.getMilliseconds(), 0, `${e.comment}: timestamp is the row's rc_timestamp, in whole seconds`)
  return recorded
}

/** Thrown to roll a check's transaction back. */
class Rollback extends Error {}

export const serviceChecks: ConformanceCheck[] = [{
  name: 'transaction: commits what fn wrote and returns its value; rolls back and rethrows when fn throws',
  run: async c => {
    const value = await c.host.services.transaction(async tx => {
      await c.mark(tx, 'committed')
      assert.deepEqual(await c.marks(), [], 'a write in the transaction is not visible outside before the commit')
      return 42
    })
    assert.equal(value, 42, 'transaction returns what fn returned')
    assert.deepEqual(await c.marks(), ['committed'], 'the write is committed when transaction returns')
    const boom = new Error('boom')
    const failed = await c.host.services.transaction(async tx => { await c.mark(tx, 'rolled back'); throw boom }).catch((error: unknown) => error)
    assert.equal(failed, boom, 'transaction rethrows the very error fn threw')
    assert.deepEqual(await c.marks(), ['committed'], 'the write of the failed transaction is rolled back')
  }
}, {
  name: 'pageIdsForTitles and pagesByIds: namespace prefixes, absent titles absent, order of ids, missing ids skipped',
  run: async c => {
    const main = c.title('Berlin')
    const category = `Category:${c.title('Foo bar')}`
    const berlin = await c.adapter.savePage(main, 'Capital.')
    const foo = await c.adapter.savePage(category, 'Ünïcode text')
    const key = (title: string): string => title.replaceAll(' ', '_')
    assert.deepEqual(await ids(c, [main, category, key(category), c.title('Foo bar'), c.title('Nowhere'), `Template:${main}`]),
      { [main]: berlin.id, [category]: foo.id, [key(category)]: foo.id },
      'pageIdsForTitles: keyed by the titles as given; a missing title and a title in another namespace are absent')
    assert.deepEqual(await ids(c, []), {}, 'pageIdsForTitles([]) is empty')
    const missing = Math.max(berlin.id, foo.id) + 1_000_000 as PageId
    const records = await c.host.services.pagesByIds([foo.id, missing, berlin.id])
    assert.deepEqual(records.map(r => r.id), [foo.id, berlin.id], 'pagesByIds: in the order of ids, a missing id skipped')
    assert.deepEqual((await c.host.services.pagesByIds([berlin.id, foo.id])).map(p => p.id), [berlin.id, foo.id], 'pagesByIds: the other order')
    assert.deepEqual(await c.host.services.pagesByIds([]), [], 'pagesByIds([]) is empty')
    const pick = (r: PageRecord | undefined): unknown => r === undefined ? r : ({ id: r.id, namespace: r.namespace, title: r.title, latestRevisionId: r.latestRevisionId, length: r.length, contentLanguage: r.contentLanguage })
    assert.deepEqual(pick(records[0]), { id: foo.id, namespace: 14, title: key(c.title('Foo bar')), latestRevisionId: foo.latestRevisionId, length: Buffer.byteLength('Ünïcode text'), contentLanguage: c.language },
      'a category page: namespace 14, db key title, length in bytes')
    assert.deepEqual(pick(records[1]), { id: berlin.id, namespace: 0, title: key(main), latestRevisionId: berlin.latestRevisionId, length: 8, contentLanguage: c.language })
    if (records[0]!.prefixedText !== undefined && c.language === 'en') assert.equal(records[0]!.prefixedText, category, 'prefixedText: namespace name and title with spaces')
    const edited = await c.adapter.savePage(main, 'Capital of Germany.')
    assert.equal(edited.id, berlin.id, 'an edit keeps the page id')
    assert.ok(edited.latestRevisionId > berlin.latestRevisionId, 'an edit gives the page a newer latest revision')
    const [after] = await c.host.services.pagesByIds([berlin.id])
    assert.deepEqual([after?.latestRevisionId, after?.length], [edited.latestRevisionId, 19], 'pagesByIds answers the latest revision and its length')
  }
}, {
  name: 'pageRedirectTargets (optional): the redirects among the pages, with their targets as prefixed text',
  run: async c => {
    const lookup = c.host.services.pageRedirectTargets
    if (lookup === undefined) return { skipped: 'the host has no pageRedirectTargets: no page counts as a redirect' }
    const target = await c.adapter.savePage(c.title('Berlin (city)'), 'The city.')
    const redirect = await c.adapter.savePage(c.title('Berlin redirect'), `#REDIRECT [[${c.title('Berlin (city)')}]]`)
    const lower = await c.adapter.savePage(c.title('Old_name'), `#redirect: [[category:${c.title('Foo_bar')}]]\nmore text`)
    const mention = await c.adapter.savePage(c.title('Mention'), `See #REDIRECT [[${c.title('Berlin (city)')}]].`)
    const missing = Math.max(target.id, redirect.id, lower.id, mention.id) + 1_000_000 as PageId
    const found = await lookup([target.id, redirect.id, lower.id, mention.id, missing])
    assert.deepEqual(Object.fromEntries([...found].map(([id, to]) => [id, to.replace(/^category:/, 'Category:')])),
      { [redirect.id]: c.title('Berlin (city)'), [lower.id]: `Category:${c.title('Foo bar')}` },
      'only pages that start with the redirect magic word are redirects; underscores in targets are spaces')
    assert.deepEqual([...(await lookup([])).keys()], [], 'pageRedirectTargets([]) is empty')
    await c.adapter.savePage(c.title('Berlin redirect'), 'No longer a redirect.')
    assert.deepEqual([...(await lookup([redirect.id])).keys()], [], 'an edit that removes the redirect ends it')
  }
}, {
  name: 'insertRecentChanges: ids in the order of rows, whole seconds; RecentChangeSave (optional) once per row in the given transaction',
  run: async c => {
    const page = await c.adapter.savePage(c.title('Roma'), 'x')
    const fired: Array<{ rc: RecentChange, txid: string }> = []
    c.listen('RecentChangeSave', async (rc, tx) => { fired.push({ rc, txid: await c.txid(tx) }); await c.mark(tx, rc.rc_comment) })
    const rows = [
      externalRow('2026-12-01T16:03:30Z', 'third', page), externalRow('2026-12-01T16:03:29Z', 'first', page), externalRow('2026-12-01T16:03:29.750Z', 'second', page)
    ]
    let txid = ''
    const inserted = await c.host.services.transaction(async tx => { txid = await c.txid(tx); return await c.host.services.insertRecentChanges(rows, tx) })
    assert.equal(inserted.length, 3, 'one id per row')
    assert.ok(inserted[0]! < inserted[1]! && inserted[1]! < inserted[2]!, `ids in the order of rows (${inserted.join(', ')})`)
    // A host need not fire RecentChangeSave (the plugin registers no handler); one that does fires it as MediaWiki does.
    const fires = fired.length > 0
    if (fires) {
      assert.deepEqual(fired.map(f => [f.rc.rc_id, f.rc.rc_comment, f.rc.rc_source, f.txid === txid]),
        [[inserted[0], 'third', 'wb', true], [inserted[1], 'first', 'wb', true], [inserted[2], 'second', 'wb', true]],
        'RecentChangeSave, when fired: once per row, in order, with the inserted rc_id, in the transaction of the tx given (same txid_current())')
    }
    const saved = (await c.adapter.recentChanges()).filter(r => inserted.includes(r.rc_id)).sort((a, b) => a.rc_id - b.rc_id)
    assert.deepEqual(saved.map(r => [r.rc_id, r.rc_comment, r.rc_source, r.rc_timestamp.toISOString()]), [
      [inserted[0], 'third', 'wb', '2026-12-01T16:03:30.000Z'], [inserted[1], 'first', 'wb', '2026-12-01T16:03:29.000Z'], [inserted[2], 'second', 'wb', '2026-12-01T16:03:29.000Z']
    ], 'saved with whole-second timestamps')
    let rolledBack: number[] = []
    await c.host.services.transaction(async tx => {
      rolledBack = await c.host.services.insertRecentChanges([externalRow('2026-12-01T16:04:00Z', 'rolled back', page)], tx)
      throw new Rollback()
    }).catch((error: unknown) => { if (!(error instanceof Rollback)) throw error })
    assert.deepEqual((await c.adapter.recentChanges()).filter(r => rolledBack.includes(r.rc_id)), [], 'rows inserted with a tx that rolls back are gone')
    const before = fired.length
    const own = await c.host.services.insertRecentChanges([externalRow('2026-12-01T16:05:00Z', 'own', page)])
    assert.deepEqual((await c.adapter.recentChanges()).filter(r => own.includes(r.rc_id)).map(r => r.rc_comment), ['own'], 'without tx: committed when it returns')
    if (fires) {
      assert.deepEqual(fired.slice(before).map(f => f.rc.rc_id), own, 'without tx: RecentChangeSave fired too, once')
      assert.deepEqual(await c.marks(), ['third', 'first', 'second', 'own'], "the hook's writes commit and roll back with the rows")
    } else {
      assert.deepEqual(fired, [], 'a host that does not fire RecentChangeSave for the rows given a tx does not fire it for the others either')
    }
  }
}, {
  name: 'recordEntityEdit: answers { pageId, revisionId, rcId } of what it wrote in tx, gone after rollback; RecentChangeSave (optional) once with that row in tx',
  run: async c => {
    const record = c.host.services.recordEntityEdit
    if (record === undefined) return { skipped: 'no recordEntityEdit (not a repo host)' }
    const fired: Array<{ rc: RecentChange, txid: string }> = []
    c.listen('RecentChangeSave', async (rc, tx) => { fired.push({ rc, txid: await c.txid(tx) }); await c.mark(tx, `rc ${rc.rc_title}`) })
    const [a, b] = [c.fakeEntityId(1), c.fakeEntityId(2)]
    const edit = (entityId: string, kind: EntityPageEdit['kind'], revisionId: number, parentRevisionId: number): EntityPageEdit => ({
      entityId: entityId as EntityId, user, comment: `${kind} ${entityId}`, bot: false, revisionId, parentRevisionId, kind,
      oldSize: kind === 'create' ? 0 : kind === 'edit' ? 50 : null, newSize: kind === 'delete' || kind === 'restore' ? null : 60
    })
    const edits = [edit(a, 'create', 11, 0), edit(a, 'edit', 12, 11), edit(b, 'create', 13, 0), edit(a, 'delete', 0, 12), edit(a, 'restore', 14, 12)]
    const listedBefore = new Set((await c.adapter.recentChanges()).map(r => r.rc_id))
    const results: RecordedEntityEdit[] = []
    // Fake entities: everything is rolled back at the end, so the host keeps no page of them.
    await c.host.services.transaction(async tx => {
      const txid = await c.txid(tx)
      for (const e of edits) {
        const before = fired.length
        const answer = recordedEdit(await record(e, tx), e)
        results.push(answer)
        assert.ok(!listedBefore.has(answer.rcId), `${e.comment}: rcId ${answer.rcId} names a row of its own, not a recentchanges row saved before`)
        if (fired.length === before) continue
        const last = fired.at(-1)!
        assert.equal(fired.length, before + 1, `${e.comment}: RecentChangeSave, when fired, fired once, before recordEntityEdit returned`)
        assert.equal(last.txid, txid, `${e.comment}: RecentChangeSave ran in the transaction of the tx given (same txid_current())`)
        const log = e.kind === 'delete' || e.kind === 'restore'
        assert.deepEqual({
          rc_id: last.rc.rc_id, rc_this_oldid: last.rc.rc_this_oldid, rc_last_oldid: last.rc.rc_last_oldid, rc_user: last.rc.rc_user,
          rc_user_text: last.rc.rc_user_text, rc_comment: last.rc.rc_comment, rc_bot: last.rc.rc_bot, rc_log_type: last.rc.rc_log_type, rc_log_action: last.rc.rc_log_action,
          rc_title: last.rc.rc_title
        }, {
          rc_id: answer.rcId, rc_this_oldid: e.revisionId, rc_last_oldid: e.parentRevisionId, rc_user: user.id, rc_user_text: user.name,
          rc_comment: e.comment, rc_bot: false, rc_log_type: log ? 'delete' : null, rc_log_action: log ? e.kind : null, rc_title: e.entityId
        }, `${e.comment}: the recentchanges row fired is the one whose rcId recordEntityEdit returned`)
        assert.equal(last.rc.rc_timestamp.getMilliseconds(), 0, `${e.comment}: rc_timestamp in whole seconds`)
      }
      assert.equal(results[1]!.pageId, results[0]!.pageId, 'the same entity: the same page')
      assert.notEqual(results[2]!.pageId, results[0]!.pageId, 'another entity: another page')
      assert.equal(new Set(results.map(r => r.rcId)).size, results.length, `each edit its own recentchanges row (rcIds ${results.map(r => r.rcId).join(', ')})`)
      throw new Rollback()
    }).catch((error: unknown) => { if (!(error instanceof Rollback)) throw error })
    const rcIds = results.map(r => r.rcId)
    assert.deepEqual((await c.adapter.recentChanges()).filter(r => rcIds.includes(r.rc_id)), [], 'the rows it wrote rolled back with tx')
    assert.deepEqual(await c.marks(), [], 'what RecentChangeSave wrote with tx rolled back with it')
    if (fired.length === 0) return
    c.listen('RecentChangeSave', () => { throw new Error('handler failed') })
    const failed = await c.host.services.transaction(async tx => await record(edit(c.fakeEntityId(3), 'create', 21, 0), tx)).catch((error: Error) => error.message)
    assert.equal(failed, 'handler failed', 'a failing RecentChangeSave handler fails the edit (its error reaches the caller)')
  }
}, {
  name: 'userCan: answers booleans for the plugin\'s rights; queryRecentChanges: at most limit rows, newest first',
  run: async c => {
    const { userCan, queryRecentChanges } = c.host.services
    if (userCan === undefined && queryRecentChanges === undefined) return { skipped: 'neither userCan nor queryRecentChanges (optional services)' }
    if (userCan !== undefined) {
      for (const right of ['read', 'edit', 'delete'] as const) {
        assert.equal(typeof await userCan({ id: 0, name: '127.0.0.1', anonymous: true, bot: false }, right), 'boolean', `userCan(anonymous, ${right}) is a boolean`)
      }
    }
    if (queryRecentChanges !== undefined) {
      const rows = await queryRecentChanges({ dir: 'older', limit: 2 })
      assert.ok(rows.length <= 2, 'queryRecentChanges: at most limit rows')
      const order = rows.map(r => [r.rc_timestamp.getTime(), r.rc_id] as const)
      assert.ok(order.every((o, i) => i === 0 || o[0] < order[i - 1]![0] || (o[0] === order[i - 1]![0] && o[1] < order[i - 1]![1])), 'dir older: newest first by rc_timestamp, then rc_id')
      assert.ok(rows.every(r => Array.isArray(r.tags)), 'each row has its tags')
    }
  }
}]
