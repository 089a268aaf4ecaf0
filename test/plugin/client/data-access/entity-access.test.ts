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
  const app = await startWiki(t, { siteId: 'enwiki', roles: ['repo', 'client'], database: url, schema: { data: 'enwiki', queue: 'enwiki_jobs' }, worker: { enabled: false }, host,
    site: { pagePath: 'https://en.example.org/wiki/$1' } })
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

  // One call on a fresh parse each: what it answers and exactly the usages it records (facts §6.2,
  // WikibaseLanguageIndependentLuaBindings / WikibaseLanguageDependentLuaBindings / WikibaseLibrary).
  const calls: Array<{ call: string, run: (a: ReturnType<typeof services.entityAccess>) => unknown, answer: unknown, usages: string[] }> = [
    { call: 'getBadges(Q64, dewiki)', run: async a => await a.getBadges('Q64', 'dewiki'), answer: ['Q17437798'], usages: ['Q64#S'] },
    { call: 'getBadges(Q64) — this wiki, no badges', run: async a => await a.getBadges('Q64'), answer: [], usages: ['Q64#S'] },
    { call: 'getBadges of a redirect', run: async a => await a.getBadges('Q1000001', 'dewiki'), answer: [], usages: ['Q1000001#X', 'Q183#S'] },
    { call: 'getBadges(P17): not an item', run: async a => await a.getBadges('P17'), answer: [], usages: [] },
    { call: 'getSitelink(Q64, dewiki)', run: async a => await a.getSitelink('Q64', 'dewiki'), answer: 'Berlin', usages: ['Q64#S'] },
    { call: 'getSitelink(Q404): missing', run: async a => await a.getSitelink('Q404'), answer: null, usages: ['Q404#T'] },
    { call: 'getLabelWithLang(Q64)', run: async a => await a.getLabelWithLang('Q64'), answer: { text: 'Berlin', language: 'en' }, usages: ['Q64#L.en'] },
    { call: 'getDescriptionWithLang(Q64)', run: async a => await a.getDescriptionWithLang('Q64'), answer: { text: 'capital city of Germany', language: 'en' }, usages: ['Q64#D.en'] },
    { call: 'getDescriptionByLang(Q183, en)', run: async a => await a.getDescriptionByLang('Q183', 'en'), answer: 'federal republic in central Europe', usages: ['Q183#D.en'] },
    { call: 'getDescriptionByLang(Q404, de): missing, still tracked', run: async a => await a.getDescriptionByLang('Q404', 'de'), answer: null, usages: ['Q404#D.de'] },
    { call: 'getLabelByLang with an invalid language: nothing tracked', run: async a => await a.getLabelByLang('Q183', 'not a language'), answer: null, usages: [] },
    { call: 'getLabelByLang of a redirect', run: async a => await a.getLabelByLang('Q1000001', 'de'), answer: 'Deutschland', usages: ['Q1000001#O', 'Q183#L.de'] },
    { call: 'isValidEntityId(q42)', run: a => a.isValidEntityId('q42'), answer: true, usages: [] },
    { call: 'isValidEntityId( Q42): no spaces', run: a => a.isValidEntityId(' Q42'), answer: false, usages: [] },
    { call: 'isValidEntityId(Q0)', run: a => a.isValidEntityId('Q0'), answer: false, usages: [] },
    { call: 'getEntityUrl(Q64)', run: async a => await a.getEntityUrl('Q64'), answer: 'https://en.example.org/wiki/Special:EntityPage/Q64', usages: [] },
    { call: 'getEntityUrl(banana)', run: async a => await a.getEntityUrl('banana'), answer: null, usages: [] },
    { call: 'getGlobalSiteId()', run: a => a.getGlobalSiteId(), answer: 'enwiki', usages: [] },
    { call: 'entityExists(Q64)', run: async a => await a.entityExists('Q64'), answer: true, usages: ['Q64#O'] },
    { call: 'getReferencedEntityId(Q64, P17, [Q183])', run: async a => await a.getReferencedEntityId('Q64', 'P17', ['Q183']), answer: 'Q183', usages: [] },
    { call: 'getReferencedEntityId(Q64, P17, [Q42]): not reached', run: async a => await a.getReferencedEntityId('Q64', 'P17', ['Q42']), answer: null, usages: [] },
    { call: 'getReferencedEntityId with a non-property', run: async a => await a.getReferencedEntityId('Q64', 'Q17', ['Q183']), answer: null, usages: [] },
    { call: 'getPropertyOrder(): none configured', run: a => a.getPropertyOrder(), answer: null, usages: [] },
    { call: 'orderProperties without an order: as given', run: a => a.orderProperties(['P31', 'P17']), answer: ['P31', 'P17'], usages: [] },
    {
      call: 'renderSnaks of Q64\'s best P17 (plain): label of the referenced item',
      run: async a => await a.renderSnaks((await a.getBestStatements('Q64', 'P17')).map(s => s.mainsnak)),
      answer: 'Germany',
      usages: ['Q183#L.en', 'Q64#C.P17']
    },
    {
      call: 'formatValues (rich): label and T of the referenced item',
      run: async a => await a.formatValues({ P17: [(await a.getBestStatements('Q64', 'P17'))[0]!.mainsnak] }),
      answer: '[[Germany|Germany]]',
      usages: ['Q183#L.en', 'Q183#T', 'Q64#C.P17']
    }
  ]
  for (const { call, run, answer, usages } of calls) {
    t.test(call, async t => {
      const { context, access } = parse('Sandbox')
      t.strictSame(await run(access), answer)
      t.strictSame(recorded(context.output), usages)
    })
  }

  t.test('getReferencedEntityId: at most referencedEntityIdAccessLimit (3) calls per parse', async t => {
    const { context, access } = parse('Sandbox')
    for (let i = 0; i < 3; i++) t.equal(await access.getReferencedEntityId('Q64', 'P17', ['Q183']), 'Q183')
    await t.rejects(access.getReferencedEntityId('Q64', 'P17', ['Q183']), { name: 'ReferencedEntityIdLimitError' })
    t.equal(context.output.extensionData.get('wikibase-referenced-entity-id-limit'), 4)
  })
})
