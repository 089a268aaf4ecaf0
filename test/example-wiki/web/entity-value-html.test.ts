import t from 'tap'
import { entityIdsOfSnak, snakValueHtml, type Snak } from '../../../example-wiki/web/entity-value-html.js'

const labels: Record<string, string> = { Q183: 'Germany', P17: 'country', Q11573: 'metre', Q1: 'a <b> "label"' }
const context = { language: 'en', labelOf: (id: string) => labels[id] }
const value = (datatype: string, type: string, v: unknown): Snak => ({ snaktype: 'value', property: 'P1', datatype, datavalue: { type, value: v } })

t.test('values as the repo shows them, escaped', async t => {
  const cases: Array<[string, Snak, string]> = [
    ['item by label', value('wikibase-item', 'wikibase-entityid', { 'entity-type': 'item', 'numeric-id': 183, id: 'Q183' }), '<a href="/wiki/Item:Q183" title="Q183">Germany</a>'],
    ['item without id field', value('wikibase-item', 'wikibase-entityid', { 'entity-type': 'item', 'numeric-id': 183 }), '<a href="/wiki/Item:Q183" title="Q183">Germany</a>'],
    ['item without label', value('wikibase-item', 'wikibase-entityid', { id: 'Q5' }), '<a href="/wiki/Item:Q5" title="Q5" class="no-label">Q5</a>'],
    ['label escaped', value('wikibase-item', 'wikibase-entityid', { id: 'Q1' }), '<a href="/wiki/Item:Q1" title="Q1">a &lt;b&gt; &quot;label&quot;</a>'],
    ['property', value('wikibase-property', 'wikibase-entityid', { id: 'P17' }), '<a href="/wiki/Property:P17" title="P17">country</a>'],
    ['string escaped', value('string', 'string', '<i>x</i>'), '&lt;i&gt;x&lt;/i&gt;'],
    ['external id', value('external-id', 'string', '123&4'), '123&amp;4'],
    ['url', value('url', 'string', 'https://example.org/a?b=1&c="2"'), '<a class="external" rel="nofollow" href="https://example.org/a?b=1&amp;c=&quot;2&quot;">https://example.org/a?b=1&amp;c=&quot;2&quot;</a>'],
    ['javascript url is text', value('url', 'string', 'javascript:alert(1)'), 'javascript:alert(1)'],
    ['commons file', value('commonsMedia', 'string', 'Berlin Skyline.jpg'), '<a class="extiw" href="https://commons.wikimedia.org/wiki/File:Berlin_Skyline.jpg">Berlin Skyline.jpg</a>'],
    ['monolingual text', value('monolingualtext', 'monolingualtext', { text: 'Berlin <3', language: 'de' }), '<span lang="de">Berlin &lt;3</span> <span class="wb-monolingualtext-language-name">(Deutsch)</span>'],
    ['time, day', value('time', 'time', { time: '+1990-10-03T00:00:00Z', precision: 11, calendarmodel: 'http://www.wikidata.org/entity/Q1985727' }), '3 October 1990'],
    ['time, year', value('time', 'time', { time: '+1237-00-00T00:00:00Z', precision: 9 }), '1237'],
    ['time, century', value('time', 'time', { time: '+1801-00-00T00:00:00Z', precision: 7 }), '19. century'],
    ['time, Julian', value('time', 'time', { time: '+1237-01-28T00:00:00Z', precision: 11, calendarmodel: 'http://www.wikidata.org/entity/Q1985786' }), '28 January 1237<sup class="wb-calendar-name">Julian</sup>'],
    ['quantity with unit', value('quantity', 'quantity', { amount: '+34', unit: 'http://www.wikidata.org/entity/Q11573' }), '34 <a href="/wiki/Item:Q11573" title="Q11573">metre</a>'],
    ['quantity with bounds', value('quantity', 'quantity', { amount: '+3644826', unit: '1', upperBound: '+3644827', lowerBound: '+3644825' }), '3,644,826±1'],
    ['quantity, unit Q199 is none', value('quantity', 'quantity', { amount: '+5', unit: 'http://www.wikidata.org/entity/Q199' }), '5'],
    ['coordinates', value('globe-coordinate', 'globecoordinate', { latitude: 52.516666666667, longitude: 13.383333333333, precision: 0.016666666666667 }), '52°31&#39;N, 13°23&#39;E'],
    ['bad coordinates', value('globe-coordinate', 'globecoordinate', { latitude: 'x', longitude: 1 }), '{&quot;latitude&quot;:&quot;x&quot;,&quot;longitude&quot;:1}'],
    ['unknown type', value('math', 'weird', { a: '<b>' }), '<code>{&quot;a&quot;:&quot;&lt;b&gt;&quot;}</code>'],
    ['no value', { snaktype: 'novalue', property: 'P1' }, '<span class="wikibase-snakview-variation-novaluesnak">no value</span>'],
    ['unknown value', { snaktype: 'somevalue', property: 'P1' }, '<span class="wikibase-snakview-variation-somevaluesnak">unknown value</span>']
  ]
  for (const [name, snak, expected] of cases) t.equal(snakValueHtml(snak, context), expected, name)
})

t.test('the entity ids a value shows', async t => {
  t.same(entityIdsOfSnak(value('wikibase-item', 'wikibase-entityid', { id: 'Q5' })), ['Q5'])
  t.same(entityIdsOfSnak(value('quantity', 'quantity', { amount: '+1', unit: 'http://www.wikidata.org/entity/Q11573' })), ['Q11573'])
  t.same(entityIdsOfSnak(value('quantity', 'quantity', { amount: '+1', unit: '1' })), [])
  t.same(entityIdsOfSnak(value('string', 'string', 'Q5')), [])
})
