import t from 'tap'
import { MAX_KEY_LENGTH, MAX_WORD_ROWS, prefixUpperBound, searchKey, termIndexRows, wordStarts } from '../../../../plugin/repo/entities/term-index-rows.js'
import type { WikibaseEntity } from '../../../../plugin/changes/wikibase-entity.js'

t.test('searchKey: NFC, lower case, whitespace collapsed', async t => {
  const cases: Array<[string, string]> = [
    ['Berlin', 'berlin'],
    ['  Freie   Universität\tBerlin ', 'freie universität berlin'],
    ['Universita\u0308t', 'universität'], // decomposed ä composes
    ['İstanbul', 'i̇stanbul'], // Unicode's default lower case, the same in every locale
    ['ΣΊΣΥΦΟΣ', 'σίσυφοσ'],
    ['Σίσυφος', 'σίσυφοσ'],
    ['', ''],
    [' \n ', '']
  ]
  for (const [input, expected] of cases) t.equal(searchKey(input), expected, JSON.stringify(input))
  t.equal(searchKey('🙂'.repeat(1000)), '🙂'.repeat(MAX_KEY_LENGTH), 'cut at MAX_KEY_LENGTH code points (a btree entry is bounded)')
})

t.test('wordStarts: each later letter or digit after a non-letter, bounded', async t => {
  const cases: Array<[string, number[]]> = [
    ['berlin', []],
    ['freie universität berlin', [6, 18]],
    ['berlin-mitte (ortsteil)', [7, 14]],
    ['1. fc union berlin', [3, 6, 12]],
    ['a b c d e f g h i j', [2, 4, 6, 8, 10, 12, 14].slice(0, MAX_WORD_ROWS)],
    ['-berlin', [1]],
    ['ḿünchen', []] // a combining mark is part of the word
  ]
  for (const [input, expected] of cases) t.same(wordStarts(input), expected, input)
})

t.test('prefixUpperBound: the next string after every string with the prefix', async t => {
  const cases: Array<[string, string | null]> = [
    ['berl', 'berm'],
    ['a\u{D7FF}', 'a\u{E000}'],
    ['x\u{10FFFF}', null],
    ['🙂', '🙃'],
    ['', null]
  ]
  for (const [input, expected] of cases) t.equal(prefixUpperBound(input), expected, JSON.stringify(input))
})

t.test('termIndexRows: labels and aliases with their word starts, descriptions shown only', async t => {
  const entity = {
    type: 'item',
    id: 'Q1',
    labels: { de: { language: 'de', value: 'Freie Universität Berlin' }, en: { language: 'en', value: '' } },
    aliases: { de: [{ language: 'de', value: 'FU Berlin' }, { language: 'de', value: 'fu berlin' }, { value: 5 }] },
    descriptions: { de: { language: 'de', value: 'Universität in Berlin' } }
  } as unknown as WikibaseEntity
  t.same(termIndexRows(entity), [
    { language: 'de', termType: 0, text: 'Freie Universität Berlin', wordPos: 0, key: 'freie universität berlin' },
    { language: 'de', termType: 0, text: 'Freie Universität Berlin', wordPos: 1, key: 'universität berlin' },
    { language: 'de', termType: 0, text: 'Freie Universität Berlin', wordPos: 2, key: 'berlin' },
    { language: 'de', termType: 1, text: 'FU Berlin', wordPos: 0, key: 'fu berlin' },
    { language: 'de', termType: 1, text: 'FU Berlin', wordPos: 1, key: 'berlin' },
    { language: 'de', termType: 2, text: 'Universität in Berlin', wordPos: 0, key: 'universität in berlin' }
  ])
  t.same(termIndexRows({ type: 'item', labels: [], aliases: 'x' } as unknown as WikibaseEntity), [], 'odd shapes give no rows')
})
