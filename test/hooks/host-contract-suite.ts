import type { Test } from 'tap'
import type pg from 'pg'
import type {
  ClientHostServices, EntityPageEdit, ExternalRecentChange, HostUser, PageRecord, ParserContext, ParserOutput, RecentChange, Tx, WikiHost
} from '../../hooks/contract.js'
import type { EntityId, PageId } from '../../hooks/ids.js'

/**
 * A host under test, with the few things a wiki's own code does that the contract's hooks
 * follow: a page save, a deletion, a move; and where its recentchanges rows can be read.
 */
export interface HostUnderTest {
  host: WikiHost<ClientHostServices>
  /** The wiki's database, to look from outside a transaction (and for the suite's own table). */
  pool: pg.Pool
  /** An edit of the page `title` (English namespace names) with this wikitext; the page as saved. */
  savePage: (title: string, wikitext: string) => Promise<PageRecord>
  deletePage: (title: string) => Promise<void>
  movePage: (from: string, to: string) => Promise<void>
  /** The committed rows of the host's recentchanges, by rc_id. */
  recentChanges: () => Promise<Array<{ rc_id: number, rc_timestamp: Date, rc_comment: string }>>
}

/** A fresh host on a fresh database, whose parser has not run yet; closed by the test's teardown. */
export type MakeHost = (t: Test) => Promise<HostUnderTest>

const user: HostUser = { id: 7, name: 'Editor', anonymous: false, bot: false }
const cause = { action: 'test', agent: 'contract' }

/** A row the plugin would insert for a repo change (rc_source 'wb'). */
function externalRow (time: string, comment: string, page: PageRecord): ExternalRecentChange {
  return {
    rc_timestamp: new Date(time), rc_namespace: page.namespace, rc_title: page.title, rc_cur_id: page.id, rc_this_oldid: page.latestRevisionId,
    rc_last_oldid: page.latestRevisionId, rc_user: 0, rc_user_text: 'repo>Editor', rc_comment: comment, rc_bot: false, rc_minor: true,
    rc_source: 'wb', rc_log_type: null, rc_log_action: '', rc_params: { 'wikibase-repo-change': { object_id: 'Q64' } },
    rc_patrolled: 2, rc_deleted: false, rc_old_len: 10, rc_new_len: 10
  }
}

/** The suite's marks: written with a hook's `tx`, they commit or roll back with the host's transaction. */
async function markTable (pool: pg.Pool): Promise<{ mark: (tx: Tx, note: string) => Promise<void>, marks: () => Promise<string[]> }> {
  await pool.query('CREATE TABLE IF NOT EXISTS contract_marks (id serial PRIMARY KEY, note text NOT NULL)')
  return {
    mark: async (tx, note) => { await tx.query('INSERT INTO contract_marks (note) VALUES ($1)', [note]) },
    marks: async () => (await pool.query<{ note: string }>('SELECT note FROM contract_marks ORDER BY id')).rows.map(r => r.note)
  }
}

/** Parser hooks that log what runs, in order: `{{#contracttest:x}}` logs `function x` and records x. */
function logParserHooks (host: WikiHost): { log: string[], links: Array<{ page: PageRecord, output: ParserOutput, tx: Tx }>, contexts: ParserContext[] } {
  const log: string[] = []
  const links: Array<{ page: PageRecord, output: ParserOutput, tx: Tx }> = []
  const contexts: ParserContext[] = []
  host.hooks.hook('ParserFirstCallInit', parser => {
    log.push('ParserFirstCallInit')
    parser.setFunctionHook('contracttest', (context, [arg = '']) => {
      log.push(`function ${arg}`)
      context.output.extensionData.set('contract', arg)
      return `<${arg}>`
    })
  })
  host.hooks.hook('ContentAlterParserOutput', context => {
    log.push(`ContentAlterParserOutput ${context.page.title} ${String(context.output.extensionData.get('contract'))}`)
    context.output.pageProps.set('contract_prop', 'set')
    contexts.push(context)
  })
  host.hooks.hook('LinksUpdateComplete', (page, output, tx) => {
    log.push(`LinksUpdateComplete ${page.title}`)
    links.push({ page, output, tx })
  })
  return { log, links, contexts }
}

