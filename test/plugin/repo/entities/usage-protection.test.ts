import t from 'tap'
import { createEntity } from '../../../../plugin/repo/entities/entity-editor.js'
import { isProtectedByUsage, usageProtectionRight } from '../../../../plugin/repo/entities/usage-protection.js'
import { entityUsageSummary, setUsageCounts } from '../../../../plugin/repo-reader/entity-usage-counts.js'
import { api, startApiRepo, V1 } from '../action-api/api-test-repo.js'
import type { EntityId } from '../../../../hooks/ids.js'
import { resolveOptions } from '../../../../plugin/index.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

const counts = (pages: Record<string, number>): Map<EntityId, number> => new Map(Object.entries(pages)) as Map<EntityId, number>
const Q = (id: string): EntityId => id as EntityId

/**
 * `repoSettings.protectEntitiesUsedOnMoreThan` (beyond Wikibase, T226883): an entity used on
 * more client pages than the threshold needs `editsemiprotected`, refused as a protected page.
 */
t.test('the rule as data', async t => {
  const cases: Array<[pages: number, threshold: number | null, action: string, right: string | null]> = [
    [10_000, null, 'edit', null], // off by default
    [0, 0, 'edit', null],
    [1, 0, 'edit', 'editsemiprotected'],
    [499, 500, 'edit', null],
    [500, 500, 'edit', null], // "more than": the threshold itself is not protected
    [501, 500, 'edit', 'editsemiprotected'],
    [501, 500, 'move', null] // only edits; entities have no move of their own
  ]
  for (const [pages, threshold, action, right] of cases) {
    t.equal(usageProtectionRight(pages, threshold, action), right, `${pages} pages, threshold ${String(threshold)}, ${action}`)
    t.equal(isProtectedByUsage(pages, threshold), threshold !== null && pages > threshold)
  }
})

t.test('repoSettings.protectEntitiesUsedOnMoreThan: null by default, a whole number of pages otherwise', async t => {
  const setting = (value?: unknown): unknown => resolveOptions({
    siteId: 'repo', roles: ['repo'], database: 'postgres://x/y', repoSettings: value === undefined ? {} : { protectEntitiesUsedOnMoreThan: value }
  } as any).repoSettings.protectEntitiesUsedOnMoreThan
  t.equal(setting(), null, 'off by default')
  t.equal(setting(null), null)
  t.equal(setting(0), 0)
  t.equal(setting(500), 500)
  for (const bad of [-1, 1.5, '500', true, 1e12]) t.throws(() => setting(bad), /protectEntitiesUsedOnMoreThan/, `${JSON.stringify(bad)} is refused`)
})

t.test('heavily used entities refuse editors without editsemiprotected, on both APIs', async t => {
  const { app, host, ctx } = await startApiRepo(t, 'usageprot', { protectEntitiesUsedOnMoreThan: 2 })
  const db = wikibaseInternals(app).self
  await createEntity(ctx, 'item', { type: 'item' }) // Q1: used on 3 pages on 2 wikis
  await createEntity(ctx, 'item', { type: 'item' }) // Q2: used on 2 pages, at the threshold
  await setUsageCounts(db.pool, db, 'enwiki', counts({ Q1: 2, Q2: 2 }))
  await setUsageCounts(db.pool, db, 'dewiki', counts({ Q1: 1 }))
  t.same(await entityUsageSummary(db.pool, db, Q('Q1')), { pages: 3, wikis: 2 })
  t.same(await entityUsageSummary(db.pool, db, Q('Q3')), { pages: 0, wikis: 0 })
  host.denied.add('127.0.0.1:editsemiprotected') // anonymous users are not autoconfirmed
  host.denied.add('Newbie:editsemiprotected')

  const label = (id: string, value: string): Record<string, string> => ({ action: 'wbsetlabel', id, language: 'en', value })
  for (const user of ['anonymous', 'newbie']) {
    const refused = await api(app, user, label('Q1', 'x'))
    t.equal(refused.error.code, 'protectedpage', `${user}: action API protectedpage`)
    t.same(refused.error.messages.map((m: { name: string, parameters: unknown[] }) => [m.name, m.parameters]), [['protectedpagetext', ['editsemiprotected', 'edit']]])
    t.equal((await api(app, user, { action: 'wbeditentity', id: 'Q1', data: JSON.stringify({ labels: { de: { language: 'de', value: 'x' } } }) })).error.code,
      'protectedpage', `${user}: wbeditentity too`)
    const headers = user === 'anonymous' ? {} : { 'x-test-user': user }
    const rest = await app.inject({ method: 'PUT', url: `${V1}/entities/items/Q1/labels/en`, headers, payload: { label: 'x' } })
    t.equal(rest.statusCode, 403, `${user}: REST 403`)
    t.same(rest.json(), { code: 'permission-denied', message: 'Access to resource is denied', context: { denial_reason: 'resource-protected', denial_context: { right: 'editsemiprotected' } } })
    const patch = await app.inject({ method: 'PATCH', url: `${V1}/entities/items/Q1`, headers, payload: { patch: [{ op: 'add', path: '/labels/fr', value: 'x' }] } })
    t.equal(patch.statusCode, 403, `${user}: REST PATCH 403`)
    t.equal((await api(app, user, label('Q2', user))).success, 1, `${user}: an entity at the threshold is editable`)
  }
  t.equal((await api(app, 'editor', label('Q1', 'by an autoconfirmed user'))).success, 1, 'editsemiprotected is enough')

  await setUsageCounts(db.pool, db, 'enwiki', counts({ Q1: 0 }))
  t.same(await entityUsageSummary(db.pool, db, Q('Q1')), { pages: 1, wikis: 1 }, 'a zero count removes the client\'s row')
  t.equal((await api(app, 'anonymous', label('Q1', 'anon again'))).success, 1, 'below the threshold again: the rule lets go')
})

t.test('off by default: no threshold, no refusal', async t => {
  const { app, host, ctx } = await startApiRepo(t, 'usageoff')
  const db = wikibaseInternals(app).self
  await createEntity(ctx, 'item', { type: 'item' })
  await setUsageCounts(db.pool, db, 'enwiki', counts({ Q1: 1_000_000 }))
  host.denied.add('127.0.0.1:editsemiprotected')
  t.equal((await api(app, 'anonymous', { action: 'wbsetlabel', id: 'Q1', language: 'en', value: 'x' })).success, 1)
})
