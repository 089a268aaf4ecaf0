import t from 'tap'
import { startWiki } from '../../../support/farm.js'
import { createTestHost } from '../../../support/test-host.js'
import { freshDatabase, pendingRefreshes, queuedJobs, testPool } from '../../../support/test-database.js'
import { handleChanges } from '../../../../plugin/client/changes/change-handler.js'
import { makeEntityChangeNotificationTask } from '../../../../jobs/entity-change-notification.js'
import { changeType, newEntityChange, type EntityChangeAction } from '../../../../plugin/changes/entity-change.js'
import { encodeChange } from '../../../../plugin/changes/stored-change.js'
import { emptyEntityDiffChangedAspects, type EntityDiffChangedAspects } from '../../../../plugin/changes/entity-diff-changed-aspects.js'
import { parseEntityId } from '../../../../hooks/ids.js'
import { titleBatchSignature } from '../../../../plugin/client/changes/root-job-signature.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

let nextId = 0
function change (entity: string, action: EntityChangeAction, aspects: Partial<EntityDiffChangedAspects>): ReturnType<typeof encodeChange> & { id: number } {
  nextId += 1
  const c = newEntityChange(action, parseEntityId(entity), {
    id: nextId, time: '20130101000000', revisionId: 1000 + nextId, userId: 0,
    compactDiff: { ...emptyEntityDiffChangedAspects(), ...aspects },
    metadata: { user_text: 'Some User', rev_id: 1000 + nextId, parent_id: 999 + nextId, page_id: 23, bot: 0, comment: '/* change:1| */ bla bla' }
  })
  return { ...encodeChange(c), id: nextId }
}

// The changes of Wikibase's TestChanges on Q100 (and P100), as compact diffs (facts §7.15 b).
const changes = {
  'property-creation': () => change('P100', 'add', { labelChanges: ['de'] }),
  'property-deletion': () => change('P100', 'remove', { labelChanges: ['de'] }),
  'property-set-label': () => change('P100', 'update', { labelChanges: ['de'] }),
  'item-creation': () => change('Q100', 'add', {}),
  'item-deletion': () => change('Q100', 'remove', {}),
  'item-deletion-linked': () => change('Q100', 'remove', { siteLinkChanges: { enwiki: ['Emmy2', null, false] } }),
  'set-de-label': () => change('Q100', 'update', { labelChanges: ['de'] }),
  'set-en-label': () => change('Q100', 'update', { labelChanges: ['en'] }),
  'set-en-aliases': () => change('Q100', 'update', { aliasChanges: ['en'] }),
  'add-claim': () => change('Q100', 'update', { statementChangesExcludingQualOrRefOnlyChanges: ['P23'] }),
  'remove-claim': () => change('Q100', 'update', { statementChangesExcludingQualOrRefOnlyChanges: ['P23'] }),
  'set-dewiki-sitelink': () => change('Q100', 'update', { siteLinkChanges: { dewiki: [null, 'Duummy', false] } }),
  'set-enwiki-sitelink': () => change('Q100', 'update', { siteLinkChanges: { enwiki: [null, 'Emmy', false] } }),
  'change-dewiki-sitelink': () => change('Q100', 'update', { siteLinkChanges: { dewiki: ['Duummy', 'Duummy2', false] } }),
  'change-enwiki-sitelink': () => change('Q100', 'update', { siteLinkChanges: { enwiki: ['Emmy', 'Emmy2', false] } }),
  'change-enwiki-sitelink-badges': () => change('Q100', 'update', { siteLinkChanges: { enwiki: [null, null, true] } }),
  'remove-dewiki-sitelink': () => change('Q100', 'update', { siteLinkChanges: { dewiki: ['Duummy2', null, false] } }),
  'remove-enwiki-sitelink': () => change('Q100', 'update', { siteLinkChanges: { enwiki: ['Emmy2', null, false] } })
} as const

