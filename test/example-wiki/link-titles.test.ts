import t from 'tap'
import type { HostUser } from '../../hooks/contract.js'
import { eventually, freshDatabase } from '../support/test-database.js'
import { CLIENT_IDS, REPO_ID, startFarm } from '../../example-wiki/farm.js'
import { savePage, type Wiki } from '../../example-wiki/engine/wiki-engine.js'
import { findAccount } from '../../example-wiki/engine/account-store.js'
import { parseTitle } from '../../example-wiki/engine/titles.js'

/**
 * Issue 17.6 on the example farm (real databases, real propagation): a client page's language
 * links get Wikibase's "Add links" (unconnected page → the repo's Special:LinkItem, which calls
 * `wblinktitles`) or "Edit links" (connected page → Special:EntityPage/<id>#sitelinks-wikipedia
 * on the repo, which redirects to the item); linking two pages connects both client pages.
 */
const PASSWORD = 'link-titles-admin-password'

async function admin (wiki: Wiki): Promise<HostUser> {
  const account = await findAccount(wiki.db.pool, wiki.db, 'Admin')
  if (account === null) throw new Error('no Admin account')
  return { id: account.user_id, name: account.user_name, anonymous: false, bot: false }
}

const linkOf = (html: string): { action: string, href: string } | null => {
  const match = /<span class="wb-langlinks-(add|edit) wb-langlinks-link"><a href="([^"]*)"/.exec(html)
  return match === null ? null : { action: match[1]!, href: match[2]!.replaceAll('&amp;', '&') }
}

