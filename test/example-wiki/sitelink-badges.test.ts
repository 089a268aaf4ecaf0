import t from 'tap'
import type { HostUser } from '../../hooks/contract.js'
import { eventually, freshDatabase } from '../support/test-database.js'
import { CLIENT_IDS, REPO_ID, startFarm, type Farm } from '../../example-wiki/farm.js'
import { viewPage, type Wiki } from '../../example-wiki/engine/wiki-engine.js'
import { findAccount } from '../../example-wiki/engine/account-store.js'
import { parseTitle } from '../../example-wiki/engine/titles.js'
import { findPage } from '../../example-wiki/engine/page-store.js'
import { pageProps } from '../../example-wiki/engine/link-store.js'
import { callPlugin, REST_BASE } from '../../example-wiki/web/plugin-api.js'

/**
 * Issue 17 items 3 and 9 on the example farm (repo, enwiki, dewiki: separate databases and
 * queues), with the seed's real Berlin item Q64 (dewiki sitelink: badge Q17437798 "good
 * article"; enwikivoyage: Q17559452 "recommended article") and the farm's badgeClassNames:
 * badges on language links, `wikibase-badge-*` page props, the "In other projects" links,
 * Special:PagesWithBadges, and a badge change on the repo reaching the client page.
 */

const PROPAGATION_MS = 60_000
const GOOD = 'Q17437798'
const FEATURED = 'Q17437796'

async function startTestFarm (t: { teardown: (fn: () => unknown) => void }): Promise<Farm> {
  const ids = [REPO_ID, ...CLIENT_IDS]
  const databases = new Map<string, string>()
  for (const id of ids) databases.set(id, await freshDatabase(t, `badge${id}`))
  const farm = await startFarm({ databases, ports: ids.map(() => 0), logger: false, adminPassword: 'badges-admin-password' })
  t.teardown(farm.close)
  return farm
}

const wikiOf = (farm: Farm, id: string): Wiki => farm.wikis.get(id)!.wiki

async function badgeProps (wiki: Wiki, title: string): Promise<Record<string, string>> {
  const page = await findPage(wiki.db.pool, wiki.db, parseTitle(title))
  if (page === null) return {}
  return Object.fromEntries([...await pageProps(wiki.db.pool, wiki.db, page.page_id)].filter(([name]) => name.startsWith('wikibase-badge-')))
}

