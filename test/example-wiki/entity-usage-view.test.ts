import t from 'tap'
import { eventually, freshDatabase } from '../support/test-database.js'
import { CLIENT_IDS, REPO_ID, startFarm } from '../../example-wiki/farm.js'
import { usageLine } from '../../example-wiki/web/entity-view.js'
import { tableName } from '../../plugin/db/wiki-database.js'
import { wikibaseInternals } from '../../plugin/facade.js'

/**
 * Issue 16.4 on the example farm (a database per wiki, real page saves): the pages the seed
 * saves on each wiki record their usages, each client recounts its pages per entity into the
 * repo's aggregate, and the item page on the repo says how widely it is used.
 */
t.test('usageLine', async t => {
  t.equal(usageLine({ pages: 0, wikis: 0 }), 'used on 0 pages on 0 wikis')
  t.equal(usageLine({ pages: 1, wikis: 1 }), 'used on 1 page on 1 wiki')
  t.equal(usageLine({ pages: 1204, wikis: 3 }), 'used on 1204 pages on 3 wikis')
})

t.test('the item page shows the pages and wikis the seed\'s pages make', async t => {
  const ids = [REPO_ID, ...CLIENT_IDS]
  const databases = new Map<string, string>()
  for (const id of ids) databases.set(id, await freshDatabase(t, `usage${id}`))
  const farm = await startFarm({ databases, ports: ids.map(() => 0), logger: false })
  t.teardown(farm.close)

  // The truth, from each wiki's own usage table (the repo is a client of itself too).
  const truth = async (): Promise<{ pages: number, wikis: number }> => {
    let pages = 0
    let wikis = 0
    for (const id of ids) {
      const db = wikibaseInternals(farm.wikis.get(id)!.app).self
      const { rows } = await db.pool.query<{ n: number }>(
        `SELECT count(DISTINCT eu_page_id)::int AS n FROM ${tableName(db, 'wbc_entity_usage')} WHERE eu_entity_id = 'Q64'`)
      pages += rows[0]!.n
      if (rows[0]!.n > 0) wikis += 1
    }
    return { pages, wikis }
  }
  // Waited for, not assumed: a page's usages may also be written by a job after the seed.
  const shown = await eventually(async () => {
    const expected = await truth()
    const html = await (await fetch(`${farm.urls.get(REPO_ID)!}wiki/Item:Q64`)).text()
    return html.includes(`<span class="wb-entity-usage" id="entity-usage">${usageLine(expected)}</span>`) ? expected : undefined
  }, 30_000)
  t.ok(shown.wikis >= 2, `the seed uses Q64 on ${shown.wikis} wikis, ${shown.pages} pages, and the item page says so`)
  const unused = await (await fetch(`${farm.urls.get(REPO_ID)!}wiki/Property:P17`)).text()
  t.match(unused, /id="entity-usage">used on \d+ pages? on \d+ wikis?</, 'properties too')
})
