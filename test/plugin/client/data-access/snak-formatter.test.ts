import t from 'tap'
import {
  escapeWikitext, formatDecimal, formatGlobeCoordinate, formatQuantityAmount, formatSnak, formatTime, formatUnit,
  joinValues, trimDecimal, uncertaintyMargin, type SnakFormat
} from '../../../../plugin/client/data-access/snak-formatter.js'
import { bestStatements, statementsOf } from '../../../../plugin/client/data-access/statement-transclusion.js'
import { parseEntityId, type EntityId } from '../../../../hooks/ids.js'
import { loadCanonicalEntity } from '../../../fixtures-support/wikidata-fixtures.js'

const GREGORIAN = 'http://www.wikidata.org/entity/Q1985727'

t.test('time by precision (MwTimeIsoFormatterTest, English)', async t => {
  const cases: Array<[string, number, string]> = [
    // day, month, year
    ['+2013-08-16T00:00:00Z', 11, '16 August 2013'],
    ['+00000002013-07-16T00:00:00Z', 11, '16 July 2013'],
    ['+00000000001-01-14T00:00:00Z', 11, '14 January 1 CE'],
    ['+00000010000-01-01T00:00:00Z', 11, '1 January 10000'],
    ['+00000002013-07-16T00:00:00Z', 10, 'July 2013'],
    ['+00000002013-07-16T00:00:00Z', 9, '2013'],
    ['+00000000013-07-16T00:00:00Z', 9, '13 CE'],
    ['+00002222013-07-16T00:10:00Z', 9, '2222013'],
    ['+12342222013-07-16T00:10:00Z', 9, '12342222013'],
    // decades round down, centuries and millennia up
    ['+1982-01-01T01:01:01Z', 8, '1980s'],
    ['+1988-01-01T01:01:01Z', 8, '1980s'],
    ['-1982-01-01T01:01:01Z', 8, '1980s BCE'],
    ['+1822-01-01T01:01:01Z', 7, '19. century'],
    ['-1888-01-01T01:01:01Z', 7, '19. century BCE'],
    ['+1222-01-01T01:01:01Z', 6, '2. millennium'],
    ['+1888-01-01T01:01:01Z', 6, '2. millennium'],
    ['-1222-01-01T01:01:01Z', 6, '2. millennium BCE'],
    ['+1600-01-01T01:01:01Z', 7, '16. century'],
    ['+2000-01-01T01:01:01Z', 6, '2. millennium'],
    // stepping through the coarse precisions
    ['+12345678912-01-01T01:01:01Z', 8, '12345678910s'],
    ['+12345678912-01-01T01:01:01Z', 7, '123456790. century'],
    ['+12345678112-01-01T01:01:01Z', 6, '12345679. millennium'],
    ['+12345671912-01-01T01:01:01Z', 5, '12345670000 years CE'],
    ['+12345678912-01-01T01:01:01Z', 5, '12345680000 years CE'],
    ['+12345618912-01-01T01:01:01Z', 4, '12345600000 years CE'],
    ['+12345678912-01-01T01:01:01Z', 4, '12345700000 years CE'],
    ['+12345178912-01-01T01:01:01Z', 3, '12345 million years CE'],
    ['+12345678912-01-01T01:01:01Z', 3, '12346 million years CE'],
    ['+12341678912-01-01T01:01:01Z', 2, '12340 million years CE'],
    ['+12345678912-01-01T01:01:01Z', 2, '12350 million years CE'],
    ['+12345678912-01-01T01:01:01Z', 1, '12300 million years CE'],
    ['+12375678912-01-01T01:01:01Z', 1, '12400 million years CE'],
    ['+12345678912-01-01T01:01:01Z', 0, '12 billion years CE'],
    ['+12545678912-01-01T01:01:01Z', 0, '13 billion years CE'],
    // negative dates
    ['-2013-08-16T00:00:00Z', 11, '16 August 2013 BCE'],
    ['-00000000001-01-14T00:00:00Z', 11, '14 January 1 BCE'],
    ['-00000010000-01-01T00:00:00Z', 11, '1 January 10000 BCE'],
    ['-00000002013-07-16T00:00:00Z', 10, 'July 2013 BCE'],
    ['-00000002013-07-16T00:00:00Z', 9, '2013 BCE'],
    ['-00000000013-07-16T00:00:00Z', 9, '13 BCE'],
    ['-12345678912-01-01T01:01:01Z', 7, '123456790. century BCE'],
    ['-12345678912-01-01T01:01:01Z', 4, '12345700000 years BCE'],
    ['-12345178912-01-01T01:01:01Z', 3, '12345 million years BCE'],
    ['-12545678912-01-01T01:01:01Z', 0, '13 billion years BCE'],
    // day, month or year zero
    ['+00000001995-00-00T00:00:00Z', 9, '1995'],
    ['+5-01-00T00:00:00Z', 10, 'January 5 CE'],
    ['+00000001996-01-00T00:00:00Z', 10, 'January 1996'],
    ['+0-01-01T00:00:42Z', 9, '0 CE'],
    ['+100-01-01T00:00:06Z', 6, '1. millennium'],
    ['-100-01-01T00:00:06Z', 6, '1. millennium BCE'],
    ['+10-01-01T00:00:07Z', 7, '1. century'],
    ['+2147483648-00-00T00:00:00Z', 9, '2147483648'],
    ['+9999999999999999-01-01T00:00:00Z', 5, '10000000000000000 years CE'],
    ['+9999999999999999-01-01T00:00:00Z', 7, '100000000000000. century'],
    ['+9999999999999999-01-01T00:00:00Z', 10, 'January 9999999999999999'],
    ['+9999999999999999-01-01T00:00:00Z', 11, '1 January 9999999999999999'],
    // too coarse a precision for the year: the year
    ['-1-00-00T00:00:00Z', 0, '1 BCE'],
    ['-1-00-00T00:00:00Z', 5, '1 BCE'],
    ['-1-00-00T00:00:00Z', 6, '1. millennium BCE'],
    ['-1-00-00T00:00:00Z', 7, '1. century BCE'],
    ['-1-00-00T00:00:00Z', 8, '1 BCE'],
    ['-00000000000-01-01T01:01:01Z', 0, '0 BCE'],
    ['+100000000-00-00T00:00:00Z', 0, '100000000'],
    ['+10000-01-01T00:00:04Z', 4, '10000'],
    ['+1-01-01T00:00:08Z', 8, '1 CE'],
    // what it does not format: the ISO timestamp
    ['+2015-01-01T01:00:00Z', 12, '+2015-01-01T01:00:00Z'],
    ['+2013-07-00T00:00:00Z', 11, '+2013-07-00T00:00:00Z'],
    ['+10000000000-00-00T00:00:00Z', 11, '+10000000000-00-00T00:00:00Z']
  ]
  for (const [time, precision, expected] of cases) {
    t.equal(formatTime({ time, precision, calendarmodel: GREGORIAN, timezone: 0, before: 0, after: 0 }, 'en'), expected, `${time} at precision ${precision}`)
  }
})

