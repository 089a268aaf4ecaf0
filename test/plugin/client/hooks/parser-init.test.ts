import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startWiki } from '../../../support/farm.js'
import { freshDatabase } from '../../../support/test-database.js'
import { loadCanonicalEntity, WIKIDATA_FIXTURES } from '../../../fixtures-support/wikidata-fixtures.js'
import { saveSite } from '../../../../plugin/sites/site-store.js'
import { newSite } from '../../../../plugin/sites/site.js'
import type { SiteGlobalId } from '../../../../hooks/ids.js'
import type { WikibaseEntity } from '../../../../plugin/changes/wikibase-entity.js'
import { deleteEntity, recorded, storeEntity, storeRedirect, subscriptions, usageRows } from '../../../support/usage-test-wiki.js'
import { createTestHost, page } from '../../../support/test-host.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

const WIKITEXT = join(WIKIDATA_FIXTURES, '..', 'wikitext', 'enwiki-United_States-2015.wiki')
const usArticle = readFileSync(WIKITEXT, 'utf8')

/** Real Wikidata entities from test/fixtures (CC0). */
const REAL = ['Q64', 'Q183', 'Q145', 'Q1040', 'P17', 'P625', 'P18', 'P31', 'P6']

/**
 * P38 ("currency") is not among the fixtures. This stub is made by the test: only the
 * datatype and English label of the real property, enough for `{{#property:p38}}` to resolve.
 */
const P38_STUB: WikibaseEntity = { type: 'property', id: 'P38', datatype: 'wikibase-item', labels: { en: { language: 'en', value: 'currency' } }, descriptions: {}, aliases: {}, claims: {} }

/** Real entities whose statements show the value formats (quantity, monolingual text, external id, time). */
const REAL_FORMATS = ['Q142', 'Q220', 'Q1299', 'Q1', 'Q84', 'Q120248304', 'P6375', 'P434', 'P2003']

/**
 * More stubs made by the test, the same way: real properties and one real unit item that are
 * not among the fixtures, with their real datatype and English label only.
 */
const stub = (id: string, label: string, datatype?: string): WikibaseEntity => ({
  type: datatype === undefined ? 'item' : 'property', id, ...(datatype === undefined ? {} : { datatype }),
  labels: { en: { language: 'en', value: label } }, descriptions: {}, aliases: {}, claims: {}
} as WikibaseEntity)
const FORMAT_STUBS = [
  stub('P2044', 'elevation above sea level', 'quantity'), stub('P2046', 'area', 'quantity'),
  stub('P856', 'official website', 'url'), stub('P571', 'inception', 'time'), stub('P580', 'start time', 'time'),
  stub('Q11573', 'metre')
]

