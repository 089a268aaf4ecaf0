import t from 'tap'
import { startWiki } from '../support/farm.js'
import { eventually } from '../support/test-database.js'
import { savePage, viewPage } from '../../example-wiki/engine/wiki-engine.js'
import { parseTitle } from '../../example-wiki/engine/titles.js'
import { pageProps } from '../../example-wiki/engine/link-store.js'
import { listRecentChanges } from '../../example-wiki/engine/recent-changes-store.js'
import { saveAccount } from '../../example-wiki/engine/account-store.js'
import { createEntity, deleteEntity, restoreEntity } from '../../plugin/repo/entities/entity-editor.js'
import { mergeItemsInto } from '../../plugin/repo/entities/item-merger.js'
import { createRedirect } from '../../plugin/repo/entities/entity-redirector.js'
import type { WikibaseEntity } from '../../plugin/changes/wikibase-entity.js'
import type { EntityId } from '../../hooks/ids.js'
import { addSites } from '../support/repo-test-wiki.js'
import { wikibaseInternals } from '../../plugin/facade.js'
import { engineWiki } from '../support/engine-wiki.js'

/**
 * Issue 16 item 2 end to end on a farm of two example wikis with separate databases (a repo
 * and enwiki, a client): items merged, deleted, undeleted and redirected on the repo reach
 * the client's pages through the normal dispatch — the pages show the right data, their
 * usages and the connected page's item follow, and the recentchanges comments are right.
 */
const text = (value: string): Record<string, { language: string, value: string }> => ({ en: { language: 'en', value } })
const motto = (value: string) => ({ P1: [{ type: 'statement' as const, rank: 'normal' as const, mainsnak: { snaktype: 'value' as const, property: 'P1', datavalue: { type: 'string', value } } }] })

