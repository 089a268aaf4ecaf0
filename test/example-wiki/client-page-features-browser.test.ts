import t from 'tap'
import { mkdir } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { chromium, type Page } from 'playwright-core'
import { freshDatabase } from '../support/test-database.js'
import { CLIENT_IDS, REPO_ID, startFarm } from '../../example-wiki/farm.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const SCREENSHOTS = new URL('../../.tap/example-wiki-screenshots/', import.meta.url).pathname

t.setTimeout(300_000)

/**
 * Issue 17 items 1, 4, 5 in the example farm, as a reader sees them: the short description
 * under a page's title (its own `{{SHORTDESC:…}}`, else its item's description), the language
 * links `{{noexternallanglinks:…}}` leaves, `{{wbreponame}}`, and Special:UnconnectedPages
 * without the pages that say `__EXPECTED_UNCONNECTED_PAGE__`.
 */
t.test('client page features in a real browser (JavaScript disabled)', { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}` }, async t => {
  const ids = [REPO_ID, ...CLIENT_IDS]
  const databases = new Map<string, string>()
  for (const id of ids) databases.set(id, await freshDatabase(t, `cpf${id}`))
  const farm = await startFarm({ databases, ports: ids.map(() => 0), logger: false, adminPassword: 'browser-test-password' })
  t.teardown(farm.close)
  const enwiki = farm.urls.get('enwiki')!
  const browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
  })
  t.teardown(async () => { await browser.close() })
  const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage()
  await mkdir(SCREENSHOTS, { recursive: true })
  const shot = async (p: Page, name: string): Promise<void> => { await p.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true }) }
  const edit = async (title: string, text: string): Promise<void> => {
    await page.goto(`${enwiki}wiki/${title}?action=edit`)
    await page.fill('#wpTextbox1', text)
    await page.fill('input[name=comment]', 'client features test')
    await page.click('#wpSave')
    await page.waitForURL(new RegExp(`/wiki/${title}$`))
  }
  await page.goto(`${enwiki}wiki/Special:UserLogin`)
  await page.fill('#wpName1', 'Admin')
  await page.fill('#wpPassword1', 'browser-test-password')
  await page.click('#wpLoginAttempt')
  await page.waitForURL(/Main_Page/)

  await t.test('the description under the title: the item\'s, or the page\'s own {{SHORTDESC:…}}', async t => {
    await page.goto(`${enwiki}wiki/Berlin`)
    t.equal(await page.textContent('#page-description'), 'capital city of Germany', 'Q64\'s English description')
    t.equal(await page.getAttribute('#page-description', 'data-source'), 'central')
    const before = await page.locator('ul.langlinks li').evaluateAll(items => items.map(i => i.getAttribute('data-site')))
    t.ok(before.includes('dewiki'), `Berlin has its dewiki language link (${before.join(', ')})`)
    await edit('Berlin', "{{SHORTDESC:German capital <b>on the Spree</b> &amp; more}}{{noexternallanglinks:de}}'''Berlin''' is the capital of Germany. The data comes from {{wbreponame}}.")
    await shot(page, 'shortdesc-berlin')
    t.equal(await page.textContent('#page-description'), 'German capital on the Spree & more', 'the local description, as plain text')
    t.equal(await page.getAttribute('#page-description', 'data-source'), 'local')
    t.match(await page.textContent('#content'), /The data comes from Example repo\./, '{{wbreponame}}')
    const after = await page.locator('ul.langlinks li').evaluateAll(items => items.map(i => i.getAttribute('data-site')))
    t.notOk(after.includes('dewiki'), '{{noexternallanglinks:de}} drops the German link')
    t.strictSame(after, before.filter(site => site !== 'dewiki'), 'the other links stay')
    await edit('Berlin', '{{noexternallanglinks:fr|nl}}Berlin.')
    t.strictSame(await page.locator('ul.langlinks li').evaluateAll(items => items.map(i => i.getAttribute('data-site'))), before,
      'other languages listed: the links stay')
    t.equal(await page.textContent('#page-description'), 'capital city of Germany', 'without SHORTDESC the item\'s again')
    await edit('Berlin', '{{noexternallanglinks:*}}Berlin.')
    t.equal(await page.locator('ul.langlinks li').count(), 0, '* drops them all')
  })

  await t.test('Special:UnconnectedPages lists pages without an item, not those expected to stay unconnected', async t => {
    await edit('Lonely_page', 'No item for this page.')
    await edit('Expected_lonely_page', 'A list page. __EXPECTED_UNCONNECTED_PAGE__')
    t.notMatch(await page.textContent('#content'), /EXPECTED_UNCONNECTED_PAGE/, 'the switch is not shown')
    await edit('Redirect_page', '#REDIRECT [[Lonely page]]')
    await page.goto(`${enwiki}wiki/Special:UnconnectedPages`)
    await shot(page, 'unconnected-pages')
    const listed = await page.locator('ul.special li').allTextContents()
    t.ok(listed.includes('Lonely page'), 'the unconnected page is listed')
    t.notOk(listed.includes('Expected lonely page'), 'not the page with __EXPECTED_UNCONNECTED_PAGE__')
    t.notOk(listed.includes('Redirect page'), 'not a redirect')
    t.notOk(listed.includes('Berlin'), 'not a connected page')
    await page.goto(`${enwiki}wiki/Special:UnconnectedPages?limit=1`)
    t.equal(await page.locator('ul.special li').count(), 1, 'limit=1: one page')
    await page.click('a[rel=next]')
    t.match(page.url(), /offset=1/, 'next goes on from offset 1')
    const second = await page.locator('ul.special li').allTextContents()
    t.equal(second.length, 1)
    t.not(second[0], listed[0], 'the next page of results')
    await page.goto(`${enwiki}wiki/Special:UnconnectedPages?namespace=0`)
    t.strictSame(await page.locator('ul.special li').allTextContents(), listed, 'the main namespace holds them all')
    const bad = await page.goto(`${enwiki}wiki/Special:UnconnectedPages?limit=lots`)
    t.equal(bad?.status(), 400)
    t.match(await page.textContent('.error-box'), /limit/, 'a bad limit is refused naming it')
  })
})