t.test('client parser functions, usages and subscriptions (repo and client in one database)', async t => {
  const url = await freshDatabase(t, 'usageparse')
  const repo = await startWiki(t, { siteId: 'repo', roles: ['repo'], database: url, schema: { data: 'repo', queue: 'repo_jobs' }, worker: { enabled: false } })
  const host = createTestHost()
  const client = await startWiki(t, {
    siteId: 'enwiki', roles: ['client'], database: url, schema: { data: 'enwiki', queue: 'enwiki_jobs' },
    repo: { siteId: 'repo', schema: { data: 'repo', queue: 'repo_jobs' } }, worker: { enabled: false }, host
  })
  host.attach(client)
  const repoDb = wikibaseInternals(repo).self
  const clientDb = wikibaseInternals(client).self
  for (const id of REAL) await storeEntity(repoDb, loadCanonicalEntity(`entities/${id}.json`, id === 'Q1040' ? 'Q32063953' : id))
  await storeEntity(repoDb, P38_STUB)
  for (const id of REAL_FORMATS) await storeEntity(repoDb, loadCanonicalEntity(`entities/${id}.json`, id))
  for (const entity of FORMAT_STUBS) await storeEntity(repoDb, entity)
  await storeRedirect(repoDb, 'Q32063953', 'Q1040') // the real redirect recorded in Q1040.json
  await storeRedirect(repoDb, 'Q77777777', 'Q88888888') // a redirect to nothing
  await storeEntity(repoDb, { type: 'item', id: 'Q99999', labels: { en: { language: 'en', value: 'gone' } }, claims: loadCanonicalEntity('entities/Q64.json', 'Q64').claims })
  await deleteEntity(repoDb, 'Q99999')
  for (const [id, language] of [['enwiki', 'en'], ['dewiki', 'de'], ['frwiki', 'fr']] as const) {
    await saveSite(clientDb, newSite({ globalId: id as SiteGlobalId, type: 'mediawiki', group: 'wikipedia', language, data: { paths: { page_path: `https://${language}.wikipedia.org/wiki/$1`, file_path: `https://${language}.wikipedia.org/w/$1` } } }))
  }
  await saveSite(clientDb, newSite({ globalId: 'dewiktionary' as SiteGlobalId, type: 'mediawiki', group: 'wiktionary', language: 'de', data: { paths: { page_path: 'https://de.wiktionary.org/wiki/$1' } } }))
  const sandbox = page(900, 'Sandbox')
  const parse = async (wikitext: string, p = sandbox): Promise<{ text: string, usages: string[] }> => {
    const { text, output } = await host.parse(p, wikitext)
    return { text, usages: recorded(output) }
  }

  t.test('#property by id and by label, from=, and what each records (§6.1)', async t => {
    t.strictSame(await parse('{{#property:P17|from=Q64}}'), { text: 'Germany', usages: ['Q183#L.en', 'Q64#C.P17'] })
    t.strictSame(await parse('{{#property:country|from=q64}}'), { text: 'Germany', usages: ['P17#L.en', 'Q183#L.en', 'Q64#C.P17'] }, 'by label: L.en on the property')
    t.strictSame(await parse('{{#property:p17|from=Q64}}', page(901, 'Seite', 'de')), { text: 'Deutschland', usages: ['Q183#L.de', 'Q64#C.P17'] }, 'de: label found in de, only de recorded')
    t.strictSame(await parse('{{#property:P17|from=Q64}}', page(902, 'Page', 'de-formal')), { text: 'Deutschland', usages: ['Q183#L.de', 'Q183#L.de-formal', 'Q64#C.P17'] }, 'fallback chain de-formal → de: both languages tried')
    // Escaped plain text (wfEscapeWikiText): ' and " become entities; the page shows 52°31'N, 13°23'E.
    t.strictSame(await parse('{{#property:P625|from=Q64}}'), { text: '52°31&#39;N, 13°23&#39;E', usages: ['Q64#C.P625'] })
    t.strictSame(await parse('{{#property:P625|from=Q1040}}'), { text: '49°0&#39;50&#34;N, 8°24&#39;15&#34;E, 49°0&#39;33.73&#34;N, 8°24&#39;15.98&#34;E', usages: ['Q1040#C.P625'] })
    t.strictSame(await parse('{{#property:P18|from=Q64}}'), { text: 'Cityscape Berlin.jpg', usages: ['Q64#C.P18'] }, 'preferred rank wins')
    t.strictSame(await parse('{{#property:P6|from=Q145}}'), { text: 'Q264766', usages: ['Q145#C.P6', 'Q264766#L.en'] }, 'referenced item not in the repo: its id, whole chain tracked')
  })

  t.test('#statements: rich wikitext, T on referenced items', async t => {
    t.strictSame(await parse('{{#statements:P17|from=Q64}}'), { text: '<span><span>[[Germany|Germany]]</span></span>', usages: ['Q183#L.en', 'Q183#T', 'Q64#C.P17'] })
    t.strictSame(await parse('{{#statements:P18|from=Q64}}'), { text: '<span><span>[[File:Cityscape Berlin.jpg|frameless]]</span></span>', usages: ['Q64#C.P18'] })
  })

  t.test('#property output of real statements: quantity with unit, monolingual text, external id, URL, time', async t => {
    const cases: Array<[string, string, string[], string]> = [
      ['{{#property:P2044|from=Q1040}}', '115±1 metre, 118 metre', ['Q1040#C.P2044', 'Q11573#L.en'], 'quantity: ±margin and the unit\'s label, which is tracked'],
      ['{{#property:elevation above sea level|from=Q1040}}', '115±1 metre, 118 metre', ['P2044#L.en', 'Q1040#C.P2044', 'Q11573#L.en'], 'the same by label'],
      ['{{#property:P2046|from=Q142}}', '643,801±1 Q712226', ['Q142#C.P2046', 'Q712226#L.en'], 'unit item not in the repo: its id, its label usage tracked'],
      ['{{#property:P6375|from=Q120248304}}', '21 av antoine de saint-exupery 62100 Calais', ['Q120248304#C.P6375'], 'monolingual text: the text'],
      ['{{#property:street address|from=Q120248304}}', '21 av antoine de saint-exupery 62100 Calais', ['P6375#L.en', 'Q120248304#C.P6375'], 'monolingual text, property by label'],
      ['{{#property:P434|from=Q1299}}', 'b10bbbfc-cf9e-42e0-be17-e2c3e1d2600d', ['Q1299#C.P434'], 'external id: the preferred statement'],
      ['{{#property:P2003|from=Q84}}', 'ldn_gov', ['Q84#C.P2003'], 'external id'],
      ['{{#property:P856|from=Q64}}', 'http://www.berlin.de/', ['Q64#C.P856'], 'URL: not escaped, unlike other strings'],
      ['{{#property:P571|from=Q145}}', '12 April 1927', ['Q145#C.P571'], 'time, day precision'],
      ['{{#property:P571|from=Q220}}', '13 April 753 BCE', ['Q220#C.P571'], 'time BCE (Julian), no calendar in plain text'],
      ['{{#property:P571|from=Q1299}}', '1960', ['Q1299#C.P571'], 'time, year precision'],
      ['{{#property:P580|from=Q1}}', '13798 million years BCE', ['Q1#C.P580'], 'time, million-year precision']
    ]
    for (const [wikitext, text, usages, why] of cases) t.strictSame(await parse(wikitext), { text, usages }, `${wikitext}: ${why}`)
  })

  t.test('bad input renders an error or nothing; a missing entity records C.P only', async t => {
    const error = /^<span class="error wikibase-error">Failed to render property .*<\/span>$/
    t.strictSame(await parse('{{#property:}}'), { text: '', usages: [] }, 'no id on an unconnected page: empty')
    const onBerlin = await parse('{{#property:}}', page(903, 'Berlin'))
    t.match(onBerlin.text, error, 'no id on a connected page: visible error')
    t.strictSame(onBerlin.usages, ['Q64#S'], 'only the connected page\'s own S')
    for (const [wikitext, why] of [
      ['{{#property:P17|from=banana}}', 'malformed id'],
      ['{{#property:P17|from=}}', 'empty from= on an unconnected page'],
      ['{{#property:no such label|from=Q99999}}', 'a missing entity and a property that does not resolve']
    ] as Array<[string, string]>) t.strictSame(await parse(wikitext), { text: '', usages: [] }, why)
    // StatementTransclusionInteractor::render: a missing entity still records C.P, so that
    // creating or undeleting it re-renders the page (issue 23 item 8).
    for (const [wikitext, usage, why] of [
      ['{{#property:P17|from=Q123456789}}', 'Q123456789#C.P17', 'unknown entity'],
      ['{{#property:P17|from=Q99999}}', 'Q99999#C.P17', 'deleted entity'],
      ['{{#property:country|from=Q99999}}', 'Q99999#C.P17', 'deleted entity, property by label'],
      ['{{#property:P17|from=Q77777777}}', 'Q77777777#C.P17', 'redirect to nothing']
    ] as Array<[string, string, string]>) {
      const result = await parse(wikitext)
      t.equal(result.text, '', `${why}: empty`)
      t.ok(result.usages.includes(usage), `${why}: ${usage}`)
    }
    for (const [wikitext, why] of [
      ['{{#property:no such label|from=Q64}}', 'unknown label'],
      ['{{#property:P123456|from=Q64}}', 'property id that does not exist'],
      ['{{#property:Q5|from=Q64}}', 'an item id is no property']
    ] as Array<[string, string]>) {
      const result = await parse(wikitext)
      t.match(result.text, error, why)
      t.strictSame(result.usages, [], `${why}: no usage`)
    }
    t.match((await parse('{{#property:<b>x</b>|from=Q64}}')).text, /&lt;b&gt;x&lt;\/b&gt;/, 'the error escapes the input')
  })

  t.test('a redirect is followed: usage on the target, O on the redirect (§5.2)', async t => {
    t.strictSame(await parse('{{#property:P17|from=Q32063953}}'), { text: 'Germany', usages: ['Q1040#C.P17', 'Q183#L.en', 'Q32063953#O'] })
  })

  t.test('a connected page: S, wikibase_item, language links of its site group (§5.7)', async t => {
    const { text, output } = await host.parse(page(904, 'Berlin'), '{{#property:P17}} {{#property:P17|from=Q183}}')
    t.equal(text, 'Germany ')
    t.strictSame(recorded(output), ['Q183#C.P17', 'Q183#L.en', 'Q64#C.P17', 'Q64#S'])
    t.equal(output.pageProps.get('wikibase_item'), 'Q64')
    t.strictSame(output.languageLinks.map(l => `${l.siteId}|${l.language}|${l.url}`), [
      'dewiki|de|https://de.wikipedia.org/wiki/Berlin',
      'frwiki|fr|https://fr.wikipedia.org/wiki/Berlin'
    ], 'only known sites of the same group; not the page\'s own wiki')
    const plain = await host.parse(page(905, 'Not linked anywhere'), 'text')
    t.strictSame(recorded(plain.output), [])
    t.strictSame([...plain.output.pageProps], [['unexpectedUnconnectedPage', '0']], 'unconnected: marked for Special:UnconnectedPages (-namespace)')
  })

  t.test('short descriptions, noexternallanglinks, wbreponame and the unconnected-page props (issue 17 items 1, 4, 5)', async t => {
    const berlin = await host.parse(page(906, 'Berlin'), '{{SHORTDESC: German <i>capital</i> }}{{shortdesc:ignored|noreplace}}{{noexternallanglinks:de}}From {{wbreponame}}.')
    t.equal(berlin.text, 'From Wikidata.', 'the functions render nothing; wbreponame the default repo name')
    t.strictSame(Object.fromEntries(berlin.output.pageProps), {
      'wikibase-shortdesc': 'German capital', noexternallanglinks: 'a:1:{i:0;s:2:"de";}', wikibase_item: 'Q64'
    }, 'connected: no unexpectedUnconnectedPage')
    t.strictSame(berlin.output.languageLinks.map(l => l.siteId), ['frwiki'], 'the German link suppressed')
    const all = await host.parse(page(907, 'Berlin'), '{{noexternallanglinks:*}}')
    t.strictSame(all.output.languageLinks, [], '*: no language links')
    const expected = await host.parse(page(908, 'List of things'), 'A list. __EXPECTED_UNCONNECTED_PAGE__')
    t.equal(expected.text, 'A list. ', 'the switch is removed from the text')
    t.strictSame([...expected.output.pageProps], [['expectedUnconnectedPage', '']], 'expected: not marked unexpected')
    const template = await host.parse({ ...page(909, 'Box'), namespace: 10, title: 'Box' }, '{{noexternallanglinks:*}}text')
    t.strictSame([...template.output.pageProps], [], 'not a main-namespace page: neither prop')
  })

  t.test('acceptance: the United States infobox line {{#property:p38}} (fixtures wikitext)', async t => {
    const line = usArticle.split('\n').find(l => l.includes('{{#property:p38}}'))!
    t.equal(line, '|currency = [[{{#property:p38}}]] ($)')
    // The real article: Q30 (United States) is not among the fixtures, so in this repo the page
    // is not connected — Wikibase renders '' and records nothing.
    const us = await host.parse(page(910, 'United States'), usArticle)
    t.ok(us.text.includes('|currency = [[]] ($)'))
    t.strictSame(recorded(us.output), [])
    // The same line on a page connected to a real item that has P38: Q145 (United Kingdom).
    const uk = page(911, 'United Kingdom')
    const parsed = await host.save(uk, `${line}\n[[Category:Countries]]`)
    t.equal(parsed.text.split('\n')[0], '|currency = [[Q25224]] ($)', 'pound sterling (Q25224) has no label in this repo: its id')
    t.strictSame(recorded(parsed.output), ['Q145#C.P38', 'Q145#S', 'Q25224#L.en'])
    t.strictSame(await usageRows(clientDb), ['911:Q145#C.P38', '911:Q145#S', '911:Q25224#L.en'])
    t.strictSame(await subscriptions(repoDb), ['enwiki@Q145', 'enwiki@Q25224'])
  })

  t.test('acceptance: an edit that stops using an entity unsubscribes when no other page uses it', async t => {
    const uk = page(911, 'United Kingdom')
    const other = page(912, 'Pound sterling')
    await host.save(other, '{{#property:P6|from=Q145}}') // uses Q145 (C.P6) and Q264766 (L.en)
    await host.save(uk, 'The United Kingdom, without its infobox.')
    t.strictSame(await usageRows(clientDb), ['911:Q145#S', '912:Q145#C.P6', '912:Q264766#L.en'])
    t.strictSame(await subscriptions(repoDb), ['enwiki@Q145', 'enwiki@Q264766'], 'Q25224 unsubscribed; Q145 still used')
    await host.delete(other)
    t.strictSame(await usageRows(clientDb), ['911:Q145#S'])
    t.strictSame(await subscriptions(repoDb), ['enwiki@Q145'], 'page deletion prunes and unsubscribes')
    await host.save(uk, '{{#property:p38}}')
    t.strictSame(await subscriptions(repoDb), ['enwiki@Q145', 'enwiki@Q25224'], 'using it again subscribes again')
  })

  t.test('the usage:recorded hook sees the usages before they are stored', async t => {
    const seen: Array<{ pageId: number, usages: string[] }> = []
    client.wikibase.hooks.hook('usage:recorded', event => { seen.push(event) })
    await host.save(page(913, 'Hooked'), '{{#property:P17|from=Q64}}')
    t.strictSame(seen, [{ pageId: 913, usages: ['Q183#L.en', 'Q64#C.P17'] }])
  })

  t.test('entity access limit: the 3rd distinct entity of a page fails visibly (limit 2)', async t => {
    const limitedHost = createTestHost()
    const limited = await startWiki(t, {
      siteId: 'limitwiki', roles: ['client'], database: url, schema: { data: 'limitwiki', queue: 'limitwiki_jobs' },
      repo: { siteId: 'repo', schema: { data: 'repo', queue: 'repo_jobs' } }, worker: { enabled: false }, host: limitedHost,
      client: { entityAccessLimit: 2 }
    })
    limitedHost.attach(limited)
    const { text, output } = await limitedHost.parse(sandbox, '{{#property:P17|from=Q64}};{{#property:P31|from=Q64}};{{#property:P17|from=Q1040}};{{#property:P17|from=Q183}}')
    const [a, b, c, d] = text.split(';')
    t.equal(a, 'Germany')
    t.equal(c, 'Germany', 'Q64 again and Q1040: two entities')
    t.match(d, /Too many entities accessed on this page \(limit: 2\)/)
    t.ok(b !== undefined)
    t.notOk(recorded(output).some(u => u.startsWith('Q183#C')), 'no usage for the refused access')
  })

  t.test('the per-parse cache: the same entity is read from the repo once per parse', async t => {
    const { output } = await host.parse(sandbox, '{{#property:P17|from=Q64}} {{#property:P31|from=Q64}} {{#property:P625|from=Q64}}')
    t.ok(recorded(output).includes('Q64#C.P625'))
    const session = wikibaseInternals(client).client!.session({ page: sandbox, contentLanguage: 'en', output })
    t.equal(session.lookup.accessCount, 1, 'one full entity access (Q64)')
    t.equal(session.lookup.loads.filter(key => key === 'entity:Q64').length, 1, 'Q64 read from the repo once')
    t.equal(new Set(session.lookup.loads).size, session.lookup.loads.length, 'nothing read twice')
  })
})