t.test('decimals: localised, every digit kept, no plus sign; trimmed as DecimalValue::getTrimmed', async t => {
  t.equal(formatDecimal('+1234567.50', 'en'), '1,234,567.50')
  t.equal(formatDecimal('+2829192039171', 'en'), '2,829,192,039,171')
  t.equal(formatDecimal('-3', 'de'), '-3')
  const trims: Array<[string, string]> = [['+10.0', '+10'], ['+0.0', '+0'], ['-0.00', '+0'], ['+0.30', '+0.3'], ['-1205', '-1205'], ['+007.5', '+7.5']]
  for (const [amount, trimmed] of trims) t.equal(trimDecimal(amount), trimmed, amount)
  t.equal(uncertaintyMargin({ amount: '+10.0', upperBound: '+10.1', lowerBound: '+9.9' }), '+0.1', 'exact decimal arithmetic')
  t.equal(uncertaintyMargin({ amount: '+1.0005', upperBound: '+1.0015', lowerBound: '+0.9995' }), '+0.0010')
  t.equal(uncertaintyMargin({ amount: '+2', upperBound: '+3.5', lowerBound: '+0.5' }), '+1.5', 'the larger side')
})

t.test('quantity amounts (QuantityFormatterTest, default options)', async t => {
  const cases: Array<[string, string | undefined, string | undefined, string]> = [
    ['+0', '+0', '+0', '0±0'],
    ['+0.0', '+0.1', '-0.1', '0±0.1'],
    ['-1205', '-1105', '-1305', '-1,205±100'],
    ['+3.025', '+3.02744', '+3.0211', '3.025±0.0039'],
    ['+24', '+24.01', '+23.99', '24±0.01'],
    ['+24', '+124', '-76', '24±100'],
    ['+1500', '+2500', '+500', '1,500±1,000'],
    ['+2', '+2.005', '+1.995', '2±0.005'],
    ['+1.0005', '+1.0015', '+0.9995', '1.0005±0.001'],
    ['+2', '+3.5', '+0.5', '2±1.5'],
    ['+0.2000000000000000111', '+0.2000000000000000111', '+0.2000000000000000111', '0.2000000000000000111±0'],
    ['+10', '+10', '+10', '10±0'],
    ['+1234', '+1239', '+1229', '1,234±5'],
    // unbounded: the amount as given
    ['+0.0', undefined, undefined, '0.0'],
    ['+5.021', undefined, undefined, '5.021'],
    ['+3469849', undefined, undefined, '3,469,849']
  ]
  for (const [amount, upperBound, lowerBound, expected] of cases) {
    const value = upperBound === undefined ? { amount, unit: '1' } : { amount, unit: '1', upperBound, lowerBound: lowerBound! }
    t.equal(formatQuantityAmount(value, 'en'), expected, `${amount} [${lowerBound ?? ''}, ${upperBound ?? ''}]`)
  }
})