const ids = async (h: HostUnderTest, titles: string[]): Promise<Record<string, number>> => Object.fromEntries(await h.host.services.pageIdsForTitles(titles))

export function hostContractSuite (t: Test, makeHost: MakeHost): void {
  t.test('transaction: commits what fn wrote and returns its value; rolls back and rethrows when fn throws', async t => {
    const h = await makeHost(t)
    const { mark, marks } = await markTable(h.pool)
    const value = await h.host.services.transaction(async tx => {
      await mark(tx, 'committed')
      t.strictSame(await marks(), [], 'not visible outside before the commit')
      return 42
    })
    t.equal(value, 42)
    t.strictSame(await marks(), ['committed'])
    const boom = new Error('boom')
    const failed = await h.host.services.transaction(async tx => { await mark(tx, 'rolled back'); throw boom }).catch((error: unknown) => error)
    t.equal(failed, boom, 'the same error')
    t.strictSame(await marks(), ['committed'], 'the write of the failed transaction is gone')
  })

  t.test('recordEntityEdit: RecentChangeSave with exactly the tx it was given, inside that transaction', async t => {
    const h = await makeHost(t)
    const record = h.host.services.recordEntityEdit
    if (record === undefined) { t.pass('no repo service: nothing to check'); return }
    const { mark, marks } = await markTable(h.pool)
    const fired: Array<{ rc: RecentChange, tx: Tx }> = []
    h.host.hooks.hook('RecentChangeSave', async (rc, tx) => { fired.push({ rc, tx }); await mark(tx, `rc ${rc.rc_title}`) })
    const edit = (entityId: string, kind: EntityPageEdit['kind'], revisionId: number, parentRevisionId: number): EntityPageEdit => ({
      entityId: entityId as EntityId, user, comment: `${kind} ${entityId}`, revisionId, parentRevisionId, kind,
      oldSize: kind === 'create' ? 0 : kind === 'edit' ? 50 : null, newSize: kind === 'delete' || kind === 'restore' ? null : 60
    })
    const results: Array<{ pageId: number, revisionId: number, rcId: number }> = []
    const edits = [
      edit('Q64', 'create', 11, 0), edit('Q64', 'edit', 12, 11), edit('Q183', 'create', 13, 0), edit('Q64', 'delete', 0, 12), edit('Q64', 'restore', 14, 12)
    ]
    for (const e of edits) {
      const given = await h.host.services.transaction(async tx => {
        results.push(await record(e, tx))
        return tx
      })
      const last = fired.at(-1)!
      t.equal(last.tx, given, `${e.comment}: the hook's tx is the one given (object identity)`)
      t.match(last.rc, {
        rc_id: results.at(-1)!.rcId, rc_this_oldid: e.revisionId, rc_last_oldid: e.parentRevisionId, rc_user: 7, rc_user_text: 'Editor',
        rc_comment: e.comment, rc_bot: false, rc_log_type: e.kind === 'delete' || e.kind === 'restore' ? 'delete' : null,
        rc_log_action: e.kind === 'delete' || e.kind === 'restore' ? e.kind : null
      }, `${e.comment}: the recentchanges row`)
      t.equal(last.rc.rc_timestamp.getMilliseconds(), 0, `${e.comment}: whole seconds`)
    }
    t.equal(fired.length, 5, 'one RecentChangeSave per edit')
    t.equal(results[1]!.pageId, results[0]!.pageId, 'the same entity: the same page')
    t.not(results[2]!.pageId, results[0]!.pageId, 'another entity: another page')
    t.ok(results.every(r => r.pageId > 0), 'page ids')
    const rolledBack = await h.host.services.transaction(async tx => {
      await record(edit('Q1', 'create', 20, 0), tx)
      throw new Error('the plugin failed after')
    }).catch((error: Error) => error.message)
    t.equal(rolledBack, 'the plugin failed after')
    t.strictSame(await marks(), ['rc Q64', 'rc Q64', 'rc Q183', 'rc Q64', 'rc Q64'], 'what the hook wrote with tx rolled back with the transaction')
    h.host.hooks.hook('RecentChangeSave', () => { throw new Error('handler failed') })
    const failed = await h.host.services.transaction(async tx => await record(edit('Q2', 'create', 21, 0), tx)).catch((error: Error) => error.message)
    t.equal(failed, 'handler failed', 'a failing RecentChangeSave handler fails the edit')
  })

  t.test('page lookups: pageIdsForTitles with namespace prefixes, pagesByIds in the order of ids, prefixedText', async t => {
    const h = await makeHost(t)
    const berlin = await h.savePage('Berlin', 'Capital.')
    const category = await h.savePage('Category:Foo bar', 'Ünïcode text')
    t.strictSame(await ids(h, ['Berlin', 'Category:Foo bar', 'Category:Foo_bar', 'Foo bar', 'Nowhere', 'Template:Berlin']),
      { Berlin: berlin.id, 'Category:Foo bar': category.id, 'Category:Foo_bar': category.id }, 'missing titles absent; Foo bar is not in the main namespace')
    t.strictSame(await ids(h, []), {})
    const missing = Math.max(berlin.id, category.id) + 1000 as PageId
    const records = await h.host.services.pagesByIds([category.id, missing, berlin.id])
    t.strictSame(records.map(r => r.id), [category.id, berlin.id], 'in the order of ids, the missing one skipped')
    t.strictSame(await h.host.services.pagesByIds([berlin.id, category.id]).then(r => r.map(p => p.id)), [berlin.id, category.id], 'and the other way round')
    t.strictSame(await h.host.services.pagesByIds([]), [])
    t.match(records[0], {
      id: category.id, namespace: 14, title: 'Foo_bar', latestRevisionId: category.latestRevisionId,
      length: Buffer.byteLength('Ünïcode text'), contentLanguage: 'en'
    })
    t.match(records[1], { id: berlin.id, namespace: 0, title: 'Berlin', latestRevisionId: berlin.latestRevisionId, length: 8, contentLanguage: 'en' })
    // Optional in the contract: a host without it is read with MediaWiki's English names.
    t.equal(records[0]!.prefixedText ?? 'Category:Foo bar', 'Category:Foo bar', 'prefixedText: namespace name and title with spaces')
    t.equal(records[1]!.prefixedText ?? 'Berlin', 'Berlin')
    const edited = await h.savePage('Berlin', 'Capital of Germany.')
    t.equal(edited.id, berlin.id, 'an edit keeps the page id')
    t.ok(edited.latestRevisionId > berlin.latestRevisionId, 'and gives it a newer latest revision')
    t.match(await h.host.services.pagesByIds([berlin.id]), [{ latestRevisionId: edited.latestRevisionId, length: 19 }])
  })

  t.test('insertRecentChanges: ids in the order of rows, whole seconds, RecentChangeSave in the given tx', async t => {
    const h = await makeHost(t)
    const page = await h.savePage('Roma', 'x')
    const before = (await h.recentChanges()).length
    const { mark, marks } = await markTable(h.pool)
    const fired: Array<{ rc: RecentChange, tx: Tx }> = []
    h.host.hooks.hook('RecentChangeSave', async (rc, tx) => { fired.push({ rc, tx }); await mark(tx, rc.rc_comment) })
    const rows = [
      externalRow('2026-12-01T16:03:30Z', 'third', page),
      externalRow('2026-12-01T16:03:29Z', 'first', page),
      externalRow('2026-12-01T16:03:29.750Z', 'second', page)
    ]
    let given: Tx | undefined
    const inserted = await h.host.services.transaction(async tx => { given = tx; return await h.host.services.insertRecentChanges(rows, tx) })
    t.equal(inserted.length, 3)
    t.ok(inserted[0]! < inserted[1]! && inserted[1]! < inserted[2]!, `ids in the order of rows (${inserted.join(', ')})`)
    t.strictSame(fired.map(f => [f.rc.rc_id, f.rc.rc_comment, f.rc.rc_source, f.tx === given]),
      [[inserted[0], 'third', 'wb', true], [inserted[1], 'first', 'wb', true], [inserted[2], 'second', 'wb', true]],
      'RecentChangeSave per row, in order, with the tx given')
    const saved = (await h.recentChanges()).slice(before)
    t.strictSame(saved.map(r => [r.rc_id, r.rc_comment, r.rc_timestamp.toISOString()]), [
      [inserted[0], 'third', '2026-12-01T16:03:30.000Z'],
      [inserted[1], 'first', '2026-12-01T16:03:29.000Z'],
      [inserted[2], 'second', '2026-12-01T16:03:29.000Z']
    ], 'saved with whole-second timestamps')
    const failed = await h.host.services.transaction(async tx => {
      await h.host.services.insertRecentChanges([externalRow('2026-12-01T16:04:00Z', 'rolled back', page)], tx)
      throw new Error('the job failed after')
    }).catch((error: Error) => error.message)
    t.equal(failed, 'the job failed after')
    t.equal((await h.recentChanges()).length, before + 3, 'rows inserted in a rolled back tx are gone')
    const own = await h.host.services.insertRecentChanges([externalRow('2026-12-01T16:05:00Z', 'own', page)])
    t.strictSame((await h.recentChanges()).slice(before + 3).map(r => [r.rc_id, r.rc_comment]), [[own[0], 'own']], 'without tx: committed on return')
    t.equal(fired.at(-1)!.rc.rc_id, own[0])
    t.strictSame(await marks(), ['third', 'first', 'second', 'own'], "the hook's writes share the rows' transactions")
  })

  t.test('page save: ParserFirstCallInit before the first parse, ContentAlterParserOutput before LinksUpdateComplete, inside the save', async t => {
    const h = await makeHost(t)
    const { mark, marks } = await markTable(h.pool)
    const { log, links, contexts } = logParserHooks(h.host)
    const outside: Array<Record<string, number>> = []
    h.host.hooks.hook('LinksUpdateComplete', async (page, _output, tx) => { outside.push(await ids(h, [page.title])); await mark(tx, page.title) })
    t.strictSame(log, [], 'nothing fired at registration')
    const berlin = await h.savePage('Berlin', 'A {{#contracttest:Q64}} city.')
    t.strictSame(log, ['ParserFirstCallInit', 'function Q64', 'ContentAlterParserOutput Berlin Q64', 'LinksUpdateComplete Berlin'])
    t.strictSame(await ids(h, ['Berlin']), { Berlin: berlin.id })
    t.match(links[0]!.page, { id: berlin.id, namespace: 0, title: 'Berlin', latestRevisionId: berlin.latestRevisionId })
    t.equal(contexts[0]!.page.id, berlin.id, 'the parse is of the saved page')
    t.equal(links[0]!.output, contexts[0]!.output, 'LinksUpdateComplete gets the output ContentAlterParserOutput altered')
    t.equal(links[0]!.output.pageProps.get('contract_prop'), 'set')
    t.strictSame(outside[0], {}, 'LinksUpdateComplete runs before the new page is committed')
    t.strictSame(await marks(), ['Berlin'], 'and what it wrote with tx committed with the page')
    await h.savePage('Roma', '{{#contracttest:Q220}}')
    t.strictSame(log.slice(4), ['function Q220', 'ContentAlterParserOutput Roma Q220', 'LinksUpdateComplete Roma'], 'ParserFirstCallInit only once')
    h.host.hooks.hook('LinksUpdateComplete', () => { throw new Error('links update failed') })
    const failed = await h.savePage('Paris', 'new').catch((error: Error) => error.message)
    t.equal(failed, 'links update failed')
    t.strictSame(await ids(h, ['Paris']), {}, 'a failing LinksUpdateComplete handler rolls the save back')
    t.strictSame(await marks(), ['Berlin', 'Roma'])
  })

  t.test('refreshLinks re-parses (LinksUpdateComplete in a transaction); purgeWebCache does not', async t => {
    const h = await makeHost(t)
    const { mark, marks } = await markTable(h.pool)
    const { log, links } = logParserHooks(h.host)
    h.host.hooks.hook('LinksUpdateComplete', async (page, _output, tx) => { await mark(tx, `links ${page.title}`) })
    const berlin = await h.savePage('Berlin', '{{#contracttest:Q64}}')
    log.length = 0
    const missing = { id: berlin.id + 1000 as PageId, namespace: 0, title: 'Nowhere' }
    await h.host.services.purgeWebCache([{ id: berlin.id, namespace: 0, title: 'Berlin' }, missing], cause)
    await h.host.services.purgeWebCache([], cause)
    t.strictSame(log, [], 'a purge parses nothing')
    await h.host.services.refreshLinks([{ id: berlin.id, namespace: 0, title: 'Berlin' }, missing], cause)
    t.strictSame(log, ['function Q64', 'ContentAlterParserOutput Berlin Q64', 'LinksUpdateComplete Berlin'], 'the page parsed again, not the missing one')
    t.equal(links.at(-1)!.page.id, berlin.id)
    t.strictSame(await marks(), ['links Berlin', 'links Berlin'], 'committed when refreshLinks returns')
  })

  t.test('PageDeleteComplete in the delete transaction; PageMoveComplete in the move transaction', async t => {
    const h = await makeHost(t)
    const { mark, marks } = await markTable(h.pool)
    const berlin = await h.savePage('Berlin', 'x')
    const roma = await h.savePage('Roma', 'y')
    const deletes: Array<{ id: number, namespace: number, title: string, outside: Record<string, number> }> = []
    h.host.hooks.hook('PageDeleteComplete', async (page, tx) => {
      deletes.push({ id: page.id, namespace: page.namespace, title: page.title, outside: await ids(h, [page.title]) })
      await mark(tx, `deleted ${page.title}`)
    })
    await h.deletePage('Berlin')
    t.strictSame(deletes, [{ id: berlin.id, namespace: 0, title: 'Berlin', outside: { Berlin: berlin.id } }], 'with the page, before the deletion commits')
    t.strictSame(await ids(h, ['Berlin']), {})
    const moves: Array<[number, string, number, string, Record<string, number>]> = []
    h.host.hooks.hook('PageMoveComplete', async (from, to, tx) => {
      moves.push([from.id, from.title, to.id, to.title, await ids(h, ['Roma', 'Rome'])])
      await mark(tx, `moved ${from.title}`)
    })
    await h.movePage('Roma', 'Rome')
    t.strictSame(moves, [[roma.id, 'Roma', roma.id, 'Rome', { Roma: roma.id }]], 'the same id, fired before the move is committed')
    t.strictSame(await ids(h, ['Roma', 'Rome']), { Rome: roma.id })
    h.host.hooks.hook('PageDeleteComplete', () => { throw new Error('delete hook failed') })
    t.equal(await h.deletePage('Rome').catch((error: Error) => error.message), 'delete hook failed')
    t.strictSame(await ids(h, ['Rome']), { Rome: roma.id }, 'a failing PageDeleteComplete handler rolls the deletion back')
    t.strictSame(await marks(), ['deleted Berlin', 'moved Roma'])
  })
}