t.test('merge, delete, undelete and redirect reach the client pages', async t => {
  const repoSide = await engineWiki(t, 'lifecyclerepo', 'repowiki')
  const enSide = await engineWiki(t, 'lifecycleen', 'enwiki')
  const repo = await startWiki(t, {
    siteId: 'repowiki', roles: ['repo'], pool: repoSide.pool, host: repoSide.wiki.host,
    clients: [{ siteId: 'enwiki', database: enSide.url }], worker: { pollInterval: 100 }
  })
  const client = await startWiki(t, {
    siteId: 'enwiki', roles: ['client'], pool: enSide.pool, host: enSide.wiki.host,
    repo: { siteId: 'repowiki', database: repoSide.url }, worker: { pollInterval: 100 }
  })
  await repoSide.pool.query("INSERT INTO sites (site_global_key) VALUES ('enwiki'), ('dewiki') ON CONFLICT DO NOTHING")
  // The client knows dewiki, with a page URL, so a connected page gets a language link to it.
  await addSites(wikibaseInternals(client).self, ['dewiki'])
  const sysop = await saveAccount(repoSide.pool, { pool: repoSide.pool, schema: 'wiki' }, 'Admin', '', ['sysop'])
  const ctx = { db: wikibaseInternals(repo).self, host: repoSide.wiki.host, user: { id: sysop, name: 'Admin', anonymous: false, bot: false } }

  await createEntity(ctx, 'property', { type: 'property', datatype: 'string', labels: text('motto') }) // P1
  const item = (parts: Partial<WikibaseEntity>): WikibaseEntity => ({ type: 'item', ...parts })
  const q1 = (await createEntity(ctx, 'item', item({ labels: text('Berlin'), claims: motto('Berlin bleibt Berlin') as never,
    sitelinks: { enwiki: { site: 'enwiki', title: 'Berlin', badges: [] } } }))).entityId
  const q2 = (await createEntity(ctx, 'item', item({ labels: text('Berlin, Germany'), claims: motto('arm aber sexy') as never,
    sitelinks: { dewiki: { site: 'dewiki', title: 'Berlin (Stadt)', badges: [] } } }))).entityId
  const q3 = (await createEntity(ctx, 'item', item({ labels: text('Potsdam'), claims: motto('Preußens Glanz') as never }))).entityId
  const q4 = (await createEntity(ctx, 'item', item({}))).entityId

  const anon = { id: 0, name: '127.0.0.1', anonymous: true, bot: false }
  const save = async (title: string, wikitext: string): Promise<number> =>
    (await savePage(enSide.wiki, { title: parseTitle(title), text: wikitext, comment: 'new', user: anon })).page.page_id
  const berlin = await save('Berlin', 'Motto: {{#property:P1}}')
  const usesQ1 = await save('Uses Q1', 'Motto: {{#property:P1|from=Q1}}')
  const usesQ3 = await save('Uses Q3', 'Motto: {{#property:P1|from=Q3}}')
  const usesQ4 = await save('Uses Q4', 'Label: {{#property:P1|from=Q4}}')

  const html = async (title: string): Promise<string> => (await viewPage(enSide.wiki, parseTitle(title)))!.rendered.html
  const langLinks = async (title: string): Promise<string[]> =>
    (await viewPage(enSide.wiki, parseTitle(title)))!.rendered.languageLinks.map(l => `${l.siteId}:${l.title}`)
  const usages = async (pageId: number): Promise<string[]> => (await enSide.pool.query(
    'SELECT eu_entity_id || \'#\' || eu_aspect AS u FROM public.wbc_entity_usage WHERE eu_page_id = $1 ORDER BY 1', [pageId])).rows.map(r => r.u as string)
  const itemOf = async (pageId: number): Promise<string | undefined> => (await pageProps(enSide.pool, { pool: enSide.pool, schema: 'wiki' }, pageId)).get('wikibase_item')
  const until = async (what: () => Promise<boolean>): Promise<void> => { await eventually(async () => (await what()) ? true : undefined, 30_000) }

  t.match(await html('Berlin'), /Berlin bleibt Berlin/)
  t.equal(await itemOf(berlin), q1, 'the connected page\'s item is Q1')
  t.same(await langLinks('Berlin'), [], 'Q1 has no other sitelinks')
  t.same(await usages(usesQ1), [`${q1}#C.P1`])
  // Subscriptions reach the repo before any edit is made, so the edits are dispatched.
  await until(async () => (await repoSide.pool.query('SELECT count(*)::int AS n FROM public.wb_changes_subscription WHERE cs_subscriber_id = \'enwiki\'')).rows[0].n >= 3)

  t.test('merge Q1 into Q2: pages show the target\'s data, usages and the connection follow', async t => {
    const merged = await mergeItemsInto(ctx, q1, q2, id => `${id}$00000000-0000-4000-8000-00000000000${Math.floor(Math.random() * 10)}`)
    t.equal(merged.redirected, true)
    await until(async () => (await usages(usesQ1)).includes(`${q2}#C.P1`))
    t.same(await usages(usesQ1), [`${q1}#O`, `${q2}#C.P1`], 'the usage is re-recorded under the target, O on the redirect')
    t.match(await html('Uses Q1'), /arm aber sexy, Berlin bleibt Berlin/, 'the page shows the merged statements of Q2')
    await until(async () => (await itemOf(berlin)) === q2)
    t.match(await html('Berlin'), /arm aber sexy, Berlin bleibt Berlin/, 'the connected page reads its new item')
    t.same(await langLinks('Berlin'), ['dewiki:Berlin (Stadt)'], 'and shows the language links of the target')
    t.ok((await usages(berlin)).every(u => !u.startsWith(`${q1}#`) || u === `${q1}#O`), 'no usage of the connected page is left on Q1 but O')
    const subscribed = (await repoSide.pool.query('SELECT cs_entity_id FROM public.wb_changes_subscription WHERE cs_subscriber_id = \'enwiki\' ORDER BY 1')).rows.map(r => r.cs_entity_id)
    t.ok(subscribed.includes(q2), 'enwiki is subscribed to the target')
  })

  t.test('delete Q3: the page using it is refreshed, keeps its usage, and is not told "the connected item was deleted"', async t => {
    // The page's refresh and its recentchanges row are separate jobs: wait for the row too.
    const wbRows = async (): Promise<Array<{ rc_comment: string }>> => (await listRecentChanges(enSide.pool, { pool: enSide.pool, schema: 'wiki' }, { limit: 50, hideExternal: false }))
      .filter(rc => rc.rc_source === 'wb' && rc.rc_cur_id === usesQ3)
    const before = (await wbRows()).length
    await deleteEntity(ctx, q3 as EntityId, { comment: 'vandalism' })
    await until(async () => !(await html('Uses Q3')).includes('Preußens Glanz'))
    t.same(await usages(usesQ3), [`${q3}#C.P1`], 'the usage of the missing entity stays, as Wikibase records it')
    await until(async () => (await wbRows()).length > before)
    const rows = await wbRows()
    t.equal(rows.length, before + 1, 'the deletion is in the page\'s recent changes')
    t.notOk(rows.some(rc => /connected .* item was deleted/.test(rc.rc_comment)), 'no connected-page comment on a page that is not connected')

    await restoreEntity(ctx, q3 as EntityId, { comment: 'oops' })
    await until(async () => (await html('Uses Q3')).includes('Preußens Glanz'))
    t.pass('the undeletion re-rendered the page')
  })

  t.test('delete the connected item: the connected page loses its item and gets the connected-page comment', async t => {
    await deleteEntity(ctx, q2 as EntityId, { comment: 'gone' })
    await until(async () => (await itemOf(berlin)) === undefined)
    t.notMatch(await html('Berlin'), /arm aber sexy/, 'the page no longer shows the deleted item\'s data')
    t.same(await langLinks('Berlin'), [], 'language links removed')
    const rows = (await listRecentChanges(enSide.pool, { pool: enSide.pool, schema: 'wiki' }, { limit: 50, hideExternal: false }))
      .filter(rc => rc.rc_source === 'wb' && rc.rc_cur_id === berlin)
    t.ok(rows.some(rc => rc.rc_comment === 'The connected repowiki item was deleted; language links removed'), 'the connected page is told')
    await restoreEntity(ctx, q2 as EntityId)
    await until(async () => (await itemOf(berlin)) === q2)
    t.match(await html('Berlin'), /arm aber sexy/, 'undeleted: connected again, data shown again')
  })

  t.test('redirect Q4 (empty) to Q3: the page follows the redirect', async t => {
    await createRedirect(ctx, q4 as EntityId, q3 as EntityId)
    await until(async () => (await html('Uses Q4')).includes('Preußens Glanz'))
    // A view of the pending page may add the new render's usages first (ParserCacheSaveComplete);
    // the refresh then replaces them: wait for the page's usages to be exactly the new ones.
    const expected = [`${q3}#C.P1`, `${q4}#O`]
    await until(async () => JSON.stringify(await usages(usesQ4)) === JSON.stringify(expected))
    t.same(await usages(usesQ4), expected)
  })
})
