import t from 'tap'
import type { JobHelpers } from 'graphile-worker'
import type { HostUser } from '../../hooks/contract.js'
import { parseEntityId, type SiteGlobalId } from '../../hooks/ids.js'
import { makeUpdateRepoOnDeleteTask, makeUpdateRepoOnMoveTask, type UpdateRepoDeps } from '../../jobs/update-repo.js'
import { createEntity, editEntity, type EditContext } from '../../plugin/repo/entities/entity-editor.js'
import { loadLatestRevision } from '../../plugin/repo-reader/entity-revisions.js'
import { siteLinksOfItem } from '../../plugin/repo/entities/sitelink-store.js'
import { WIKIBASE_VALIDATION_DEFAULTS } from '../../plugin/repo/validation/validation-settings.js'
import type { SitePageInfoLookup } from '../../plugin/repo/normalization/site-page-info-lookup.js'
import { addSites, editor, startRepo } from '../support/repo-test-wiki.js'
import { createTestHost } from '../support/test-host.js'
import { wikibaseInternals } from '../../plugin/facade.js'

interface Teardown { teardown: (fn: () => unknown) => void }

/**
 * The repo's UpdateRepoOnMove / UpdateRepoOnDelete jobs (Wikibase's UpdateRepoOnMoveJob,
 * UpdateRepoOnDeleteJob, UpdateRepoJob), run against a real repo database through the entity
 * editor: the client user's repo account makes the edit, with Wikibase's summaries; an update
 * that no longer applies changes nothing.
 */

const alice: HostUser = { id: 11, name: 'Alice', anonymous: false, bot: false }
const helpers = {} as JobHelpers
const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => silent } as any

async function setup (t: Teardown, options: { pageInfo?: SitePageInfoLookup } = {}): Promise<{
  deps: UpdateRepoDeps, host: ReturnType<typeof createTestHost>, ctx: EditContext, item: string, titleOf: () => Promise<unknown>
}> {
  const host = createTestHost()
  const users = new Map([[alice.name, alice], [editor.name, editor]])
  host.services.userByName = async name => users.get(name) ?? null
  const app = await startRepo(t, 'updaterepo', host)
  const db = wikibaseInternals(app).self
  await addSites(db, ['enwiki', 'dewiki'])
  const ctx: EditContext = { db, host, user: editor }
  const created = await createEntity(ctx, 'item', {
    type: 'item',
    labels: { en: { language: 'en', value: 'London' } },
    sitelinks: { enwiki: { site: 'enwiki', title: 'London', badges: ['Q17437796'] }, dewiki: { site: 'dewiki', title: 'London', badges: [] } }
  })
  const validation = options.pageInfo === undefined ? WIKIBASE_VALIDATION_DEFAULTS : { ...WIKIBASE_VALIDATION_DEFAULTS, sitePageInfo: options.pageInfo }
  const deps: UpdateRepoDeps = { updateRepo: { db, host, validation, clientSiteIds: new Set(['enwiki', 'dewiki'] as SiteGlobalId[]), log: silent } }
  const titleOf = async (): Promise<unknown> => (await loadLatestRevision(db.pool, db, created.entityId))?.entity.sitelinks
  return { deps, host, ctx, item: created.entityId, titleOf }
}

const move = (item: string, over: Record<string, unknown> = {}): any =>
  ({ siteId: 'enwiki', entityId: item, oldTitle: 'London', newTitle: 'London (city)', user: 'Alice', centralUserId: 0, ...over })
const del = (item: string, over: Record<string, unknown> = {}): any =>
  ({ siteId: 'enwiki', entityId: item, title: 'London', user: 'Alice', centralUserId: 0, ...over })

t.test('move: the sitelink names the new title, badges kept, as the client user, with clientsitelink-update', async t => {
  const { deps, host, item, titleOf, ctx } = await setup(t)
  const run = makeUpdateRepoOnMoveTask(deps).run
  await run(move(item), helpers)
  t.strictSame(await titleOf(), {
    enwiki: { site: 'enwiki', title: 'London (city)', badges: ['Q17437796'] }, dewiki: { site: 'dewiki', title: 'London', badges: [] }
  })
  t.match(host.edits.at(-1), { entityId: item, user: alice, kind: 'edit', comment: '/* clientsitelink-update:0|enwiki|enwiki:London|enwiki:London (city) */' })
  t.strictSame(await siteLinksOfItem(ctx.db.pool, ctx.db, parseEntityId(item)), [{ site: 'dewiki', title: 'London' }, { site: 'enwiki', title: 'London (city)' }])

  const edits = host.edits.length
  await run(move(item), helpers)
  t.equal(host.edits.length, edits, 'a replay of the same job is a no-op (the sitelink no longer names the old title)')
})

t.test('move: a concurrent edit of the sitelink wins; the job changes nothing', async t => {
  const { deps, host, item, titleOf, ctx } = await setup(t)
  await editEntity(ctx, parseEntityId(item), e => ({ ...e, sitelinks: { ...e.sitelinks, enwiki: { site: 'enwiki', title: 'London, England', badges: [] } } }))
  const edits = host.edits.length
  await makeUpdateRepoOnMoveTask(deps).run(move(item), helpers)
  t.equal(host.edits.length, edits)
  t.match(await titleOf(), { enwiki: { title: 'London, England' } })
})

