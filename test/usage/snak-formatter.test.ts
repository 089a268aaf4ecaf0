import t from 'tap'
import { escapeWikitext, formatDecimal, formatGlobeCoordinate, formatQuantityAmount, formatTime } from '../../plugin/client/snak-formatter.js'

t.test('time by precision (English)', async t => {
  const cases: Array<[string, number, string]> = [
    ['+2002-01-02T00:00:00Z', 11, '2 January 2002'],
    ['+2002-03-00T00:00:00Z', 10, 'March 2002'],
    ['+2002-00-00T00:00:00Z', 9, '2002'],
    ['+2002-00-00T00:00:00Z', 8, '2000s'],
    ['+2002-00-00T00:00:00Z', 7, '21st century'],
    ['+1901-00-00T00:00:00Z', 7, '20th century'],
    ['+2002-00-00T00:00:00Z', 6, '3rd millennium'],
    ['-0500-00-00T00:00:00Z', 9, '500 BCE']
  ]
  for (const [time, precision, expected] of cases) t.equal(formatTime({ time, precision }, 'en'), expected, `${time}/${precision}`)
})

t.test('quantities and coordinates', async t => {
  t.equal(formatDecimal('+1234567.50', 'en'), '1,234,567.50')
  t.equal(formatDecimal('-3', 'de'), '-3')
  t.equal(formatQuantityAmount({ amount: '+1234', unit: '1', upperBound: '+1239', lowerBound: '+1229' }, 'en'), '1,234±5')
  t.equal(formatQuantityAmount({ amount: '+10', unit: '1', upperBound: '+10', lowerBound: '+10' }, 'en'), '10')
  t.equal(formatGlobeCoordinate({ latitude: 54, longitude: -2, precision: 1 }), '54°N, 2°W')
  t.equal(formatGlobeCoordinate({ latitude: 52.516666666667, longitude: 13.383333333333, precision: 1 / 60 }), '52°31\'N, 13°23\'E')
})

t.test('escaping keeps values text', async t => {
  t.equal(escapeWikitext('euro'), 'euro')
  t.equal(escapeWikitext('[[x]] {{y}} | <b>'), '&#91;&#91;x&#93;&#93; &#123;&#123;y&#125;&#125; &#124; &#60;b&#62;')
  t.equal(escapeWikitext('*list'), '&#42;list')
  t.equal(escapeWikitext('https://example.org'), 'https&#58;//example.org')
})
