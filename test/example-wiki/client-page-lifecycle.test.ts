import t from 'tap'
import { adminOf, startExampleFarm } from '../support/example-farm.js'
import { eventually } from '../support/test-database.js'
import { REPO_ID, type Farm } from '../../example-wiki/farm.js'
import { deletePage, movePage, undeletePage, type Wiki } from '../../example-wiki/engine/wiki-engine.js'
import { parseTitle } from '../../example-wiki/engine/titles.js'
import { findPage } from '../../example-wiki/engine/page-store.js'
import { pageProps } from '../../example-wiki/engine/link-store.js'
import { itemIdForSiteLink } from '../../plugin/repo-reader/sitelink-lookup.js'
import { loadLatestRevision } from '../../plugin/repo-reader/entity-revisions.js'
import { parseEntityId } from '../../hooks/ids.js'
import { entityMap } from '../../plugin/changes/wikibase-entity.js'
import { wikibaseInternals } from '../../plugin/facade.js'

/**
 * Issue 16.1 on the example farm (repo, enwiki, dewiki: each its own database and queue): a
 * connected client page moved (with and without a redirect) or deleted by a user changes the
 * repo's sitelink (Wikibase's UpdateRepoOnMove / OnDelete) as that user's repo account; the
 * change then reaches every client: dewiki's language link, the moved page's item connection.
 */

const PROPAGATION_MS = 60_000

function wikiOf (farm: Farm, id: string): Wiki {
  return farm.wikis.get(id)!.wiki
}

async function repoSiteLink (farm: Farm, item: string, site: string): Promise<{ title: string, badges: string[] } | undefined> {
  const db = wikibaseInternals(farm.wikis.get(REPO_ID)!.app).self
  const revision = await loadLatestRevision(db.pool, db, parseEntityId(item))
  return entityMap(revision?.entity.sitelinks)[site]
}

async function langLinks (wiki: Wiki, title: string): Promise<Record<string, string>> {
  const page = await findPage(wiki.db.pool, wiki.db, parseTitle(title))
  if (page === null) return {}
  const { rows } = await wiki.db.pool.query<{ ll_site: string, ll_title: string }>(
    `SELECT ll_site, ll_title FROM "${wiki.db.schema}".langlinks WHERE ll_from = $1 ORDER BY ll_site`, [page.page_id])
  return Object.fromEntries(rows.map(r => [r.ll_site, r.ll_title]))
}

async function itemOfPage (wiki: Wiki, title: string): Promise<string | null> {
  const page = await findPage(wiki.db.pool, wiki.db, parseTitle(title))
  return page === null ? null : (await pageProps(wiki.db.pool, wiki.db, page.page_id)).get('wikibase_item') ?? null
}

async function repoEditsBy (farm: Farm, item: string): Promise<Array<{ user: string, comment: string }>> {
  const repo = wikiOf(farm, REPO_ID)
  const { rows } = await repo.db.pool.query<{ rc_user_text: string, rc_comment: string }>(
    `SELECT rc_user_text, rc_comment FROM "${repo.db.schema}".recentchanges WHERE rc_title = $1 AND rc_comment LIKE '/* clientsitelink-%' ORDER BY rc_id`, [item])
  return rows.map(r => ({ user: r.rc_user_text, comment: r.rc_comment }))
}

