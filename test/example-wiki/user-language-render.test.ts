import t from 'tap'
import { eventually, freshDatabase } from '../support/test-database.js'
import { CLIENT_IDS, REPO_ID, startFarm } from '../../example-wiki/farm.js'
import { tableName } from '../../plugin/db/wiki-database.js'
import { wikibaseInternals } from '../../plugin/facade.js'

/**
 * Issue 17 items 11–12 on the example farm: repowiki (allowDataAccessInUserLanguage, as
 * Wikidata) renders its seed page "Data access" through `{{#wikibase:…}}` in the reader's
 * language, keeps one cached rendering per language, and a rendering that reads more than
 * the page's stored usages gets them added by the addUsagesForPage job (real worker).
 */
t.test('Data access on repowiki: per-language renderings, usages of a new rendering added by the job', async t => {
  const ids = [REPO_ID, ...CLIENT_IDS]
  const databases = new Map<string, string>()
  for (const id of ids) databases.set(id, await freshDatabase(t, `userlang${id}`))
  const farm = await startFarm({ databases, ports: ids.map(() => 0), logger: false })
  t.teardown(farm.close)
  const repo = farm.wikis.get(REPO_ID)!
  const db = wikibaseInternals(repo.app).self
  const { rows: [pageRow] } = await repo.wiki.db.pool.query<{ page_id: number }>(
    "SELECT page_id FROM wiki.page WHERE page_namespace = 0 AND page_title = 'Data_access'")
  const pageId = pageRow!.page_id
  const usages = async (): Promise<string[]> => (await db.pool.query<{ u: string }>(
    `SELECT eu_entity_id || '#' || eu_aspect AS u FROM ${tableName(db, 'wbc_entity_usage')} WHERE eu_page_id = $1 ORDER BY 1`, [pageId])).rows.map(r => r.u)
  const view = async (query: string): Promise<string> => await (await fetch(`${farm.urls.get(REPO_ID)!}wiki/Data_access${query}`)).text()

  const english = await view('')
  t.match(english, /Label of Q64: <b>Berlin<\/b> \(in en\)/)
  t.match(english, /Country of Q64 \(P17\): Germany/)
  t.match(english, /Is Q64 in Q183 along P17\? Q183/)
  t.match(english, /Repo page of Q64: .*Special:EntityPage\/Q64/)
  t.match(english, /This wiki: repowiki/)
  t.notMatch(english, /class="error/, 'no function fails')
  t.ok((await usages()).includes('Q183#L'), 'the saved rendering read labels in all languages: bare L')
  // The engine expands both branches of #ifeq, so the saved rendering used the sitelink too;
  // drop that row, as if the page had been saved before, to see a new rendering bring it back.
  t.ok((await usages()).includes('Q183#S'))
  await db.pool.query(`DELETE FROM ${tableName(db, 'wbc_entity_usage')} WHERE eu_page_id = $1 AND eu_entity_id = 'Q183' AND eu_aspect = 'S'`, [pageId])

  const german = await view('?uselang=de')
  t.match(german, /Country of Q64 \(P17\): Deutschland/, 'terms in the reader\'s language')
  t.match(german, /Germany on dewiki: Deutschland/)
  const { rows: cached } = await repo.wiki.db.pool.query<{ rc_user_lang: string }>(
    'SELECT rc_user_lang FROM wiki.render_cache WHERE rc_page = $1 ORDER BY 1', [pageId])
  t.strictSame(cached.map(r => r.rc_user_lang), ['de', 'en'], 'one cached rendering per user language')

  await eventually(async () => (await usages()).includes('Q183#S') ? true : undefined, 20_000)
  t.pass('the German rendering\'s sitelink usage, missing from the stored ones, was added by wikibase:addUsagesForPage')
  t.match(await view('?uselang=de'), /Deutschland/, 'served from the cache afterwards')
})
