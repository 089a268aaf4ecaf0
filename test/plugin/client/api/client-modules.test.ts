import t from 'tap'
import { startActionApiApp } from '../../../support/action-api-app.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'
import { groupUsages, parseUsageContinue } from '../../../../plugin/client/api/entity-usage-modules.js'
import { repoUrlInfo } from '../../../../plugin/client/api/client-info.js'
import { pageTermsOf, type TermType } from '../../../../plugin/client/api/page-terms.js'

/**
 * The client's query modules on a client-only wiki (enwiki): meta=wikibase, prop=wbentityusage,
 * list=wblistentityusage, prop=description — shapes of Wikibase's ApiClientInfoTest,
 * ApiPropsEntityUsageTest and ApiListEntityUsageTest (their rows: Vienna uses Q3 S and O,
 * Berlin Q4 S and Q5 S).
 */

t.test('repoUrlInfo: the repo site row\'s paths as base, scriptpath, articlepath (ApiClientInfo\'s repoUrl settings)', async t => {
  const cases: Array<[string | null, string | null, ReturnType<typeof repoUrlInfo>]> = [
    ['https://www.wikidata.org/wiki/$1', 'https://www.wikidata.org/w/$1', { base: 'https://www.wikidata.org', scriptpath: '/w', articlepath: '/wiki/$1' }],
    ['//repo.example/wiki/$1', '//repo.example/$1', { base: '//repo.example', scriptpath: '', articlepath: '/wiki/$1' }],
    ['http://127.0.0.1:8080/repowiki/wiki/$1', null, { base: 'http://127.0.0.1:8080', scriptpath: '', articlepath: '/repowiki/wiki/$1' }],
    [null, null, { base: '', scriptpath: '', articlepath: '' }]
  ]
  for (const [page, file, expected] of cases) t.strictSame(repoUrlInfo(page, file), expected, `${page} ${file}`)
})

t.test('groupUsages: entries per page, aspects in row order, wbeucontinue of the first row left', async t => {
  const rows = [
    { pageId: 11, entityId: 'Q3', aspect: 'O' }, { pageId: 11, entityId: 'Q3', aspect: 'S' },
    { pageId: 22, entityId: 'Q4', aspect: 'S' }, { pageId: 22, entityId: 'Q5', aspect: 'S' }
  ]
  t.strictSame(groupUsages(rows, 10), { pages: [[11, { Q3: { aspects: ['O', 'S'] } }], [22, { Q4: { aspects: ['S'] }, Q5: { aspects: ['S'] } }]] })
  t.strictSame(groupUsages(rows.slice(0, 3), 2, new Map([['Q3', 'https://r/wiki/Special:EntityPage/Q3']])), {
    pages: [[11, { Q3: { aspects: ['O', 'S'], url: 'https://r/wiki/Special:EntityPage/Q3' } }]], continueFrom: '22|Q4|S'
  })
  t.strictSame(parseUsageContinue('11|Q3|C.P31'), { pageId: 11, entityId: 'Q3', aspect: 'C.P31' })
  for (const bad of ['11|Q3', 'x|Q3|S', '', '99999999999|Q|S']) t.throws(() => parseUsageContinue(bad), { code: 'badcontinue' }, bad)
})