t.test('ChangeHandler (facts §7.15)', async t => {
  const url = await freshDatabase(t, 'handlermatrix')
  const pool = testPool(t, url, 20)
  const host = createTestHost({ pool })
  const app = await startWiki(t, { siteId: 'enwiki', roles: ['client'], database: url, repo: { siteId: 'repo' }, host, worker: { enabled: false } })
  // 'User:Emmy2' is a page outside the main namespace: namespace 2 (User), title Emmy2.
  const pages = { Emmy: await host.addPage('Emmy'), Emmy2: await host.addPage('Emmy2'), 'User:Emmy2': await host.addPage('Emmy2', { namespace: 2 }) }
  const NAMESPACE_PREFIX: Record<number, string> = { 0: '', 2: 'User:' }

  /** Setup "Q100 → title": the linked page uses Q100's sitelinks and English label, as in the test's fake lookup. */
  async function setup (links: Record<string, keyof typeof pages>): Promise<void> {
    await pool.query('TRUNCATE wbc_entity_usage, wbc_handled_changes, wbc_pending_refresh; DELETE FROM wikibase_jobs._private_jobs')
    for (const [entity, title] of Object.entries(links)) {
      await pool.query("INSERT INTO wbc_entity_usage (eu_entity_id, eu_aspect, eu_page_id) VALUES ($1, 'S', $2), ($1, 'L.en', $2)", [entity, pages[title]])
    }
  }
  /** The pages a kind of job was queued for, as `<namespace prefix><title>` read from the job's page records. */
  const updated = async (task: string): Promise<string[]> => (await queuedJobs(pool, 'wikibase_jobs', task))
    .flatMap(j => j.payload.entries?.flatMap((e: { pages: unknown[] }) => e.pages) ?? j.payload.pages ?? [j.payload.page]).map((p: { namespace: number, title: string }) => `${NAMESPACE_PREFIX[p.namespace]!}${p.title}`).sort()

  const pendingTitles = async (): Promise<string[]> => (await pendingRefreshes(pool)).map(p => `${NAMESPACE_PREFIX[p.namespace]!}${p.title}`).sort()

  t.test('(a) the batch hook runs once per notification, the per-change hooks once per change', async t => {
    for (const list of [[], ['item-creation'], ['item-deletion'], ['item-creation', 'item-deletion']] as Array<Array<keyof typeof changes>>) {
      const calls = { batch: 0, change: 0 }
      const off = [app.wikibase.hooks.hook('changes:coalesced', () => { calls.batch++ }), app.wikibase.hooks.hook('change:handled', () => { calls.change++ })]
      await handleChanges(list.map(name => changes[name]()), 'repo', wikibaseInternals(app).client!.changeHandler)
      for (const f of off) f()
      t.same(calls, { batch: list.length === 0 ? 0 : 1, change: list.length }, `[${list.join(', ')}]`)
    }
  })

  t.test('(b) which pages each change updates (purge = refreshLinks = recentchanges)', async t => {
    const matrix: Array<[keyof typeof changes, Record<string, keyof typeof pages>, string[]]> = [
      ['property-creation', {}, []], ['property-deletion', {}, []], ['property-set-label', {}, []],
      ['item-creation', {}, []], ['item-deletion', {}, []],
      ['item-deletion-linked', { Q100: 'Emmy2' }, ['Emmy2']],
      ['set-de-label', { Q100: 'Emmy2' }, []],
      ['set-en-label', { Q100: 'Emmy2' }, ['Emmy2']],
      ['set-en-label', { Q100: 'User:Emmy2' }, ['User:Emmy2']],
      ['set-en-aliases', { Q100: 'Emmy2' }, []], ['add-claim', { Q100: 'Emmy2' }, []], ['remove-claim', { Q100: 'Emmy2' }, []],
      ['set-dewiki-sitelink', {}, []],
      ['set-enwiki-sitelink', { Q100: 'Emmy' }, ['Emmy']],
      ['change-dewiki-sitelink', { Q100: 'Emmy' }, ['Emmy']],
      ['change-enwiki-sitelink', { Q100: 'Emmy', Q200: 'Emmy2' }, ['Emmy', 'Emmy2']],
      ['change-enwiki-sitelink-badges', { Q100: 'Emmy2' }, ['Emmy2']],
      ['remove-dewiki-sitelink', { Q100: 'Emmy2' }, ['Emmy2']],
      ['remove-enwiki-sitelink', { Q100: 'Emmy2' }, ['Emmy2']]
    ]
    for (const [name, links, expected] of matrix) {
      await setup(links)
      await handleChanges([changes[name]()], 'repo', wikibaseInternals(app).client!.changeHandler)
      const linked = Object.entries(links).map(([entity, title]) => `${entity}→${title}`).join(', ')
      t.strictSame(await updated('wikibase:purgeWebCache'), expected, `${name} (${linked}): purged`)
      t.strictSame(await pendingTitles(), expected, `${name} (${linked}): refreshed (pending in the set)`)
      t.strictSame(await updated('wikibase:injectRCRecords'), expected, `${name} (${linked}): recentchanges`)
    }
  })

  t.test('EntityChangeNotification (facts §7.19)', async t => {
    await setup({ Q100: 'Emmy2' })
    const seen: string[][] = []
    const off = app.wikibase.hooks.hook('changes:coalesced', event => { seen.push(event.changes.map(changeType)) })
    const task = makeEntityChangeNotificationTask({
      handleChanges: async (rows, repoSiteId, root) => await handleChanges(rows, repoSiteId, wikibaseInternals(app).client!.changeHandler, root),
      log: app.log
    })
    const run = async (payload: unknown): Promise<void> => { await task.run(payload as never, {} as never) }
    const mwNow = (): string => new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)

    const single = changes['set-en-label']()
    const before = mwNow()
    await run({ repoSiteId: 'repo', changes: [single] })
    const after = mwNow()
    // The job's root is {rootJobSignature: null, rootJobTimestamp: null}: the handler signs the
    // updates with their title batch and stamps purge and recentchanges with the time now.
    const signature = titleBatchSignature([{ id: pages.Emmy2, namespace: 0, title: 'Emmy2' }])
    const [purge] = (await queuedJobs(pool, 'wikibase_jobs', 'wikibase:purgeWebCache')).map(j => j.payload)
    const [refresh] = await pendingRefreshes(pool)
    const [rc] = (await queuedJobs(pool, 'wikibase_jobs', 'wikibase:injectRCRecords')).map(j => j.payload.entries[0])
    const stamp = purge.cause.rootJobTimestamp as string
    t.ok(stamp >= before && stamp <= after, `rootJobTimestamp ${stamp} is the time of handling (${before}–${after})`)
    t.strictSame(purge.cause, { action: 'update', agent: 'uid:0', rootJobSignature: signature, rootJobTimestamp: stamp }, 'purge: title-batch signature, timestamp now')
    t.strictSame(refresh?.cause, { action: 'update', agent: 'uid:?', rootJobSignature: signature }, 'refresh: title-batch signature, no timestamp')
    t.strictSame([rc.rootJobSignature, rc.rootJobTimestamp], [`${signature}&change-id:${single.id}`, stamp], 'recentchanges: title batch & change id, the same timestamp')

    await run({ repoSiteId: 'repo', changes: [change('Q100', 'update', { labelChanges: ['en'] }), change('Q100', 'update', { labelChanges: ['de'] }), changes['property-set-label']()] })
    await run({ repoSiteId: 'repo', changes: [] })
    off()
    // The two Q100 changes form a run, but the repo has no such revisions to merge from
    // (MergeFailed), so both are handled as they came, with the property change.
    t.strictSame(seen, [['wikibase-item~update'], ['wikibase-item~update', 'wikibase-item~update', 'wikibase-property~update']], 'one handler call per notification, none for an empty one')
  })
})
