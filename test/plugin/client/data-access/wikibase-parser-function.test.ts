import t from 'tap'
import { startWiki } from '../../../support/farm.js'
import { freshDatabase } from '../../../support/test-database.js'
import { loadCanonicalEntity } from '../../../fixtures-support/wikidata-fixtures.js'
import type { ParserContext } from '../../../../hooks/contract.js'
import { recorded, storeEntity } from '../../../support/usage-test-wiki.js'
import { createTestHost, page } from '../../../support/test-host.js'
import { renderWikibaseParserFunction } from '../../../../plugin/client/data-access/wikibase-parser-function.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

t.test('{{#wikibase:…}}: mw.wikibase for wikitext, escaped, with the usages of the call', async t => {
  const url = await freshDatabase(t, 'wikibasepf')
  const host = createTestHost()
  const app = await startWiki(t, {
    siteId: 'enwiki', roles: ['repo', 'client'], database: url, schema: { data: 'enwiki', queue: 'enwiki_jobs' }, worker: { enabled: false }, host,
    client: { referencedEntityIdAccessLimit: 1 }
  })
  host.attach(app)
  for (const id of ['Q64', 'Q183', 'P17']) await storeEntity(wikibaseInternals(app).self, loadCanonicalEntity(`entities/${id}.json`, id))
  await storeEntity(wikibaseInternals(app).self, { type: 'item', id: 'Q5', labels: { en: { language: 'en', value: "[[x]] {{y}} ''z''" } } })
  const services = wikibaseInternals(app).client!
  const call = async (...args: string[]): Promise<{ out: string, usages: string[] }> => {
    const context: ParserContext = { page: page(1, 'Sandbox'), contentLanguage: 'en', output: { extensionData: new Map(), pageProps: new Map(), languageLinks: [], warnings: [] } }
    const out = await renderWikibaseParserFunction(services.session(context), args)
    return { out, usages: recorded(context.output) }
  }
  const cases: Array<[string[], string, string[]]> = [
    [['getLabel', 'Q183'], 'Germany', ['Q183#L.en']],
    [['getLabelByLang', 'Q183', 'de'], 'Deutschland', ['Q183#L.de']],
    [['getLabelLanguage', 'Q183'], 'en', ['Q183#L.en']],
    [['getSitelink', 'Q64', 'dewiki'], 'Berlin', ['Q64#S']],
    [['getBadges', 'Q64', 'dewiki'], 'Q17437798', ['Q64#S']],
    [['entityExists', 'Q404'], '', ['Q404#O']],
    [['isValidEntityId', 'q42'], '1', []],
    [['getGlobalSiteId'], 'enwiki', []],
    [['getReferencedEntityId', 'Q64', 'P17', 'Q183'], 'Q183', []],
    [['renderSnaks', 'Q64', 'P17'], 'Germany', ['Q183#L.en', 'Q64#C.P17']],
    [['getLabel', 'Q5'], '&#91;&#91;x&#93;&#93; &#123;&#123;y&#125;&#125; &#39;&#39;z&#39;&#39;', ['Q5#L.en']],
    [['orderProperties', 'P31', 'P17'], 'P31, P17', []]
  ]
  for (const [args, out, usages] of cases) t.strictSame(await call(...args), { out, usages }, args.join('|'))
  t.match((await call('noSuchFunction', 'Q1')).out, /<span class="error wikibase-error">Unknown #wikibase function &quot;noSuchFunction&quot;/)

  const context: ParserContext = { page: page(1, 'Sandbox'), contentLanguage: 'en', output: { extensionData: new Map(), pageProps: new Map(), languageLinks: [], warnings: [] } }
  const session = services.session(context)
  t.equal(await renderWikibaseParserFunction(session, ['getReferencedEntityId', 'Q64', 'P17', 'Q183']), 'Q183')
  t.match(await renderWikibaseParserFunction(session, ['getReferencedEntityId', 'Q64', 'P17', 'Q183']),
    /class="error wikibase-error">Too many mw.wikibase.getReferencedEntityId calls. Only 1 allowed./, 'referencedEntityIdAccessLimit')
})
