import t from 'tap'
import { startWiki } from '../../../support/farm.js'
import { eventually, freshDatabase } from '../../../support/test-database.js'
import { loadCanonicalEntity } from '../../../fixtures-support/wikidata-fixtures.js'
import type { ParserContext } from '../../../../hooks/contract.js'
import { recorded, storeEntity, subscriptions } from '../../../support/usage-test-wiki.js'
import { createTestHost, page } from '../../../support/test-host.js'
import { identityOf, newEntityUsageFromIdentity } from '../../../../plugin/client/usage/entity-usage.js'
import { queueNewUsagesOfRendering } from '../../../../plugin/client/usage/parser-cache-save-handler.js'
import type { PageId } from '../../../../hooks/ids.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

/**
 * DataUpdateHookHandler::onParserCacheSaveComplete + AddUsagesForPageJob on a real client
 * database with the real worker: a rendering in another user language that reads more
 * than the page's stored usages cover gets them added by `wikibase:addUsagesForPage`.
 */
t.test('a new rendering\'s usages are added by the addUsagesForPage job', async t => {
  const url = await freshDatabase(t, 'parsercachesave')
  const host = createTestHost()
  const app = await startWiki(t, {
    siteId: 'enwiki', roles: ['repo', 'client'], database: url, schema: { data: 'enwiki', queue: 'enwiki_jobs' },
    worker: { pollInterval: 50 }, host, client: { allowDataAccessInUserLanguage: true }
  })
  host.attach(app)
  for (const id of ['Q64', 'Q183', 'P17']) await storeEntity(wikibaseInternals(app).self, loadCanonicalEntity(`entities/${id}.json`, id))
  const services = wikibaseInternals(app).client!
  const berlin = page(7, 'Berlin')
  const stored = async (): Promise<string[]> => (await services.tracker.getUsagesForPage(7 as PageId)).map(identityOf).sort()
  // What the page's links update stored: its connected item.
  await services.updater.replaceUsagesForPage(7 as PageId, [newEntityUsageFromIdentity('Q64#S')])

  const render = async (userLanguage: string, read: (a: ReturnType<typeof services.entityAccess>) => Promise<unknown>): Promise<ParserContext> => {
    const context: ParserContext = { page: berlin, contentLanguage: 'en', userLanguage, output: { extensionData: new Map(), pageProps: new Map(), languageLinks: [], warnings: [] } }
    await read(services.entityAccess(context))
    return context
  }

  t.test('terms read in the user language mark the output and record the bare aspect', async t => {
    const context = await render('de', async a => await a.getLabel('Q183'))
    t.equal(await services.entityAccess(context).getLabel('Q183'), 'Deutschland')
    t.strictSame(recorded(context.output), ['Q183#L'], 'trackUsagesInAllLanguages: one rendering per language, one usage for all')
    t.strictSame([...context.output.usedOptions ?? []], ['userlang'])
  })

  t.test('ParserCacheSaveComplete queues the missing usages; the worker adds them and subscribes', async t => {
    const context = await render('de', async a => { await a.getLabel('Q183'); await a.getSitelink('Q64') })
    t.strictSame(await stored(), ['Q64#S'])
    await host.hooks.callHook('ParserCacheSaveComplete', berlin, context.output, 'de')
    await eventually(async () => (await stored()).includes('Q183#L') ? true : undefined)
    t.strictSame(await stored(), ['Q183#L', 'Q64#S', 'Q64#T'], 'added, nothing of the stored usages removed')
    t.ok((await subscriptions(wikibaseInternals(app).self)).includes('enwiki@Q183'), 'the client subscribed to the entity it now uses')
    t.strictSame(await queueNewUsagesOfRendering(services, berlin, context.output, 'de'), [], 'the same rendering again: nothing to add, no job')
  })

  t.test('a rendering whose usages are all stored queues nothing', async t => {
    const context = await render('en', async a => await a.getSitelink('Q64'))
    t.strictSame(await queueNewUsagesOfRendering(services, berlin, context.output, 'en'), [])
    const { rows } = await wikibaseInternals(app).self.pool.query(`SELECT count(*)::int AS n FROM enwiki_jobs._private_jobs WHERE task_id IN
      (SELECT id FROM enwiki_jobs._private_tasks WHERE identifier = 'wikibase:addUsagesForPage')`)
    t.equal(rows[0].n, 0, 'no job waiting')
  })

  t.test('a page without id is skipped', async t => {
    const context = await render('de', async a => await a.getLabel('Q64'))
    t.strictSame(await queueNewUsagesOfRendering(services, page(0, 'Sandbox'), context.output, 'de'), [])
  })
})
