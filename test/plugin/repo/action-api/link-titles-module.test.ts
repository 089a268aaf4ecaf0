import t from 'tap'
import type { HostSitePageInfo } from '../../../../hooks/contract.js'
import { createEntity } from '../../../../plugin/repo/entities/entity-editor.js'
import { addSite } from '../../../../plugin/sites/site-store.js'
import { newMediaWikiSite } from '../../../../plugin/sites/mediawiki-site-input.js'
import { api, startApiRepo } from './api-test-repo.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

/**
 * `action=wblinktitles` (Wikibase's LinkTitles module) on a real database, with
 * LinkTitlesTest's cases as table data: the client pages are checked through the host's
 * `sitePageInfo` (the farm's sitelink page lookup), items are created or joined, and every
 * refusal carries Wikibase's error code and writes nothing.
 */
const SITES = ['nowiki', 'nnwiki', 'svwiki', 'dewiki', 'nlwiki']
/** The client pages that exist, by site; `Oslo (by)` on nowiki is a redirect to `Oslo`. */
const PAGES: Record<string, string[]> = {
  nowiki: ['Oslo', 'NewTitle', 'ATitle', 'A title', 'AnotherPage'],
  nnwiki: ['Oslo', 'Hammerfest'],
  svwiki: ['Oslo', 'NewTitle', 'ATitle', 'A title'],
  dewiki: ['Berlin', 'Hammerfest'],
  nlwiki: ['Oslo']
}
const REDIRECTS: Record<string, string> = { 'nowiki:Oslo (by)': 'Oslo' }

async function sitePageInfo (siteId: string, titles: readonly string[]): Promise<Map<string, HostSitePageInfo> | undefined> {
  const pages = PAGES[siteId]
  if (pages === undefined) return undefined
  return new Map(titles.map(title => {
    const target = REDIRECTS[`${siteId}:${title}`] ?? null
    return [title, { exists: target !== null || pages.includes(title), redirectTarget: target }]
  }))
}