t.test('Add links and Edit links: a client page linked through the repo', async t => {
  const ids = [REPO_ID, ...CLIENT_IDS]
  const databases = new Map<string, string>()
  for (const id of ids) databases.set(id, await freshDatabase(t, `ltl${id}`))
  const farm = await startFarm({ databases, ports: ids.map(() => 0), logger: false, adminPassword: PASSWORD })
  t.teardown(farm.close)
  const repo = farm.wikis.get(REPO_ID)!
  const en = farm.wikis.get('enwiki')!
  const de = farm.wikis.get('dewiki')!
  const repoUrl = farm.urls.get(REPO_ID)!
  await savePage(en.wiki, { title: parseTitle('Tiny Tower'), text: 'A small tower.', comment: 'test page', user: await admin(en.wiki) })
  await savePage(de.wiki, { title: parseTitle('Winziger Turm'), text: 'Ein kleiner Turm.', comment: 'test page', user: await admin(de.wiki) })
  const page = async (app: typeof en.app, path: string): Promise<string> => (await app.inject({ url: path })).body

  t.test('an unconnected page: Add links to the repo form; a connected one: Edit links to its item', async t => {
    t.same(linkOf(await page(en.app, '/wiki/Tiny_Tower')),
      { action: 'add', href: `${repoUrl}wiki/Special:LinkItem?site=enwiki&page=Tiny+Tower` }, 'Add links names the site and page')
    t.same(linkOf(await page(en.app, '/wiki/Berlin')),
      { action: 'edit', href: `${repoUrl}wiki/Special:EntityPage/Q64#sitelinks-wikipedia` }, 'Edit links opens the sitelinks of the wikipedia group')
    t.equal(linkOf(await page(en.app, '/wiki/Tiny_Tower?action=history')), null, 'not on the history')
    t.equal(linkOf(await page(en.app, '/wiki/Template:Infobox_place')), null, 'not outside the main namespace')
  })

  t.test('Special:EntityPage redirects to the entity; a bad id is named', async t => {
    const cases: Array<[string, number, string]> = [
      ['/wiki/Special:EntityPage/Q64', 301, '/wiki/Item:Q64'],
      ['/wiki/Special:EntityPage/p17', 301, '/wiki/Property:P17'],
      ['/wiki/Special:EntityPage?id=Q183', 301, '/wiki/Item:Q183'],
      ['/wiki/Special:EntityPage/x12', 400, '“X12” is not a valid entity id.'],
      ['/wiki/Special:EntityPage?id=%22%3E%3Cb%3E', 400, '“&quot;&gt;&lt;B&gt;” is not a valid entity id.'],
      ['/wiki/Special:EntityPage', 200, 'name="id"']
    ]
    for (const [url, status, expected] of cases) {
      const reply = await repo.app.inject({ url })
      t.equal(reply.statusCode, status, url)
      if (status === 301) t.equal(reply.headers.location, expected, url)
      else t.ok(reply.body.includes(expected), `${url}: ${expected}`)
    }
  })

  t.test('Special:LinkItem: the form, its CSRF check, wblinktitles\' refusals, then the link', async t => {
    let cookie = ''
    const take = (set: string | string[] | undefined): void => { for (const line of [set ?? []].flat()) cookie = line.split(';')[0]! }
    const get = async (path: string): Promise<{ status: number, html: string }> => {
      const r = await repo.app.inject({ url: path, headers: { cookie } })
      take(r.headers['set-cookie'])
      return { status: r.statusCode, html: r.body }
    }
    const post = async (path: string, form: Record<string, string>): Promise<{ status: number, html: string, location?: string }> => {
      const r = await repo.app.inject({
        method: 'POST', url: path, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString()
      })
      take(r.headers['set-cookie'])
      return { status: r.statusCode, html: r.body, location: r.headers.location as string | undefined }
    }
    const tokenOf = (html: string): string => /name="wpEditToken" value="([0-9a-f]+)"/.exec(html)?.[1] ?? ''
    const login = await get('/wiki/Special:UserLogin')
    t.equal((await post('/wiki/Special:UserLogin', { wpName: 'Admin', wpPassword: PASSWORD, wpEditToken: tokenOf(login.html) })).status, 303, 'Admin logs in')

    const form = await get('/wiki/Special:LinkItem?site=enwiki&page=Tiny+Tower')
    t.equal(form.status, 200)
    t.match(form.html, /<input type="hidden" name="site" value="enwiki"><input type="hidden" name="page" value="Tiny Tower">/)
    t.match(form.html, /<option value="dewiki">dewiki<\/option>/, 'the other sites to pick')
    t.notMatch(form.html, /<option value="enwiki">/, 'not the page\'s own site')
    t.equal((await get('/wiki/Special:LinkItem')).status, 400, 'without site and page: 400')
    const token = tokenOf(form.html)
    const fields = { site: 'enwiki', page: 'Tiny Tower', tosite: 'dewiki', totitle: 'Winziger Turm' }

    t.equal((await post('/wiki/Special:LinkItem', fields)).status, 403, 'without the csrf token: refused')
    const refusals: Array<[string, Record<string, string>, string]> = [
      ['a page dewiki lacks', { totitle: 'Nirgendwo' }, 'did not provide page information for page &quot;Nirgendwo&quot;. (no-external-page)'],
      ['two pages already on one item', { page: 'Berlin', totitle: 'Berlin' }, 'sitelinks are both on the same item (common-item)'],
      ['pages of two items', { page: 'Berlin', totitle: 'London' }, 'unable to link titles (no-common-item)'],
      ['markup in the title is escaped', { totitle: '<script>' }, '&lt;script&gt;']
    ]
    for (const [name, change, expected] of refusals) {
      const reply = await post('/wiki/Special:LinkItem', { ...fields, ...change, wpEditToken: token })
      t.equal(reply.status, 400, name)
      t.ok(reply.html.includes(expected), `${name}: ${expected}`)
      t.notOk(reply.html.includes('<script>'), `${name}: nothing unescaped`)
    }

    const linked = await post('/wiki/Special:LinkItem', { ...fields, wpEditToken: token })
    t.equal(linked.status, 303, 'linked')
    const id = /^\/wiki\/Item:(Q\d+)#sitelinks-wikipedia$/.exec(linked.location ?? '')?.[1]
    t.ok(id !== undefined, `to the new item's sitelinks: ${linked.location ?? ''}`)
    const item = await get(`/wiki/Item:${id!}`)
    t.match(item.html, /Tiny Tower/)
    t.match(item.html, /Winziger Turm/)

    // The repo's change reaches both clients: each page is connected, shows the other's link and Edit links.
    const connected = await eventually(async () => {
      const html = await page(en.app, '/wiki/Tiny_Tower')
      return linkOf(html)?.action === 'edit' ? html : undefined
    }, 60_000)
    t.same(linkOf(connected), { action: 'edit', href: `${repoUrl}wiki/Special:EntityPage/${id!}#sitelinks-wikipedia` }, 'enwiki: Edit links')
    t.match(connected, /data-site="dewiki"><a href="[^"]*Winziger_Turm"/, 'enwiki: the language link to dewiki')
    await eventually(async () => linkOf(await page(de.app, '/wiki/Winziger_Turm'))?.action === 'edit' ? true : undefined, 60_000)
  })
})
