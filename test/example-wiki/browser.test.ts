import t from 'tap'
import { mkdir } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { chromium, type Page } from 'playwright-core'
import { freshDatabase, eventually } from '../support/test-database.js'
import { CLIENT_IDS, REPO_ID, startFarm } from '../../example-wiki/farm.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const SCREENSHOTS = new URL('../../.tap/example-wiki-screenshots/', import.meta.url).pathname

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
    await page.goto(`${repo}wiki/Item:${item}`)
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
    t.match(await page.textContent('ul.langlinks'), /de: Berlin/, 'language link from the sitelinks')
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
    await shot(page, '4-enwiki-recentchanges')
    const wbRows = page.locator('li[data-source="wb"]')
    t.ok(await wbRows.count() > 0, 'a repo change row in the client\'s recent changes')
    t.match(await wbRows.first().textContent(), /Q183[\s\S]*new label from the browser test/)
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
})
