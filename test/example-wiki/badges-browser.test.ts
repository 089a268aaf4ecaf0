import t from 'tap'
import { mkdir } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'
import { freshDatabase } from '../support/test-database.js'
import { CLIENT_IDS, REPO_ID, startFarm } from '../../example-wiki/farm.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const SCREENSHOTS = new URL('../../.tap/example-wiki-screenshots/', import.meta.url).pathname

// A farm start and a browser on a loaded two-core machine.
t.setTimeout(300_000)

t.test('issue 17 items 3 and 9 in a real browser: badges on language links, the "In other projects" box, Special:PagesWithBadges',
  { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}` }, async t => {
    const ids = [REPO_ID, ...CLIENT_IDS]
    const databases = new Map<string, string>()
    for (const id of ids) databases.set(id, await freshDatabase(t, `bb${id}`))
    const farm = await startFarm({ databases, ports: ids.map(() => 0), logger: false, adminPassword: 'badges-browser-password' })
    t.teardown(farm.close)
    const enwiki = farm.urls.get('enwiki')!
    const dewiki = farm.urls.get('dewiki')!

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
    })
    t.teardown(async () => { await browser.close() })
    const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage()
    await mkdir(SCREENSHOTS, { recursive: true })

    await page.goto(`${enwiki}wiki/Berlin`)
    const deLink = page.locator('ul.langlinks li[data-site="dewiki"]')
    t.equal(await deLink.getAttribute('class'), 'interlanguage-link interwiki-de badge-Q17437798 badge-goodarticle')
    t.equal(await deLink.getAttribute('title'), 'good article', "the badge's label is the list item's title")
    t.equal(await deLink.evaluate(el => getComputedStyle(el, '::before').content), '"★"', 'the badge shows as a star')
    t.equal(await page.textContent('#p-wikibase-otherprojects-label'), 'In other projects')
    t.same(await page.locator('#p-wikibase-otherprojects a').allTextContents(), ['Wikimedia Commons', 'Wikiquote', 'Wikivoyage'])
    t.equal(await page.locator('#p-wikibase-otherprojects li.badge-recommendedarticle a').getAttribute('href'), 'https://en.wikivoyage.org/wiki/Berlin')
    await page.screenshot({ path: `${SCREENSHOTS}language-links-badges.png`, fullPage: true })

    await page.goto(`${dewiki}wiki/Special:PagesWithBadges`)
    await page.selectOption('#wb-pageswithbadges-badge', 'Q17437798')
    await page.click('form.pages-with-badges button')
    await page.waitForURL(/badge=Q17437798/)
    t.same(await page.locator('ul.special li').allTextContents(), ['Berlin', 'London'], 'the pages whose dewiki sitelink has the badge (seed: Q64, Q84) are listed')
    await page.screenshot({ path: `${SCREENSHOTS}pages-with-badges.png`, fullPage: true })
  })