t.test('move: nothing happens without a repo account, for a site that is not a client, or for a missing item', async t => {
  const { deps, host, item, titleOf } = await setup(t)
  const run = makeUpdateRepoOnMoveTask(deps).run
  const edits = host.edits.length
  await run(move(item, { user: 'Nobody' }), helpers)
  await run(move(item, { siteId: 'frwiki' }), helpers)
  await run(move('Q999'), helpers)
  t.equal(host.edits.length, edits)
  t.match(await titleOf(), { enwiki: { title: 'London' } })
})

t.test('move: a user without the edit right on the repo changes nothing (the refusal is not retried)', async t => {
  const { deps, host, item, titleOf } = await setup(t)
  host.denied.add('Alice:edit')
  await makeUpdateRepoOnMoveTask(deps).run(move(item), helpers)
  t.match(await titleOf(), { enwiki: { title: 'London' } })
})

t.test('the repo\'s settings apply to the job\'s edit as to any edit: the usage rule and the dispatch delay', async t => {
  const { deps, host, item, titleOf } = await setup(t)
  const { db } = deps.updateRepo
  await db.pool.query('INSERT INTO repo.wb_entity_usage_counts (uc_entity_id, uc_site_id, uc_pages) VALUES ($1, \'enwiki\', 3), ($1, \'dewiki\', 2)', [item])
  const dispatchJobs = async (): Promise<Array<{ run_at: Date }>> => (await db.pool.query<{ run_at: Date }>(
    `SELECT j.run_at FROM repo_jobs._private_jobs j JOIN repo_jobs._private_tasks k ON k.id = j.task_id
      WHERE k.identifier = 'wikibase:dispatchChanges'`)).rows
  // The item's creation queued a dispatch under the same job key (no worker runs here): as if it had run.
  await db.pool.query(`DELETE FROM repo_jobs._private_jobs j USING repo_jobs._private_tasks k
    WHERE k.id = j.task_id AND k.identifier = 'wikibase:dispatchChanges'`)
  t.strictSame(await dispatchJobs(), [])
  host.denied.add('Alice:editsemiprotected')
  const guarded = { updateRepo: { ...deps.updateRepo, protectEntitiesUsedOnMoreThan: 4, dispatchDelayMs: 600_000 } }
  await makeUpdateRepoOnMoveTask(guarded).run(move(item), helpers)
  t.match(await titleOf(), { enwiki: { title: 'London' } }, 'used on 5 pages > 4: refused without editsemiprotected')

  host.denied.delete('Alice:editsemiprotected')
  const before = Date.now()
  await makeUpdateRepoOnMoveTask(guarded).run(move(item), helpers)
  t.match(await titleOf(), { enwiki: { title: 'London (city)' } }, 'with editsemiprotected the sitelink follows')
  const [job] = await dispatchJobs()
  t.ok(job !== undefined && job.run_at.getTime() >= before + 590_000, 'its dispatch waits repoSettings.dispatchDelay')
})

t.test('move: the central id finds the repo account when the host maps central ids', async t => {
  const { deps, host, item } = await setup(t)
  host.services.localUserIdForCentral = async central => central === 500 ? alice.id : 0
  await makeUpdateRepoOnMoveTask(deps).run(move(item, { user: 'Alice', centralUserId: 500 }), helpers)
  t.match(host.edits.at(-1), { user: alice })
})

t.test('delete: the sitelink goes, with clientsitelink-remove; a replay is a no-op', async t => {
  const { deps, host, item, titleOf } = await setup(t)
  const run = makeUpdateRepoOnDeleteTask(deps).run
  await run(del(item), helpers)
  t.strictSame(await titleOf(), { dewiki: { site: 'dewiki', title: 'London', badges: [] } })
  t.match(host.edits.at(-1), { user: alice, comment: '/* clientsitelink-remove:1||enwiki */ London' })
  const edits = host.edits.length
  await run(del(item), helpers)
  t.equal(host.edits.length, edits)
})

t.test('delete: a page that exists on the client again keeps its sitelink', async t => {
  const asked: string[] = []
  const { deps, host, item, titleOf } = await setup(t, {
    pageInfo: async (site, titles) => { asked.push(`${site.globalId}:${titles.join()}`); return new Map(titles.map(x => [x, { exists: true, redirectTarget: null }])) }
  })
  const edits = host.edits.length
  await makeUpdateRepoOnDeleteTask(deps).run(del(item), helpers)
  t.equal(host.edits.length, edits)
  t.match(await titleOf(), { enwiki: { title: 'London' } })
  t.strictSame(asked, ['enwiki:London'])
})

t.test('delete: a concurrent change of the sitelink wins', async t => {
  const { deps, item, titleOf } = await setup(t)
  await makeUpdateRepoOnDeleteTask(deps).run(del(item, { title: 'Londres' }), helpers)
  t.match(await titleOf(), { enwiki: { title: 'London' } })
})