t.test('wblinktitles', async t => {
  const { app, host, ctx } = await startApiRepo(t, 'link_titles', {}, { sitePageInfo })
  const db = wikibaseInternals(app).self
  for (const globalId of SITES) {
    await addSite(db, newMediaWikiSite({ globalId, group: 'wikipedia', pagePath: `https://${globalId}.example.org/wiki/$1`, filePath: `https://${globalId}.example.org/w/$1` }))
  }
  const link = (site: string, title: string) => ({ site, title, badges: [] })
  await createEntity(ctx, 'item', { type: 'item', sitelinks: { nnwiki: link('nnwiki', 'Oslo'), nlwiki: link('nlwiki', 'Oslo') } }) // Q1 Oslo
  await createEntity(ctx, 'item', { type: 'item', sitelinks: { dewiki: link('dewiki', 'Berlin') } }) // Q2 Berlin
  const linksOf = async (): Promise<string[]> => (await db.pool.query(
    "SELECT 'Q' || ips_item_id || ' ' || ips_site_id || ':' || ips_site_page AS link FROM repo.wb_items_per_site ORDER BY 1")).rows.map(r => r.link)
  const revisions = async (): Promise<number> => Number((await db.pool.query('SELECT count(*) FROM repo.wb_entity_revisions')).rows[0].count)

  t.test('links pages: joins the item of the linked page, or creates one for two unlinked pages', async t => {
    const cases: Array<[string, Record<string, string>, string, Record<string, string>, string]> = [
      ['0: nowiki joins the item of nnwiki:Oslo', { tosite: 'nnwiki', totitle: 'Oslo', fromsite: 'nowiki', fromtitle: 'Oslo' },
        'Q1', { nowiki: 'Oslo' }, '/* wblinktitles-connect:2| */ nowiki:Oslo, nnwiki:Oslo'],
      ['1: svwiki joins the item of nowiki:Oslo', { tosite: 'svwiki', totitle: 'Oslo', fromsite: 'nowiki', fromtitle: 'Oslo' },
        'Q1', { svwiki: 'Oslo' }, '/* wblinktitles-connect:2| */ nowiki:Oslo, svwiki:Oslo'],
      ['2: two new pages make a new item', { tosite: 'svwiki', totitle: 'NewTitle', fromsite: 'nowiki', fromtitle: 'NewTitle' },
        'Q3', { svwiki: 'NewTitle', nowiki: 'NewTitle' }, '/* wblinktitles-create:2| */ nowiki:NewTitle, svwiki:NewTitle'],
      ['3: titles are normalized as sitelinks are saved', { tosite: 'svwiki', totitle: ' a_title ', fromsite: 'nowiki', fromtitle: 'a title' },
        'Q4', { svwiki: 'A title', nowiki: 'A title' }, '/* wblinktitles-create:2| */ nowiki:A title, svwiki:A title']
    ]
    for (const [name, params, id, sitelinks, comment] of cases) {
      const edits = host.edits.length
      const answer = await api(app, 'editor', { action: 'wblinktitles', ...params })
      const edit = host.edits[edits]
      t.same(answer, {
        entity: { sitelinks: Object.fromEntries(Object.entries(sitelinks).map(([site, title]) => [site, link(site, title)])), id, type: 'item', lastrevid: edit?.revisionId },
        success: 1
      }, `${name}: Wikibase's answer`)
      t.same(Object.keys(answer.entity.sitelinks), Object.keys(sitelinks), `${name}: the added links in Wikibase's order`)
      t.match(edit, { entityId: id, comment }, `${name}: one edit with Wikibase's autocomment`)
      t.equal(host.edits.length, edits + 1)
    }
    t.same(await linksOf(), [
      'Q1 nlwiki:Oslo', 'Q1 nnwiki:Oslo', 'Q1 nowiki:Oslo', 'Q1 svwiki:Oslo', 'Q2 dewiki:Berlin',
      'Q3 nowiki:NewTitle', 'Q3 svwiki:NewTitle', 'Q4 nowiki:A title', 'Q4 svwiki:A title'
    ], 'wb_items_per_site has every link')
  })

  t.test('a redirect on the client is linked as its target: then on a common item', async t => {
    const answer = await api(app, 'editor', { action: 'wblinktitles', tosite: 'nnwiki', totitle: 'Oslo', fromsite: 'nowiki', fromtitle: 'Oslo (by)' })
    t.equal(answer.error?.code, 'common-item', 'nowiki:Oslo (by) is nowiki:Oslo, already on Q1')
  })

  t.test('refusals: LinkTitlesTest\'s error codes, nothing written', async t => {
    const before = await revisions()
    const links = await linksOf()
    const cases: Array<[string, Record<string, string>, string, string]> = [
      ['no token', { token: '', tosite: 'nnwiki', totitle: 'Oslo', fromsite: 'nowiki', fromtitle: 'AnotherPage' },
        'missingparam', 'The "token" parameter must be set.'],
      ['bad token', { token: '88888888888888888888888888888888+\\', tosite: 'nnwiki', totitle: 'Oslo', fromsite: 'nowiki', fromtitle: 'AnotherPage' },
        'badtoken', 'Invalid CSRF token.'],
      ['two links already together', { tosite: 'nnwiki', totitle: 'Oslo', fromsite: 'nowiki', fromtitle: 'Oslo' },
        'common-item', 'Common item detected, sitelinks are both on the same item'],
      ['no common item', { tosite: 'dewiki', totitle: 'Berlin', fromsite: 'nlwiki', fromtitle: 'Oslo' },
        'no-common-item', 'No common item detected, unable to link titles'],
      ['two links of one site', { tosite: 'nnwiki', totitle: 'Hammerfest', fromsite: 'nnwiki', fromtitle: 'Hammerfest' },
        'param-illegal', 'The from site cannot match the to site'],
      ['missing title', { tosite: 'nnwiki', totitle: '', fromsite: 'dewiki', fromtitle: 'Hammerfest' },
        'missingparam', 'The "totitle" parameter must be set.'],
      ['no fromtitle', { tosite: 'nnwiki', totitle: 'Hammerfest', fromsite: 'dewiki' },
        'missingparam', 'The "fromtitle" parameter must be set.'],
      ['bad tosite', { tosite: 'qwerty', totitle: 'Hammerfest', fromsite: 'nnwiki', fromtitle: 'Hammerfest' },
        'badvalue', 'Unrecognized value for parameter "tosite": qwerty.'],
      ['bad fromsite', { tosite: 'nnwiki', totitle: 'Hammerfest', fromsite: 'qwerty', fromtitle: 'Hammerfest' },
        'badvalue', 'Unrecognized value for parameter "fromsite": qwerty.'],
      ['missing site', { tosite: 'nnwiki', totitle: 'APage', fromsite: '', fromtitle: 'Hammerfest' },
        'badvalue', 'Unrecognized value for parameter "fromsite": .'],
      ['a page the client does not have', { tosite: 'nnwiki', totitle: 'Hammerfest', fromsite: 'dewiki', fromtitle: 'Nowhere' },
        'no-external-page', 'The external client site "dewiki" did not provide page information for page "Nowhere".']
    ]
    for (const [name, params, code, info] of cases) {
      const body = await api(app, 'editor', { action: 'wblinktitles', ...params })
      t.same([body.error?.code, body.error?.info], [code, info], name)
    }
    const noPage = await api(app, 'editor', { action: 'wblinktitles', tosite: 'nnwiki', totitle: 'Hammerfest', fromsite: 'dewiki', fromtitle: 'Nowhere' })
    t.same(noPage.error.messages.map((m: { name: string, parameters: unknown[] }) => [m.name, m.parameters]),
      [['wikibase-api-no-external-page', ['dewiki', 'Nowhere']]], 'the message Wikibase reports')
    const get = await app.inject({ url: '/mine/w/api.php?action=wblinktitles&format=json&tosite=nnwiki&totitle=Hammerfest&fromsite=dewiki&fromtitle=Hammerfest' })
    t.equal(get.json().error.code, 'mustbeposted', 'a GET is refused')
    t.equal(await revisions(), before, 'no refusal wrote a revision')
    t.same(await linksOf(), links, 'no refusal changed a link')
  })

  t.test('a blocked user cannot link', async t => {
    host.blocked.add('Newbie')
    const body = await api(app, 'newbie', { action: 'wblinktitles', tosite: 'nnwiki', totitle: 'Hammerfest', fromsite: 'dewiki', fromtitle: 'Hammerfest' })
    t.equal(body.error?.code, 'permissiondenied', 'the edit right is checked as for every edit')
  })
})
