import t from 'tap'
import { createEntity } from '../../../../plugin/repo/entities/entity-editor.js'
import type { WikibaseEntity } from '../../../../plugin/changes/wikibase-entity.js'
import { api, startApiRepo, V1 } from './api-test-repo.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

/**
 * `action=wbmergeitems` (Wikibase's MergeItems module and ItemMergeInteractor) on a real
 * database: the refusals of MergeItemsTest / ItemMergeInteractorTest, then a merge whose two
 * edits and redirect are saved together, reach wb_changes and wb_items_per_site.
 */
const terms = (values: Record<string, string>): Record<string, { language: string, value: string }> =>
  Object.fromEntries(Object.entries(values).map(([language, value]) => [language, { language, value }]))
const item = (parts: Partial<WikibaseEntity> = {}): WikibaseEntity => ({ type: 'item', ...parts })
const stringClaim = (value: string) => ({ P1: [{ type: 'statement', rank: 'normal', mainsnak: { snaktype: 'value', property: 'P1', datavalue: { type: 'string', value } } }] })

t.test('wbmergeitems', async t => {
  const { app, host, ctx } = await startApiRepo(t, 'merge')
  const db = wikibaseInternals(app).self
  await createEntity(ctx, 'property', { type: 'property', datatype: 'string' }) // P1
  await createEntity(ctx, 'item', item({ labels: terms({ en: 'Berlin', de: 'Berlin' }), descriptions: terms({ en: 'city' }), claims: stringClaim('a') as never,
    sitelinks: { enwiki: { site: 'enwiki', title: 'Berlin', badges: [] } } })) // Q1 → merged into Q2
  await createEntity(ctx, 'item', item({ labels: terms({ en: 'Berlin, Germany' }), claims: stringClaim('b') as never })) // Q2
  await createEntity(ctx, 'item', item({ descriptions: terms({ en: 'other' }) })) // Q3: description conflicts with Q2 after the merge
  await createEntity(ctx, 'item', item({ labels: terms({ en: 'x' }) })) // Q4
  host.denied.add('Newbie:item-merge')
  const count = async (sql: string): Promise<number> => Number((await db.pool.query(sql)).rows[0].count)
  const revisions = async (): Promise<number> => await count('SELECT count(*) FROM repo.wb_entity_revisions')

  t.test('refusals: Wikibase\'s error codes, nothing written', async t => {
    const before = await revisions()
    const cases: Array<[string, string, Record<string, string>, string]> = [
      ['bad source id', 'admin', { fromid: 'xyz', toid: 'Q2' }, 'invalid-entity-id'],
      ['no fromid', 'admin', { toid: 'Q2' }, 'missingparam'],
      ['no toid', 'admin', { fromid: 'Q1' }, 'missingparam'],
      ['source not found', 'admin', { fromid: 'Q77', toid: 'Q2' }, 'no-such-entity'],
      ['target not found', 'admin', { fromid: 'Q1', toid: 'Q77' }, 'no-such-entity'],
      ['not items', 'admin', { fromid: 'P1', toid: 'Q2' }, 'not-item'],
      ['the same item', 'admin', { fromid: 'Q1', toid: 'q1' }, 'cant-merge-self'],
      ['no item-merge right', 'newbie', { fromid: 'Q1', toid: 'Q2' }, 'permissiondenied'],
      ['conflicting descriptions', 'admin', { fromid: 'Q3', toid: 'Q1' }, 'failed-modify']
    ]
    for (const [name, user, params, code] of cases) {
      const body = await api(app, user, { action: 'wbmergeitems', ...params })
      t.equal(body.error?.code, code, `${name}: ${code}`)
    }
    const conflict = await api(app, 'admin', { action: 'wbmergeitems', fromid: 'Q3', toid: 'Q1' })
    t.equal(conflict.error.info, 'Conflicting descriptions for language en')
    t.same(conflict.error.messages.map((m: { name: string }) => m.name), ['wikibase-api-failed-modify'])
    t.equal(await revisions(), before, 'no refusal wrote a revision')
  })

  t.test('Q1 into Q2: two edits and a redirect, one transaction, Wikibase\'s answer', async t => {
    await db.pool.query("INSERT INTO repo.wb_changes_subscription (cs_entity_id, cs_subscriber_id) VALUES ('Q1', 'enwiki')")
    const lastChange = await count('SELECT coalesce(max(change_id), 0) AS count FROM repo.wb_changes')
    const edits = host.edits.length
    const answer = await api(app, 'admin', { action: 'wbmergeitems', fromid: 'Q1', toid: 'Q2', summary: 'duplicate' })
    const [fromEdit, toEdit, redirect] = host.edits.slice(edits)
    t.same(answer, { success: 1, redirected: 1, from: { id: 'Q1', lastrevid: fromEdit!.revisionId }, to: { id: 'Q2', lastrevid: toEdit!.revisionId } })
    t.match(fromEdit, { entityId: 'Q1', kind: 'edit', comment: '/* wbmergeitems-to:0||Q2 */ duplicate' })
    t.match(toEdit, { entityId: 'Q2', kind: 'edit', comment: '/* wbmergeitems-from:0||Q1 */ duplicate' })
    t.match(redirect, { entityId: 'Q1', kind: 'edit', comment: '/* wbcreateredirect:0||Q1|Q2 */' })
    t.equal(host.edits.length, edits + 3)

    const read = await api(app, 'admin', { action: 'wbgetentities', ids: 'Q2', props: 'labels|aliases|descriptions|sitelinks|claims' })
    const q2 = read.entities.Q2
    t.same(q2.labels, { en: { language: 'en', value: 'Berlin, Germany' }, de: { language: 'de', value: 'Berlin' } })
    t.same(q2.aliases, { en: [{ language: 'en', value: 'Berlin' }] })
    t.same(q2.descriptions, { en: { language: 'en', value: 'city' } })
    t.same(q2.sitelinks, { enwiki: { site: 'enwiki', title: 'Berlin', badges: [] } })
    t.same(q2.claims.P1.map((s: { mainsnak: { datavalue: { value: string } }, id: string }) => [s.mainsnak.datavalue.value, s.id.startsWith('Q2$')]),
      [['b', true], ['a', true]], 'the statement moved under a new GUID of Q2')
    t.same((await db.pool.query('SELECT ips_item_id, ips_site_page FROM repo.wb_items_per_site')).rows, [{ ips_item_id: 2, ips_site_page: 'Berlin' }])
    t.equal((await app.inject(`${V1}/entities/items/Q1`)).statusCode, 308, 'the source is a redirect')
    const { rows: changes } = await db.pool.query('SELECT change_object_id, change_type FROM repo.wb_changes WHERE change_id > $1 ORDER BY change_id', [lastChange])
    t.same(changes, [
      { change_object_id: 'Q1', change_type: 'wikibase-item~update' },
      { change_object_id: 'Q2', change_type: 'wikibase-item~update' },
      { change_object_id: 'Q1', change_type: 'wikibase-item~remove' }
    ], 'clients hear of both edits and of the redirect (Q1 has a subscriber, Q2 gained a sitelink)')
  })

  t.test('a merged source cannot be merged again; an ignored conflict leaves the source an item', async t => {
    t.equal((await api(app, 'admin', { action: 'wbmergeitems', fromid: 'Q1', toid: 'Q4' })).error.code, 'cant-load-entity-content')
    const answer = await api(app, 'admin', { action: 'wbmergeitems', fromid: 'Q3', toid: 'Q2', ignoreconflicts: 'description' })
    t.equal(answer.redirected, 0)
    const warned = await api(app, 'admin', { action: 'wbmergeitems', fromid: 'Q4', toid: 'Q2', ignoreconflicts: 'label' })
    t.match(warned, { success: 1, redirected: 1, warnings: { wbmergeitems: {} } }, 'an unknown conflict type is MediaWiki\'s warning, not a refusal')
    const read = await api(app, 'admin', { action: 'wbgetentities', ids: 'Q3', props: 'descriptions' })
    t.same(read.entities.Q3.descriptions, { en: { language: 'en', value: 'other' } }, 'the conflicting description stays on the source')
  })
})
