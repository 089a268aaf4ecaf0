import t from 'tap'
import { mkdir } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'
import { eventually, freshDatabase } from '../support/test-database.js'
import { CLIENT_IDS, REPO_ID, startFarm } from '../../example-wiki/farm.js'
import { aspectName } from '../../example-wiki/web/page-info.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const SCREENSHOTS = new URL('../../.tap/example-wiki-screenshots/', import.meta.url).pathname

t.setTimeout(300_000)

t.test('aspectName: the aspects as the info page names them (wikibase-pageinfo-entity-usage-*)', async t => {
  const cases: Array<[string, string]> = [['S', 'Sitelink'], ['L.en', 'Label: en'], ['D.de', 'Description: de'], ['T', 'Title'],
    ['C.P31', 'Statement: P31'], ['C', 'Statement'], ['O', 'Other (statements)'], ['X', 'All entity data']]
  for (const [key, name] of cases) t.equal(aspectName(key), name, key)
})

/**
 * Issue 17 item 7 in the example farm: enwiki's `?action=info` of a connected page shows its
 * item (linked to the repo) and the entities it uses with their aspects (Wikibase client's
 * InfoActionHookHandler).
 */
t.test('page information of a connected page in a real browser', { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}` }, async t => {
  const ids = [REPO_ID, ...CLIENT_IDS]
  const databases = new Map<string, string>()
  for (const id of ids) databases.set(id, await freshDatabase(t, `pinfo${id}`))
  const farm = await startFarm({ databases, ports: ids.map(() => 0), logger: false })
  t.teardown(farm.close)
  const enwiki = farm.urls.get('enwiki')!
  const repo = farm.urls.get(REPO_ID)!
  const browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
  })
  t.teardown(async () => { await browser.close() })
  const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage()
  await mkdir(SCREENSHOTS, { recursive: true })

  await page.goto(`${enwiki}wiki/Berlin?action=info`)
  t.equal(await page.textContent('h1'), 'Information for "Berlin"')
  t.equal(await page.textContent('#mw-pageinfo-wikibase-item a'), 'Q64')
  t.equal(await page.getAttribute('#mw-pageinfo-wikibase-item a', 'href'), `${repo}wiki/Item:Q64`)
  // The seed's page uses Q64's sitelinks at least (its language links); the list says so under Q64's label.
  const usage = await eventually(async () => {
    await page.goto(`${enwiki}wiki/Berlin?action=info`)
    const text = await page.locator('#mw-pageinfo-wikibase-entity-usage').textContent().catch(() => null)
    return text !== null && text.includes('Sitelink') ? text : undefined
  }, 30_000)
  t.match(usage, /Berlin: .*Sitelink/, 'the entity by its label, then its aspects')
  const entries = await page.locator('ul.mw-wikibase-pageinfo-entity-usage > li').evaluateAll(items => items.map(li => ({
    href: li.querySelector('a')?.getAttribute('href'), label: li.querySelector('a')?.textContent, aspects: [...li.querySelectorAll('li')].map(a => a.textContent)
  })))
  const q64 = entries.find(e => e.href === `${repo}wiki/Item:Q64`)
  t.equal(q64?.label, 'Berlin', 'Q64 under its label, linked to the repo')
  t.ok(q64?.aspects.includes('Sitelink'), `Q64's aspects: ${q64?.aspects.join(', ')}`)
  t.ok(entries.every(e => typeof e.href === 'string' && e.href.startsWith(`${repo}wiki/Item:Q`) && e.aspects.length > 0), 'every entity is linked and has aspects')
  await page.screenshot({ path: `${SCREENSHOTS}page-information.png`, fullPage: true })
  const missing = await page.goto(`${enwiki}wiki/No_such_page_here?action=info`)
  t.equal(missing?.status(), 404)
})
