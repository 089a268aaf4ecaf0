import t from 'tap'
import { freshDatabase } from '../support/test-database.js'
import { buildWikiApp, type WikiApp } from '../../example-wiki/wiki-app.js'
import { savePage } from '../../example-wiki/engine/wiki-engine.js'
import { parseTitle } from '../../example-wiki/engine/titles.js'
import type { HostUser } from '../../hooks/contract.js'

/**
 * Issue 18 point 3 on the example wiki: a page view sends the rendering's cache tags as `xkey`;
 * the host's purgeCacheTags drops the renderings that carry a purged tag; a page whose refresh
 * is pending is rendered afresh (`pendingRefreshView: 'render'`) or marked (`'mark'`).
 */

const user: HostUser = { id: 0, name: '127.0.0.1', anonymous: true, bot: false }
const cause = { action: 'update', agent: 'test' }

async function wikiWith (t: { teardown: (fn: () => unknown) => void }, label: string, pendingRefreshView: 'render' | 'mark'): Promise<WikiApp & { pageId: number }> {
  const url = await freshDatabase(t, label)
  const built = await buildWikiApp({
    siteId: 'repowiki', language: 'en', roles: ['repo', 'client'], database: url, repoId: 'repowiki', farm: () => [], logger: false,
    client: { pendingRefreshView }
  })
  t.teardown(async () => { await built.app.close() })
  const saved = await savePage(built.wiki, { title: parseTitle('Berlin'), text: 'Capital.', comment: 'new', user })
  const pageId = saved.page.page_id
  await built.wiki.db.pool.query("INSERT INTO wbc_entity_usage (eu_entity_id, eu_aspect, eu_page_id) VALUES ('Q42', 'L.en', $1), ('Q42', 'S', $1)", [pageId])
  return { ...built, pageId }
}

/** Pending without a drain job, so no worker takes it while the test looks. */
async function markPending (app: WikiApp, pageId: number): Promise<void> {
  await app.wiki.db.pool.query(
    "INSERT INTO wbc_pending_refresh (pr_page_id, pr_namespace, pr_title, pr_priority, pr_cause) VALUES ($1, 0, 'Berlin', 0, '{}')", [pageId])
}

t.test("pendingRefreshView 'render': xkey, purge by tag, pending pages rendered afresh", async t => {
  const w = await wikiWith(t, 'refreshview', 'render')
  const view = async (): Promise<{ xkey: unknown, fromCache: boolean, html: string }> => {
    const r = await w.app.inject({ method: 'GET', url: '/wiki/Berlin' })
    t.equal(r.statusCode, 200)
    return { xkey: r.headers.xkey, fromCache: r.body.includes('(from cache)'), html: r.body }
  }
  const first = await view()
  t.strictSame([first.xkey, first.fromCache], ['wb-Q42 wb-Q42-L.en wb-Q42-S', true], 'the rendering the save cached, tagged on its first view')
  t.strictSame([(await view()).xkey, (await view()).fromCache], ['wb-Q42 wb-Q42-L.en wb-Q42-S', true])

  await w.wiki.host.services.purgeCacheTags!(['wb-Q42-L.de', 'wb-Q1'], cause)
  t.equal((await view()).fromCache, true, 'tags the rendering does not carry: kept')
  await w.wiki.host.services.purgeCacheTags!(['wb-Q42-L.en'], cause)
  const fresh = await view()
  t.strictSame([fresh.fromCache, fresh.xkey], [false, 'wb-Q42 wb-Q42-L.en wb-Q42-S'], 'a carried tag purged: rendered afresh, with its tags')
  t.equal((await view()).fromCache, true, 'and cached again')

  await markPending(w, w.pageId)
  t.equal(await w.app.wikibase.isRefreshPending(w.pageId), true)
  t.equal((await view()).fromCache, false, 'pending: rendered afresh')
  const again = await view()
  t.strictSame([again.fromCache, again.html.includes('id="refresh-pending"')], [false, false], 'on every view, without a notice')
  t.equal(await w.app.wikibase.isRefreshPending(w.pageId), true, 'a view does not update the links: the page stays pending for the drain')
  await w.wiki.db.pool.query('DELETE FROM wbc_pending_refresh')
  t.equal((await view()).fromCache, true, 'refreshed: from the cache again')
})

t.test("pendingRefreshView 'mark': served from the cache with a notice", async t => {
  const w = await wikiWith(t, 'refreshmark', 'mark')
  const get = async (): Promise<string> => (await w.app.inject({ method: 'GET', url: '/wiki/Berlin' })).body
  t.notOk((await get()).includes('id="refresh-pending"'), 'not pending: no notice')
  await markPending(w, w.pageId)
  const body = await get()
  t.ok(body.includes('(from cache)') && body.includes('id="refresh-pending"'), 'pending: the cached rendering, marked')
})