t.test('badges on language links and in the other-projects box; page props; Special:PagesWithBadges; a badge change propagates', async t => {
  const farm = await startTestFarm(t)
  const en = wikiOf(farm, 'enwiki')
  const de = wikiOf(farm, 'dewiki')

  const enView = (await viewPage(en, parseTitle('Berlin')))!
  t.same(enView.rendered.languageLinks.find(l => l.siteId === 'dewiki'), {
    siteId: 'dewiki', title: 'Berlin', url: `${farm.urls.get('dewiki')!}wiki/Berlin`, language: 'de', class: `badge-${GOOD} badge-goodarticle`, itemTitle: 'good article'
  }, "enwiki's language link to dewiki carries dewiki's badge: class and label")
  t.same(enView.rendered.otherProjects.map(l => [l.siteId, l.class, l.itemTitle ?? null, l.href]), [
    ['commonswiki', 'wb-otherproject-link wb-otherproject-commons', null, 'https://commons.wikimedia.org/wiki/Berlin'],
    ['enwikiquote', 'wb-otherproject-link wb-otherproject-wikiquote', null, 'https://en.wikiquote.org/wiki/Berlin'],
    ['enwikivoyage', 'wb-otherproject-link wb-otherproject-wikivoyage badge-Q17559452 badge-recommendedarticle', 'recommended article', 'https://en.wikivoyage.org/wiki/Berlin']
  ], "enwiki's other projects: one site per other group, in English, sorted by group; the voyage link's badge")
  t.same(await badgeProps(en, 'Berlin'), {}, "enwiki's own sitelink has no badge: no badge page props")
  t.same(await badgeProps(de, 'Berlin'), { [`wikibase-badge-${GOOD}`]: '' }, "dewiki's own sitelink badge is a page prop")
  const deView = (await viewPage(de, parseTitle('Berlin')))!
  t.same(deView.rendered.otherProjects.map(l => l.siteId), ['commonswiki', 'dewikiquote', 'dewikivoyage'], 'dewiki: the German sites of each group')

  const html = (await farm.wikis.get('enwiki')!.app.inject({ url: '/wiki/Berlin' })).body
  t.match(html, new RegExp(`<li class="interlanguage-link interwiki-de badge-${GOOD} badge-goodarticle" title="good article" data-site="dewiki">`), 'the page shows the badge on the language link')
  t.match(html, /<h2 id="p-wikibase-otherprojects-label">In other projects<\/h2>/)
  t.match(html, /<li class="wb-otherproject-link wb-otherproject-wikivoyage badge-Q17559452 badge-recommendedarticle" title="recommended article"><a href="https:\/\/en.wikivoyage.org\/wiki\/Berlin" hreflang="en" title="Berlin">Wikivoyage<\/a><\/li>/)

  const deApp = farm.wikis.get('dewiki')!.app
  const listed = await deApp.inject({ url: `/wiki/Special:PagesWithBadges?badge=${GOOD}` })
  t.equal(listed.statusCode, 200)
  t.match(listed.body, /<li><a href="\/wiki\/Berlin">Berlin<\/a><\/li>/, 'Special:PagesWithBadges lists the page with the badge')
  t.match((await deApp.inject({ url: `/wiki/Special:PagesWithBadges/${FEATURED}` })).body, /<p>No pages have the badge (exzellenter Artikel|Q17437796)\.<\/p>/, 'no page has the featured badge yet (named by its German label, or its id when the repo is slow to answer)')
  const bad = await deApp.inject({ url: '/wiki/Special:PagesWithBadges?badge=Q1' })
  t.equal(bad.statusCode, 400, 'a badge the wiki does not name: 400')
  t.match(bad.body, /Q1 is not one of this wiki&#39;s badges \(Q17437796, Q17437798, Q17559452\)/)
  t.equal((await deApp.inject({ url: `/wiki/Special:PagesWithBadges?badge=${GOOD}&limit=0` })).statusCode, 400, 'limit 0: 400')

  // The repo changes dewiki's badge from good to featured: a badge-only sitelink change (aspect S).
  const repo = farm.wikis.get(REPO_ID)!
  const account = await findAccount(repo.wiki.db.pool, repo.wiki.db, 'Admin')
  const admin: HostUser = { id: account!.user_id, name: account!.user_name, anonymous: false, bot: false }
  const put = await callPlugin(repo.app, 'PUT', `${repo.ctx.routePrefix}${REST_BASE}/entities/items/Q64/sitelinks/dewiki`,
    { body: { sitelink: { title: 'Berlin', badges: [FEATURED] }, comment: 'featured now' }, user: admin })
  t.equal(put.status, 200, JSON.stringify(put.body))
  await eventually(async () => (await badgeProps(de, 'Berlin'))[`wikibase-badge-${FEATURED}`] === '' ? true : undefined, PROPAGATION_MS)
  t.same(await badgeProps(de, 'Berlin'), { [`wikibase-badge-${FEATURED}`]: '' }, "dewiki's page props follow: the old badge's prop is gone")
  const enLink = await eventually(async () => {
    const link = (await viewPage(en, parseTitle('Berlin')))!.rendered.languageLinks.find(l => l.siteId === 'dewiki')
    return link?.class === `badge-${FEATURED} badge-featuredarticle` ? link : undefined
  }, PROPAGATION_MS)
  t.equal(enLink.itemTitle, 'featured article', "enwiki's page re-rendered: the language link shows the new badge")
  t.match((await deApp.inject({ url: `/wiki/Special:PagesWithBadges?badge=${FEATURED}` })).body, /<li><a href="\/wiki\/Berlin">Berlin<\/a><\/li>/, 'the special page follows')
})
