import t from 'tap'
import { mkdir } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { chromium, type Page } from 'playwright-core'
import { freshDatabase, eventually } from '../support/test-database.js'
import { CLIENT_IDS, REPO_ID, startFarm } from '../../example-wiki/farm.js'
import { savePage } from '../../example-wiki/engine/wiki-engine.js'
import { parseTitle } from '../../example-wiki/engine/titles.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const SCREENSHOTS = new URL('../../.tap/example-wiki-screenshots/', import.meta.url).pathname

// A farm, a browser and some thirty page loads with propagation in between: on a loaded
// two-core machine this outlasts the default file timeout.
t.setTimeout(420_000)

t.test('the farm in a real browser (JavaScript disabled)', { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}` }, async t => {
  const ids = [REPO_ID, ...CLIENT_IDS]
  const databases = new Map<string, string>()
  for (const id of ids) databases.set(id, await freshDatabase(t, id))
  const started = Date.now()
  const farm = await startFarm({ databases, ports: ids.map(() => 0), logger: false, adminPassword: 'browser-test-password' })
  t.teardown(farm.close)
  t.comment(`farm started in ${Date.now() - started} ms (${JSON.stringify(farm.timings)})`)
  const repo = farm.urls.get(REPO_ID)!
  const enwiki = farm.urls.get('enwiki')!

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
  })
  t.teardown(async () => { await browser.close() })
  const context = await browser.newContext({ javaScriptEnabled: false })
  const page = await context.newPage()
  await mkdir(SCREENSHOTS, { recursive: true })
  const shot = async (p: Page, name: string): Promise<void> => { await p.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true }) }
  /** The English label form of an item page on the repo, filled and sent as a user would. */
  const editLabel = async (item: string, label: string, comment: string): Promise<void> => {
    await page.goto(`${repo}wiki/Item:${item}?action=edit`)
    await page.fill('#label-input', label)
    await page.fill('#edit-terms input[name=comment]', comment)
    await page.click('#save-terms')
    await page.waitForURL(new RegExp(`Item:${item}`))
  }

  /** Logs in to one wiki of the farm as the sysop made on first start (each wiki has its own session). */
  const login = async (wiki: string): Promise<void> => {
    await page.goto(`${wiki}wiki/Special:UserLogin`)
    await page.fill('#wpName1', 'Admin')
    await page.fill('#wpPassword1', 'browser-test-password')
    await page.click('#wpLoginAttempt')
    await page.waitForURL(/Main_Page/)
  }

  await t.test('log in and out; Special:Sites is for sysops', async t => {
    await page.goto(`${repo}wiki/Special:Sites`)
    t.match(await page.textContent('.error-box'), /managesites/, 'anonymous: permission error')
    await login(repo)
    t.equal(await page.textContent('#pt-userpage'), 'Admin')
    await page.goto(`${repo}wiki/Special:Sites`)
    t.ok(await page.locator('#site-form').count() === 1, 'the sysop sees the sites form')
    await page.goto(`${repo}wiki/Special:UserLogout`)
    await page.click('#wpLogout')
    t.ok(await page.locator('#pt-login').count() === 1, 'logged out')
    await login(repo)
    await login(enwiki)
  })

  await t.test('edit a client page through the form and see it rendered', async t => {
    await page.goto(`${enwiki}wiki/Sandbox?action=edit`)
    await page.fill('#wpTextbox1', "== Hello ==\n'''Bold''' text with a [[Berlin|link]] and {{Infobox place|item=Q84}}")
    await page.fill('input[name=comment]', 'browser test')
    await page.click('#wpSave')
    await page.waitForURL(/\/wiki\/Sandbox$/)
    await shot(page, '1-enwiki-sandbox')
    t.equal(await page.textContent('#content h2'), 'Hello')
    t.equal(await page.textContent('#content b'), 'Bold')
    t.equal(await page.getAttribute('#content a[title="Berlin"]', 'href'), '/wiki/Berlin')
    t.match(await page.textContent('#content'), /country: United Kingdom/, 'template + #property rendered')
    await page.goto(`${enwiki}wiki/Special:RecentChanges`)
    t.match(await page.textContent('ul.recentchanges'), /Sandbox[\s\S]*Admin[\s\S]*browser test/)
  })

  await t.test('edit an item label on the repo; the client page and its recent changes show it', async t => {
    await page.goto(`${enwiki}wiki/Berlin`)
    t.match(await page.textContent('#content'), /lies in Germany/)
    t.equal((await page.textContent('ul.langlinks li[data-site="dewiki"] a'))?.trim(), 'Deutsch', 'language link from the sitelinks, by its autonym')
    await editLabel('Q183', 'Bundesrepublik Deutschland', 'new label from the browser test')
    await shot(page, '2-repo-item-Q183')
    t.equal(await page.textContent('#terms-en .label'), 'Bundesrepublik Deutschland')
    await eventually(async () => {
      await page.goto(`${enwiki}wiki/Berlin`)
      return /lies in Bundesrepublik Deutschland/.test(await page.textContent('#content') ?? '') ? true : undefined
    }, 30_000)
    await shot(page, '3-enwiki-berlin')
    t.pass('the client page shows the new label')
    await page.goto(`${enwiki}wiki/Special:RecentChanges`)
    t.equal(await page.locator('li[data-source="wb"]').count(), 0, 'repo changes are hidden by default (rcshowwikidata off)')
    t.equal(await page.textContent('#toggle-wb'), 'Show repowiki edits')
    // Wikibase's preferences: show repo changes in recent changes and in the watchlist.
    await page.goto(`${enwiki}wiki/Special:Preferences`)
    await page.check('#mw-input-wprcshowwikidata')
    await page.check('#mw-input-wpwlshowwikibase')
    await page.click('#prefcontrol')
    t.match(await page.textContent('.notice'), /Your preferences have been saved/)
    await page.goto(`${enwiki}wiki/Special:RecentChanges`)
    await shot(page, '4-enwiki-recentchanges')
    const wbRows = page.locator('li[data-source="wb"]')
    t.ok(await wbRows.count() > 0, 'a repo change row in the client\'s recent changes')
    t.match(await wbRows.first().textContent(), /Q183[\s\S]*new label from the browser test/)
    t.equal(await wbRows.first().locator('a.wb-entity-link').textContent(), 'Bundesrepublik Deutschland (Q183)', 'the item by its label with its id')
    await page.click('#toggle-wb')
    t.equal(await page.locator('li[data-source="wb"]').count(), 0, 'the toggle hides repo changes')
    await page.goto(`${enwiki}wiki/Special:Log`)
    t.match(await page.textContent('table'), /handled[\s\S]*Q183/, 'the activity plugin logged the handled change')
  })

  await t.test('the edit form works on a seeded item whose statements use properties the repo lacks (Berlin)', async t => {
    await editLabel('Q64', 'Berlin (Hauptstadt)', 'label of a real imported item')
    await shot(page, '5-repo-item-Q64')
    t.equal(await page.textContent('#terms-en .label'), 'Berlin (Hauptstadt)')
  })

  await t.test('the repo reads like Wikidata: no red item links, sections in order, badges by label, tabs', async t => {
    for (const path of ['wiki/Main_Page', 'wiki/Special:AllItems', 'wiki/Special:AllPages']) {
      await page.goto(`${repo}${path}`)
      t.equal(await page.locator('main a.new').count(), 0, `no red links on ${path}`)
      t.ok(await page.locator('main a[href^="/wiki/Item:Q64"]').count() > 0, `${path} links Item:Q64`)
    }
    await page.goto(`${repo}wiki/Main_Page`)
    await page.click('text=Berlin on enwiki')
    t.equal(page.url(), `${enwiki}wiki/Berlin`, 'the main page sends to enwiki\'s Berlin at the farm\'s real URL')

    await page.goto(`${repo}wiki/Item:Q64`)
    await shot(page, '6-repo-item-Q64-read')
    t.same(await page.locator('ul.tabs li').allTextContents(), ['Read', 'View history', 'Edit'])
    t.equal(await page.textContent('#firstHeading'), 'Berlin (Hauptstadt) (Q64)')
    t.equal((await page.textContent('#entity-description'))?.trim(), 'capital city of Germany')
    const order = await page.locator('h2.wb-section-heading').evaluateAll(hs => hs.map(h => h.id))
    t.same(order, ['statements', 'identifiers', 'sitelinks'], 'statements, then identifiers, then sitelinks')
    t.equal(await page.textContent('#P17 .wikibase-statementgroupview-property'), 'country', 'a property by its label')
    t.equal(await page.textContent('#P17 .wikibase-snakview-value a'), 'Bundesrepublik Deutschland', 'an item value by its label, linked')
    t.equal(await page.textContent('#P1036 .wikibase-statementgroupview-property'), 'P1036', 'a property without a label: its id once')
    t.equal(await page.textContent('#P625 .wikibase-snakview-value'), "52°31'N, 13°23'E", 'coordinates in degrees and minutes (the precision)')
    t.same(await page.locator('details.wikibase-sitelinkgroupview summary').evaluateAll(s => s.map(e => e.firstChild?.textContent?.trim())),
      ['Wikipedia', 'Wikinews', 'Wikiquote', 'Wikisource', 'Wikivoyage', 'Other sites'], 'sitelinks grouped by site group')
    t.equal(await page.getAttribute('[data-wb-siteid="enwiki"] a', 'href'), `${enwiki}wiki/Berlin`, 'a farm sitelink links the client page')
    const badges = await page.locator('.wb-badge').allTextContents()
    t.ok(badges.length > 0 && badges.every(b => /^(featured|good|recommended) article$/.test(b)), `badges by label: ${[...new Set(badges)].join(', ')}`)
    await page.goto(`${repo}wiki/Item:Q64#sitelinks`)
    await shot(page, '7-repo-item-Q64-sitelinks')
    await page.click('ul.tabs >> text=View history')
    await shot(page, '8-repo-item-Q64-history')
    t.match(await page.textContent('ul.history'), /label of a real imported item/, 'the history lists the edit of the browser test')
  })

  await t.test('a client page links its repo item; client recent changes read well', async t => {
    await page.goto(`${enwiki}wiki/Berlin`)
    await shot(page, '9-enwiki-berlin-tools')
    t.equal(await page.locator('text=Page properties').count(), 0, 'no debug line')
    t.equal(await page.textContent('#t-wikibase a'), 'Repository item')
    await page.click('#t-wikibase a')
    t.equal(page.url(), `${repo}wiki/Item:Q64`, 'the link opens the item on the repo')
    // A bot's edit through the action API: its comment is Wikibase's autocomment plus the summary.
    const api = async (params: Record<string, string>): Promise<any> => await (await fetch(`${repo}w/api.php`, { method: 'POST', body: new URLSearchParams({ format: 'json', ...params }) })).json()
    const token = (await api({ action: 'query', meta: 'tokens' })).query.tokens.csrftoken as string
    const edit = await api({ action: 'wbsetlabel', id: 'Q183', language: 'en', value: 'Deutschland <b>', summary: 'see [[:de:Berlin]] & <i>', token })
    t.equal(edit.success, 1, 'label set through the action API')
    const row = page.locator('li[data-source="wb"]').first()
    await eventually(async () => {
      await page.goto(`${enwiki}wiki/Special:RecentChanges`)
      return /Changed \[en\] label/.test(await row.textContent() ?? '') ? true : undefined
    }, 30_000)
    await shot(page, '10-enwiki-recentchanges-autocomment')
    t.equal(await row.locator('.autocomment').textContent(), 'Changed [en] label: ', 'the autocomment as Wikibase\'s summary message')
    t.equal(await row.locator('a.wb-entity-link').textContent(), 'Deutschland <b> (Q183)', 'the item by its (escaped) label with its id')
    t.equal(await row.locator('.comment a.extiw').getAttribute('href'), `${farm.urls.get('dewiki')!}wiki/Berlin`, 'a link in the comment is a link')
    t.match(await row.locator('.comment').textContent(), /Deutschland <b>, see de:Berlin & <i>\)$/, 'the rest of the comment as text')
    await page.goto(`${enwiki}wiki/Special:RecentChanges`)
    await page.click('#toggle-wb')
    await page.click('#toggle-wb')
    t.equal(await row.locator('a', { hasText: 'hist' }).getAttribute('href'), `${repo}wiki/Item:Q183?action=history`, 'hist on the repo')
    t.match(await row.locator('a', { hasText: 'diff' }).getAttribute('href') ?? '', new RegExp(`^${repo}wiki/Item:Q183\\?diff=\\d+&oldid=\\d+$`), 'diff on the repo')
    t.notMatch(await page.textContent('ul.recentchanges'), /\/\*|\[\[/, 'no raw autocomment or wikitext link')
    await page.locator('li[data-source="wb"]').first().locator('a', { hasText: 'diff' }).click()
    await shot(page, '11-repo-diff-Q183')
    t.same(await page.locator('table.diff tbody tr').evaluateAll(rows => rows.map(r => [...r.children].map(c => c.textContent))),
      [['label / en', 'Bundesrepublik Deutschland', 'Deutschland <b>']], 'the diff on the repo shows what the edit changed')
  })

  await t.test('issue 17.10: the repo-changes filter and the watchlist of a client', async t => {
    await page.goto(`${enwiki}wiki/Special:RecentChanges`)
    await shot(page, 'recent-changes-wikidata-filter')
    const row = page.locator('li[data-source="wb"]').first()
    t.equal(await row.locator('abbr.wikibase-edit').textContent(), 'D', 'the "D" flag')
    t.match(await row.locator('.mw-changeslist-separator').first().textContent(), /^\. \.$/)
    t.match(await row.locator('.mw-title a').getAttribute('href'), /^\/wiki\//, 'the client page')
    t.match(await row.locator('a.mw-userlink').getAttribute('href') ?? '', new RegExp(`^${repo}wiki/(User:|Special:Contributions/)`), 'the user on the repo')
    t.equal(await page.textContent('#toggle-wb'), 'Hide repowiki edits', 'the preference shows them; the toggle hides')
    await page.click('#toggle-wb')
    t.equal(await page.locator('li[data-source="wb"]').count(), 0)

    await page.goto(`${enwiki}wiki/Berlin`)
    await page.click('#ca-watch')
    await page.waitForURL(/\/wiki\/Berlin$/)
    t.equal(await page.locator('#ca-unwatch').count(), 1, 'the star is filled')
    await page.click('#pt-watchlist')
    await shot(page, 'watchlist')
    t.match(await page.textContent('.watchlist-summary'), /1 page on your watchlist: Berlin/)
    const titles = await page.locator('ul.recentchanges li').evaluateAll(rows => rows.map(r => r.querySelector('.mw-title a, a[href^="/wiki/"]')?.textContent))
    t.ok(titles.length > 0 && titles.every(title => title === 'Berlin'), `only Berlin's changes: ${titles.join(', ')}`)
    t.ok(await page.locator('ul.recentchanges li[data-source="wb"]').count() > 0, 'repo changes affecting Berlin (wlshowwikibase on)')
    await page.click('#toggle-wb')
    t.equal(await page.locator('ul.recentchanges li[data-source="wb"]').count(), 0, 'the toggle hides them')
  })

  await t.test('Add links on an unconnected client page links it through the repo; then Edit links', async t => {
    const de = farm.wikis.get('dewiki')!.wiki
    await savePage(de, { title: parseTitle('Sandkasten'), text: 'Eine Spielwiese.', comment: 'test page', user: { id: 0, name: '127.0.0.1', anonymous: true, bot: false } })
    await page.goto(`${enwiki}wiki/Sandbox`)
    t.equal(await page.textContent('.wb-langlinks-add a'), 'Add links', 'the unconnected page offers Add links')
    await shot(page, '12-enwiki-add-links')
    await page.click('.wb-langlinks-add a')
    t.equal(page.url(), `${repo}wiki/Special:LinkItem?site=enwiki&page=Sandbox`, 'the repo\'s form for this page')
    await page.selectOption('#wbc-linkItem-site', 'dewiki')
    await page.fill('#wbc-linkItem-page', 'Sandkasten')
    await shot(page, '13-repo-link-item-form')
    await page.click('#wbc-linkItem-submit')
    await page.waitForURL(/Item:Q\d+#sitelinks-wikipedia$/)
    t.match(await page.textContent('#sitelinks-wikipedia'), /Sandbox[\s\S]*Sandkasten|Sandkasten[\s\S]*Sandbox/, 'one new item links both pages')
    const item = /Item:(Q\d+)/.exec(page.url())![1]!
    await eventually(async () => {
      await page.goto(`${enwiki}wiki/Sandbox`)
      return await page.locator('.wb-langlinks-edit a').count() === 1 ? true : undefined
    }, 60_000)
    t.equal(await page.textContent('li.interwiki-de a'), 'Deutsch', 'the page has its language link to dewiki')
    await shot(page, '14-enwiki-edit-links')
    await page.click('.wb-langlinks-edit a')
    t.equal(page.url(), `${repo}wiki/Item:${item}#sitelinks-wikipedia`, 'Edit links opens the item\'s sitelinks (through Special:EntityPage)')
  })
})