t.test('a client-only wiki answers meta=wikibase, prop=wbentityusage, list=wblistentityusage over its wbc_entity_usage', async t => {
  const { app, host, get } = await startActionApiApp(t, 'clientmodules', {
    siteId: 'enwiki', roles: ['client'], schema: { data: 'enwiki', queue: 'enwiki_jobs' },
    repo: { siteId: 'repowiki', pagePath: 'https://repo.example/wiki/$1', filePath: 'https://repo.example/w/$1' }
  })
  const vienna = await host.addPage('Vienna')
  const berlin = await host.addPage('Berlin')
  const { self } = wikibaseInternals(app)
  await self.pool.query(`INSERT INTO enwiki.wbc_entity_usage (eu_page_id, eu_entity_id, eu_aspect) VALUES
    ($1, 'Q3', 'S'), ($1, 'Q3', 'O'), ($2, 'Q4', 'S'), ($2, 'Q5', 'S')`, [vienna, berlin])

  const info = await get({ action: 'query', meta: 'wikibase' })
  t.strictSame(info, { batchcomplete: '', query: { wikibase: { repo: { url: { base: 'https://repo.example', scriptpath: '/w', articlepath: '/wiki/$1' } }, siteid: 'enwiki' } } })
  t.strictSame((await get({ action: 'query', meta: 'wikibase', wbprop: 'siteid', formatversion: '2' })).query, { wikibase: { siteid: 'enwiki' } })

  const byTitle = await get({ action: 'query', prop: 'wbentityusage', titles: 'Vienna|Berlin' })
  t.strictSame(byTitle.query.pages, {
    [vienna]: { pageid: vienna, ns: 0, title: 'Vienna', wbentityusage: { Q3: { aspects: ['O', 'S'] } } },
    [berlin]: { pageid: berlin, ns: 0, title: 'Berlin', wbentityusage: { Q4: { aspects: ['S'] }, Q5: { aspects: ['S'] } } }
  })
  const v2 = await get({ action: 'query', prop: 'wbentityusage', pageids: `${vienna}`, wbeuprop: 'url', formatversion: '2' })
  t.strictSame(v2.query.pages, [{
    pageid: vienna, ns: 0, title: 'Vienna',
    wbentityusage: { Q3: { aspects: ['O', 'S'], url: 'https://repo.example/wiki/Special:EntityPage/Q3' } }
  }], 'pageids work on a client-only wiki; format 2 keeps the entries by id')
  const cut = await get({ action: 'query', prop: 'wbentityusage', titles: 'Vienna|Berlin', wbeulimit: '3' })
  t.strictSame(cut.continue, { wbeucontinue: `${berlin}|Q5|S`, continue: '||' }, 'a prop cut short holds the batch back')
  t.notOk('batchcomplete' in cut)
  const rest = await get({ action: 'query', prop: 'wbentityusage', titles: 'Vienna|Berlin', wbeucontinue: cut.continue.wbeucontinue })
  t.strictSame(rest.query.pages[berlin].wbentityusage, { Q5: { aspects: ['S'] } })
  const aspect = await get({ action: 'query', prop: 'wbentityusage', titles: 'Vienna', wbeuaspect: 'O' })
  t.strictSame(aspect.query.pages[vienna].wbentityusage, { Q3: { aspects: ['O'] } })

  const list = await get({ action: 'query', list: 'wblistentityusage', wbeuentities: 'Q3|Q5' })
  t.strictSame(list, {
    batchcomplete: '',
    query: {
      pages: {
        [vienna]: { ns: 0, title: 'Vienna', pageid: vienna, wblistentityusage: { Q3: { aspects: ['O', 'S'] } } },
        [berlin]: { ns: 0, title: 'Berlin', pageid: berlin, wblistentityusage: { Q5: { aspects: ['S'] } } }
      }
    }
  })
  const continued = await get({ action: 'query', list: 'wblistentityusage', wbeuentities: 'Q3|Q5', wbeucontinue: `${vienna}|Q3|S` })
  t.strictSame(continued.query.pages[vienna].wblistentityusage, { Q3: { aspects: ['S'] } }, "Wikibase's 'continue' case")
  const page = await get({ action: 'query', list: 'wblistentityusage', wbeuentities: 'Q3|Q4|Q5', wbeulimit: '2' })
  t.strictSame(page.query.pages, { [vienna]: { ns: 0, title: 'Vienna', pageid: vienna, wblistentityusage: { Q3: { aspects: ['O', 'S'] } } } })
  t.strictSame(page.continue, { wbeucontinue: `${berlin}|Q4|S`, continue: '-||' })
  const missing = await get({ action: 'query', list: 'wblistentityusage' })
  t.equal(missing.error.code, 'missingparam')
  const bad = await get({ action: 'query', list: 'wblistentityusage', wbeuentities: 'Q3', wbeucontinue: 'nope' })
  t.equal(bad.error.code, 'badcontinue')

  const described = await get({ action: 'query', prop: 'description', titles: 'Vienna' })
  t.strictSame(described.query.pages, { [vienna]: { pageid: vienna, ns: 0, title: 'Vienna' } }, 'no description without page props (the test host has none)')
})

t.test('pageTermsOf: the asked term types in one language, each a list, types without text left out (PageTerms)', async t => {
  const entity = {
    labels: { en: { language: 'en', value: 'Berlin' } },
    descriptions: { de: { language: 'de', value: 'Hauptstadt' } },
    aliases: { en: [{ language: 'en', value: 'BER' }, { language: 'en', value: 'Berlin, Germany' }] }
  }
  const cases: Array<[readonly TermType[], string, object]> = [
    [['label', 'description', 'alias'], 'en', { label: ['Berlin'], alias: ['BER', 'Berlin, Germany'] }],
    [['description'], 'de', { description: ['Hauptstadt'] }],
    [['label'], 'fr', {}]
  ]
  for (const [types, language, expected] of cases) t.strictSame(pageTermsOf(entity, types, language), expected, `${types.join('|')} ${language}`)
  t.strictSame(pageTermsOf({ labels: [], descriptions: [], aliases: [] }, ['label', 'alias'], 'en'), {}, 'empty term lists as PHP serializes them')
})