t.test('units (VocabularyUriFormatter): label, else id; the URI when it names no entity; nothing when unitless', async t => {
  const asked: string[] = []
  const label = async (id: EntityId): Promise<string | null> => { asked.push(id); return id === 'Q11573' ? 'metre' : null }
  t.equal(await formatUnit('http://www.wikidata.org/entity/Q11573', label), 'metre')
  t.equal(await formatUnit('http://www.wikidata.org/entity/Q712226', label), 'Q712226', 'no label: the id')
  t.equal(await formatUnit('http://qudt.org/vocab/unit#Unitless', label), null)
  t.equal(await formatUnit('http://www.wikidata.org/entity/Q199', label), null, 'Q199 ("1") is unitless')
  t.equal(await formatUnit('1', label), null)
  t.equal(await formatUnit('http://example.org/units/furlong', label), 'http://example.org/units/furlong', 'no entity: the URI')
  t.strictSame(asked, ['Q11573', 'Q712226', 'Q199'], 'the label of every unit item is asked for, even the unitless Q199 (its usage is tracked)')
})

// Values of real Wikidata entities (test/fixtures/wikidata/entities), through the formatter
// with the labels a repo holding only the entities named here would give.
t.test('{{#property}} plain text of real statements: quantities, monolingual text, external ids, URLs, times', async t => {
  const labels: Record<string, string> = { Q11573: 'metre' }
  const render = async (entityFile: string, property: string, format: SnakFormat = 'plain'): Promise<{ text: string, labelsAsked: string[] }> => {
    const entity = loadCanonicalEntity(`entities/${entityFile}.json`, entityFile === 'Q1040' ? 'Q32063953' : entityFile)
    const labelsAsked: string[] = []
    const context = {
      language: 'en',
      label: async (id: EntityId) => { labelsAsked.push(id); return labels[id] ?? null },
      localTitle: async () => null
    }
    const values = []
    for (const statement of bestStatements(statementsOf(entity, parseEntityId(property)))) values.push(await formatSnak(statement.mainsnak, format, context))
    return { text: joinValues(values, format), labelsAsked }
  }
  const cases: Array<[string, string, string, string[], string]> = [
    ['Q1040', 'P2044', '115±1 metre, 118 metre', ['Q11573', 'Q11573'], 'quantity with a unit label (elevation of Karlsruhe)'],
    ['Q142', 'P2046', '643,801±1 Q712226', ['Q712226'], 'unit item without a label here: its id'],
    ['Q142', 'P1198', '10±1 Q11229, 10±0.1 Q11229', ['Q11229', 'Q11229'], '+10.0 is trimmed to 10'],
    ['Q142', 'P2884', '230±0 Q25250', ['Q25250'], 'bounds equal to the amount: ±0'],
    ['Q142', 'P2131', '2,829,192,039,171±0 Q4917', ['Q4917'], 'large amount, digit groups'],
    ['Q64', 'P1082', '3,469,849', [], 'preferred unbounded population, unit 1: no unit'],
    ['Q120248304', 'P6375', '21 av antoine de saint-exupery 62100 Calais', [], 'monolingual text: the text only'],
    ['Q53713', 'P2561', 'Palme i Vällingby', [], 'monolingual text with non-ASCII'],
    ['Q1299', 'P434', 'b10bbbfc-cf9e-42e0-be17-e2c3e1d2600d', [], 'external id: the preferred one'],
    ['Q84', 'P2003', 'ldn_gov', [], 'external id'],
    ['Q64', 'P856', 'http://www.berlin.de/', [], 'URL: not wikitext-escaped'],
    ['Q42', 'P856', 'https://douglasadams.com', [], 'URL'],
    ['Q145', 'P571', '12 April 1927', [], 'time, day precision'],
    ['Q183', 'P571', '18 January 1871', [], 'time with a zero-padded year'],
    ['Q220', 'P571', '13 April 753 BCE', [], 'Julian calendar, BCE; plain text shows no calendar'],
    ['Q1299', 'P571', '1960', [], 'time, year precision'],
    ['Q1', 'P580', '13798 million years BCE', [], 'time, precision 1 million years']
  ]
  for (const [entity, property, expected, labelsAsked, why] of cases) {
    t.strictSame(await render(entity, property), { text: expected, labelsAsked }, `${entity} ${property}: ${why}`)
  }
  t.strictSame(await render('Q64', 'P856', 'rich'), { text: '<span><span>http://www.berlin.de/</span></span>', labelsAsked: [] }, '#statements: the URL as it is too')
  t.strictSame(await render('Q84', 'P2003', 'rich'), { text: '<span><span>ldn_gov</span></span>', labelsAsked: [] })
})

t.test('coordinates', async t => {
  t.equal(formatGlobeCoordinate({ latitude: 54, longitude: -2, precision: 1 }), '54°N, 2°W')
  t.equal(formatGlobeCoordinate({ latitude: 52.516666666667, longitude: 13.383333333333, precision: 1 / 60 }), '52°31\'N, 13°23\'E')
})

t.test('escaping keeps values text', async t => {
  t.equal(escapeWikitext('euro'), 'euro')
  t.equal(escapeWikitext('[[x]] {{y}} | <b>'), '&#91;&#91;x&#93;&#93; &#123;&#123;y&#125;&#125; &#124; &#60;b&#62;')
  t.equal(escapeWikitext('*list'), '&#42;list')
  t.equal(escapeWikitext('https://example.org'), 'https&#58;//example.org')
})
