import t from 'tap'
import { createEntity, deleteEntity } from '../../../../plugin/repo/entities/entity-editor.js'
import type { WikibaseEntity } from '../../../../plugin/changes/wikibase-entity.js'
import { api, PREFIX, startApiRepo, V1 } from './api-test-repo.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

/**
 * `action=wbcreateredirect` (Wikibase's CreateRedirect API module and its interactors) on a
 * real database: the error codes of CreateRedirectTest, then a redirect that REST and
 * wbgetentities follow and whose `remove` change reaches wb_changes.
 */
const item = (labels: Record<string, string> = {}): WikibaseEntity =>
  ({ type: 'item', labels: Object.fromEntries(Object.entries(labels).map(([l, value]) => [l, { language: l, value }])) })

t.test('wbcreateredirect', async t => {
  const { app, host, ctx } = await startApiRepo(t, 'redirect')
  const db = wikibaseInternals(app).self
  const property = { type: 'property', datatype: 'string' }
  await createEntity(ctx, 'property', property) // P1
  await createEntity(ctx, 'property', property) // P2
  await createEntity(ctx, 'item', item()) // Q1: empty, becomes a redirect to Q2
  await createEntity(ctx, 'item', { ...item({ en: 'Berlin' }), sitelinks: { enwiki: { site: 'enwiki', title: 'Berlin', badges: [] } } }) // Q2
  await createEntity(ctx, 'item', item()) // Q3: empty
  await createEntity(ctx, 'item', item({ en: 'not empty' })) // Q4
  await createEntity(ctx, 'item', item()) // Q5: deleted, then made a redirect
  host.denied.add('Newbie:item-redirect')
  const count = async (sql: string): Promise<number> => Number((await db.pool.query(sql)).rows[0].count)
  const revisions = async (): Promise<number> => await count('SELECT count(*) FROM repo.wb_entity_revisions')

  t.test('refusals: Wikibase\'s error codes, nothing written', async t => {
    await api(app, 'admin', { action: 'wbcreateredirect', from: 'Q3', to: 'Q2' }).then(r => t.same(r, { success: 1, redirect: 'Q2' }))
    const before = await revisions()
    const cases: Array<[string, string, Record<string, string>, string]> = [
      ['bad source id', 'admin', { from: 'xyz', to: 'Q2' }, 'invalid-entity-id'],
      ['bad target id', 'admin', { from: 'Q1', to: 'xyz' }, 'invalid-entity-id'],
      ['no from', 'admin', { to: 'Q2' }, 'missingparam'],
      ['no to', 'admin', { from: 'Q1' }, 'missingparam'],
      ['source not found', 'admin', { from: 'Q77', to: 'Q2' }, 'no-such-entity'],
      ['target not found', 'admin', { from: 'Q1', to: 'Q77' }, 'no-such-entity'],
      ['target is a redirect', 'admin', { from: 'Q1', to: 'Q3' }, 'target-is-redirect'],
      ['target is incompatible', 'admin', { from: 'Q1', to: 'P1' }, 'target-is-incompatible'],
      ['source not empty', 'admin', { from: 'Q4', to: 'Q2' }, 'origin-not-empty'],
      ['source and target the same', 'admin', { from: 'Q1', to: 'Q1' }, 'source-and-target-are-the-same'],
      ['properties cannot be redirected', 'admin', { from: 'P1', to: 'P2' }, 'cant-redirect'],
      ['no item-redirect right', 'newbie', { from: 'Q1', to: 'Q2' }, 'permissiondenied']
    ]
    for (const [name, user, params, code] of cases) {
      const body = await api(app, user, { action: 'wbcreateredirect', ...params })
      t.equal(body.error?.code, code, `${name}: ${code}`)
    }
    const bad = await api(app, 'admin', { action: 'wbcreateredirect', from: 'Q4', to: 'Q2' })
    t.same(bad.error.messages.map((m: { name: string, parameters: unknown[] }) => [m.name, m.parameters]), [['wikibase-api-origin-not-empty', ['Q4']]])
    const get = await app.inject({ url: `${PREFIX}/w/api.php?action=wbcreateredirect&from=Q1&to=Q2&format=json`, headers: { 'x-test-user': 'admin' } })
    t.equal(get.json().error.code, 'mustbeposted')
    t.equal(await revisions(), before, 'no refusal wrote a revision')
  })

  t.test('Q1 becomes a redirect to Q2: a revision, a remove change, reads follow it', async t => {
    await db.pool.query("INSERT INTO repo.wb_changes_subscription (cs_entity_id, cs_subscriber_id) VALUES ('Q1', 'enwiki')")
    const answer = await api(app, 'admin', { action: 'wbcreateredirect', from: 'q1', to: 'Q2', bot: '1', summary: 'duplicate' })
    t.same(answer, { success: 1, redirect: 'Q2' })
    t.match(host.edits.at(-1), { entityId: 'Q1', kind: 'edit', comment: '/* wbcreateredirect:0||Q1|Q2 */ duplicate', newSize: 31 })
    const { rows: [state] } = await db.pool.query("SELECT entity_redirect_target, entity_latest_rev FROM repo.wb_entities WHERE entity_id = 'Q1'")
    t.equal(state.entity_redirect_target, 'Q2')
    t.equal(Number(state.entity_latest_rev), host.edits.at(-1)!.revisionId, 'the redirect is the source\'s latest revision')
    const { rows: changes } = await db.pool.query("SELECT change_type, change_revision_id FROM repo.wb_changes WHERE change_object_id = 'Q1'")
    t.same(changes, [{ change_type: 'wikibase-item~remove', change_revision_id: String(host.edits.at(-1)!.revisionId) }],
      'the change is Wikibase\'s: a redirect counts as a removal')
    t.equal(await count('SELECT count(*) FROM repo.wb_items_per_site WHERE ips_item_id = 1'), 0)

    const rest = await app.inject(`${V1}/entities/items/Q1/labels`)
    t.equal(rest.statusCode, 308)
    t.equal(rest.headers.location, `http://localhost:80${V1}/entities/items/Q2/labels`, 'absolute, as the spec says')
    const read = await api(app, 'admin', { action: 'wbgetentities', ids: 'Q1', props: 'info|labels' })
    t.same(Object.keys(read.entities), ['Q2'])
    t.same(read.entities.Q2.redirects, { from: 'Q1', to: 'Q2' })
    t.same(read.entities.Q2.labels, { en: { language: 'en', value: 'Berlin' } })
    const edit = await api(app, 'admin', { action: 'wbsetlabel', id: 'Q1', language: 'en', value: 'x' })
    t.equal(edit.error.code, 'unresolved-redirect', 'a redirect is not edited')
  })

  t.test('a redirect can be pointed elsewhere, a deleted item made a redirect; neither tells clients', async t => {
    const changes = async (): Promise<number> => await count('SELECT count(*) FROM repo.wb_changes')
    const before = await changes()
    t.same(await api(app, 'admin', { action: 'wbcreateredirect', from: 'Q3', to: 'Q4' }), { success: 1, redirect: 'Q4' })
    t.match(host.edits.at(-1), { entityId: 'Q3', kind: 'edit', oldSize: 31, newSize: 31 })
    await deleteEntity(ctx, 'Q5' as never)
    t.same(await api(app, 'admin', { action: 'wbcreateredirect', from: 'Q5', to: 'Q2' }), { success: 1, redirect: 'Q2' })
    t.match(host.edits.at(-1), { entityId: 'Q5', kind: 'create', parentRevisionId: 0, oldSize: 0 })
    t.equal((await app.inject(`${V1}/entities/items/Q5`)).statusCode, 308)
    t.equal(await changes(), before)
  })
})
