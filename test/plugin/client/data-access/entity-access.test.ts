import t from 'tap'
import { startWiki } from '../../../support/farm.js'
import { freshDatabase } from '../../../support/test-database.js'
import { loadCanonicalEntity } from '../../../fixtures-support/wikidata-fixtures.js'
import type { ParserContext } from '../../../../hooks/contract.js'
import { recorded, storeEntity, storeRedirect } from '../../../support/usage-test-wiki.js'
import { createTestHost, page } from '../../../support/test-host.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

t.test('entity-access API (mw.wikibase counterpart): usages of §6.2', async t => {
  const url = await freshDatabase(t, 'usageaccess')
  const host = createTestHost()
  // A wiki that is its own repo and client.
  const app = await startWiki(t, { siteId: 'enwiki', roles: ['repo', 'client'], database: url, schema: { data: 'enwiki', queue: 'enwiki_jobs' }, worker: { enabled: false }, host })
  host.attach(app)
  for (const id of ['Q64', 'Q183', 'P17', 'P31']) await storeEntity(wikibaseInternals(app).self, loadCanonicalEntity(`entities/${id}.json`, id))
  await storeRedirect(wikibaseInternals(app).self, 'Q1000001', 'Q183')
  const services = wikibaseInternals(app).client!
  const parse = (title: string): { context: ParserContext, access: ReturnType<typeof services.entityAccess> } => {
    const context: ParserContext = { page: page(1, title), contentLanguage: 'en', output: { extensionData: new Map(), pageProps: new Map(), languageLinks: [], warnings: [] } }
    return { context, access: services.entityAccess(context) }
  }

  t.test('getEntity records nothing for the entity until parts are read', async t => {
    const { context, access } = parse('Berlin')
    const berlin = (await access.getEntity('Q64'))!
    t.strictSame(recorded(context.output), ['Q64#T'], 'T on the page\'s connected item (getEntityIdForCurrentPage)')
    t.equal(berlin.id, 'Q64')
    t.equal(berlin.labels.de?.value, 'Berlin')
    t.ok((berlin.claims.P17?.length ?? 0) > 0)
    void berlin.claims.P17![0]!.qualifiers
    t.equal(berlin.sitelinks.dewiki?.title, 'Berlin')
    void berlin.sitelinks.enwiki
    t.strictSame(recorded(context.output), ['Q64#C.P17', 'Q64#CQR.P17', 'Q64#L.de', 'Q64#S', 'Q64#T'])
    t.equal(await access.getEntity('banana'), null, 'a malformed id is null, no exception')
    t.equal(await access.getEntity('Q404'), null)
  })

  t.test('labels, descriptions, sitelinks, statements, existence', async t => {
    const { context, access } = parse('Sandbox')
    t.equal(await access.getLabel('Q183'), 'Germany')
    t.equal(typeof await access.getDescription('Q183'), 'string')
    t.equal(await access.getLabelByLang('Q183', 'de'), 'Deutschland')
    t.equal(await access.getSitelink('Q183'), 'Germany')
    t.equal(await access.getSitelink('Q183', 'dewiki'), 'Deutschland')
    t.equal(await access.getEntityIdForTitle('Berlin'), 'Q64')
    t.equal(await access.getEntityIdForTitle('Berlin', 'dewiki'), 'Q64')
    t.equal((await access.getBestStatements('Q64', 'P17')).length, 1)
    t.equal(await access.entityExists('Q404'), false)
    t.strictSame(await access.getAllStatements('Q405', 'P17'), [], 'a missing entity has no statements, but C.P is recorded')
    t.equal(await access.resolvePropertyId('country'), 'P17')
    t.strictSame(recorded(context.output), [
      'P17#L.en', 'Q183#D.en', 'Q183#L.de', 'Q183#L.en', 'Q183#S', 'Q183#T', 'Q404#O', 'Q405#C.P17', 'Q64#C.P17', 'Q64#S', 'Q64#T'
    ])
  })

  t.test('getSitelink of a redirect: on the target, X on the redirect', async t => {
    const { context, access } = parse('Sandbox')
    t.equal(await access.getSitelink('Q1000001'), 'Germany')
    t.strictSame(recorded(context.output), ['Q1000001#X', 'Q183#T'])
  })
})
