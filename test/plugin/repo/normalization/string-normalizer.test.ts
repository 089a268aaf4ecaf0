import t from 'tap'
import { cleanupToNfc, trimToNfc, trimWhitespace } from '../../../../plugin/repo/normalization/string-normalizer.js'

t.test('trimWhitespace, cleanupToNfc, trimToNfc (Wikibase StringNormalizer)', async t => {
  const cases: Array<[string, string, string, string]> = [
    // input, trimWhitespace, cleanupToNfc, trimToNfc
    ['Berlin', 'Berlin', 'Berlin', 'Berlin'],
    ['  Berlin ', 'Berlin', '  Berlin ', 'Berlin'],
    ['\u3000Berlin\u00a0', 'Berlin', '\u3000Berlin\u00a0', 'Berlin'],
    ['a\tb', 'a b', 'a\tb', 'a b'],
    ['a\r\n\tb', 'a b', 'a\r\n\tb', 'a b'],
    ['\n x \n', 'x', '\n x \n', 'x'],
    ['a\u0301', 'a\u0301', '\u00e1', '\u00e1'],
    [' a\u0301 ', 'a\u0301', ' \u00e1 ', '\u00e1'],
    ['a  b', 'a  b', 'a  b', 'a  b'],
    ['   ', '', '   ', '']
  ]
  for (const [input, trimmed, clean, both] of cases) {
    t.same([trimWhitespace(input), cleanupToNfc(input), trimToNfc(input)], [trimmed, clean, both], JSON.stringify(input))
  }
})
