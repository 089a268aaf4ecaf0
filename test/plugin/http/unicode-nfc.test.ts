import t from 'tap'
import { nfc, normalizeToNfc } from '../../../plugin/http/unicode-nfc.js'

t.test('nfc: strings in Unicode NFC, as MediaWiki normalises input', async t => {
  const cases: Array<[string, string, string]> = [
    ['a + combining acute', 'a\u0301', 'á'],
    ['already composed', 'á', 'á'],
    ['ASCII untouched', 'Berlin', 'Berlin'],
    ['Hangul jamo compose', '\u1100\u1161', '\uac00'],
    ['singleton: Ohm sign becomes Omega', '\u2126', '\u03a9'],
    ['compatibility characters stay (NFC, not NFKC)', 'ﬁ', 'ﬁ'],
    ['empty', '', '']
  ]
  for (const [name, input, expected] of cases) t.equal(nfc(input), expected, name)
})

t.test('normalizeToNfc: values and keys, in place, at any depth', async t => {
  const cases: Array<[string, unknown, unknown]> = [
    ['a top-level string', 'a\u0301', 'á'],
    ['object values', { label: 'Cafe\u0301', bot: true, n: 1 }, { label: 'Café', bot: true, n: 1 }],
    ['object keys', { labels: { é: 'x' } }, { labels: { é: 'x' } }],
    ['arrays', { aliases: { en: ['a\u0301', 'b'] } }, { aliases: { en: ['á', 'b'] } }],
    ['keys that become equal: the last wins, as JSON parsers keep the last duplicate', { é: 1, é: 2 }, { é: 2 }],
    ['null and numbers untouched', [null, 1, false], [null, 1, false]]
  ]
  for (const [name, input, expected] of cases) {
    const result = normalizeToNfc(input)
    t.same(result, expected, name)
    if (typeof input === 'object' && input !== null) t.equal(result, input, `${name}: the same object`)
  }
  const ordered = normalizeToNfc({ z: 1, á: 2, b: 3 })
  t.same(Object.keys(ordered), ['z', 'á', 'b'], 'key order is kept when a key changes')
})