t.test('a connected page moved with a redirect, then without one, then deleted: the repo and every client follow', async t => {
  const farm = await startExampleFarm(t, 'life', 'lifecycle-admin-password')
  const en = wikiOf(farm, 'enwiki')
  const de = wikiOf(farm, 'dewiki')
  const enAdmin = await adminOf(en)
  t.equal(await itemOfPage(en, 'London'), 'Q84', 'seeded: enwiki London is connected to Q84')

  await movePage(en, parseTitle('London'), parseTitle('London (city)'), enAdmin, 'more precise', { leaveRedirect: true })
  const moved = await eventually(async () => {
    const link = await repoSiteLink(farm, 'Q84', 'enwiki')
    return link?.title === 'London (city)' ? link : undefined
  }, PROPAGATION_MS)
  t.strictSame(moved, { site: 'enwiki', title: 'London (city)', badges: ['Q17437798'] }, 'the repo sitelink follows the page, its badge kept')
  const repoDb = wikibaseInternals(farm.wikis.get(REPO_ID)!.app).self
  t.equal(await itemIdForSiteLink(repoDb.pool, repoDb, 'enwiki', 'London'), null, 'wb_items_per_site no longer has the old title')
  t.strictSame(await repoEditsBy(farm, 'Q84'), [{ user: 'Admin', comment: '/* clientsitelink-update:0|enwiki|enwiki:London|enwiki:London (city) */' }],
    'the repo edit is the client user\'s repo account, with Wikibase\'s summary')
  t.equal(await eventually(async () => (await langLinks(de, 'London')).enwiki === 'London (city)' ? 'London (city)' : undefined, PROPAGATION_MS), 'London (city)',
    'dewiki\'s language link names the new title')
  t.equal(await eventually(async () => await itemOfPage(en, 'London (city)') ?? undefined, PROPAGATION_MS), 'Q84', 'the moved page is still connected')
  t.equal(await eventually(async () => await itemOfPage(en, 'London') === null ? 'none' : undefined, PROPAGATION_MS), 'none',
    'the redirect left at the old title is not connected once the change reached enwiki')
  t.match(await langLinks(en, 'London (city)'), { dewiki: 'London' }, 'the moved page keeps its language links')

  await movePage(en, parseTitle('London (city)'), parseTitle('City of London'), enAdmin, 'again', { leaveRedirect: false })
  await eventually(async () => (await repoSiteLink(farm, 'Q84', 'enwiki'))?.title === 'City of London' ? true : undefined, PROPAGATION_MS)
  t.equal(await findPage(en.db.pool, en.db, parseTitle('London (city)')), null, 'no redirect was left')
  t.equal(await eventually(async () => (await langLinks(de, 'London')).enwiki === 'City of London' ? 'ok' : undefined, PROPAGATION_MS), 'ok')

  await deletePage(en, parseTitle('City of London'), enAdmin, 'gone')
  await eventually(async () => await repoSiteLink(farm, 'Q84', 'enwiki') === undefined ? true : undefined, PROPAGATION_MS)
  t.equal((await repoEditsBy(farm, 'Q84')).at(-1)?.comment, '/* clientsitelink-remove:1||enwiki */ City of London')
  t.equal(await eventually(async () => (await langLinks(de, 'London')).enwiki === undefined ? 'gone' : undefined, PROPAGATION_MS), 'gone',
    'dewiki no longer links to the deleted page')

  // Special:Log: the repo lists the edits it made for enwiki's Admin; enwiki its moves and deletion.
  const repoLog = (await farm.wikis.get(REPO_ID)!.app.inject({ url: '/wiki/Special:Log' })).body
  t.match(repoLog, 'enwiki:London → enwiki:London (city)', 'the repo\'s log lists the sitelink that followed the move')
  t.match(repoLog, 'enwiki:City of London</td><td>removed (page deleted)', 'and the one removed with the deleted page')
  const enLog = (await farm.wikis.get('enwiki')!.app.inject({ url: '/wiki/Special:Log' })).body
  t.match(enLog, 'move/move', 'enwiki\'s log lists its moves')
  t.match(enLog, '(without a redirect)')
  t.match(enLog, 'delete/delete', 'and its deletion')

  // Undeletion: nothing on the repo (as Wikibase), but the page is parsed again and its usages recorded.
  await undeletePage(en, parseTitle('City of London'), enAdmin, 'restored')
  const enDb = wikibaseInternals(farm.wikis.get('enwiki')!.app).self
  const page = await findPage(en.db.pool, en.db, parseTitle('City of London'))
  const { rows } = await enDb.pool.query<{ eu_entity_id: string }>(
    `SELECT DISTINCT eu_entity_id FROM "${enDb.dataSchema}".wbc_entity_usage WHERE eu_page_id = $1 ORDER BY 1`, [page!.page_id])
  t.ok(rows.some(r => r.eu_entity_id === 'Q84'), 'the restored page\'s usages are recorded again')
  t.equal(await repoSiteLink(farm, 'Q84', 'enwiki'), undefined, 'the repo is not told of the undeletion')
})

t.test('a move into a namespace that is not connected: with a redirect the sitelink stays, without one it is removed', async t => {
  const farm = await startExampleFarm(t, 'life', 'lifecycle-admin-password')
  const en = wikiOf(farm, 'enwiki')
  const enAdmin = await adminOf(en)
  await movePage(en, parseTitle('Berlin'), parseTitle('Template:Berlin draft'), enAdmin, 'draft', { leaveRedirect: true })
  await movePage(en, parseTitle('London'), parseTitle('Template:London draft'), enAdmin, 'draft', { leaveRedirect: false })
  await eventually(async () => await repoSiteLink(farm, 'Q84', 'enwiki') === undefined ? true : undefined, PROPAGATION_MS)
  t.equal((await repoSiteLink(farm, 'Q64', 'enwiki'))?.title, 'Berlin', 'the sitelink stays on the redirect left behind')
  t.strictSame((await repoEditsBy(farm, 'Q84')).map(e => e.comment), ['/* clientsitelink-remove:1||enwiki */ London'])
  t.strictSame(await repoEditsBy(farm, 'Q64'), [], 'no repo edit for the move that left a redirect')
})
