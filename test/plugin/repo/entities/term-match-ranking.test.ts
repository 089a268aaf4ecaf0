import t from 'tap'
import { compareCodePoints, rankMatches, type MatchList, type TermMatch } from '../../../../plugin/repo/entities/term-match-ranking.js'

const m = (entityId: string, key: string, termType = 0, language = 'de'): TermMatch =>
  ({ entityId, numericId: Number(entityId.slice(1)), termType, language, text: key, key })
const list = (languageRank: number, rows: TermMatch[], options: { words?: boolean, truncated?: boolean } = {}): MatchList =>
  ({ languageRank, termType: rows[0]?.termType ?? 0, words: options.words ?? false, rows, truncated: options.truncated ?? false })
const ids = (query: string, lists: MatchList[], wanted = 10): string[] => rankMatches(query, lists, wanted).matches.map(x => `${x.entityId}:${x.kind}`)

t.test('rank: exact, then prefix, then word; language; label before alias; key; number', async t => {
  const cases: Array<{ name: string, query: string, lists: MatchList[], expected: string[] }> = [
    { name: 'exact before prefix', query: 'berlin', lists: [list(0, [m('Q2', 'berlin'), m('Q1', 'berliner')])], expected: ['Q2:exact', 'Q1:prefix'] },
    {
      name: 'exact in a fallback language before prefix in the requested one',
      query: 'berlin',
      lists: [list(0, [m('Q1', 'berlinale')]), list(1, [m('Q2', 'berlin', 0, 'en')])],
      expected: ['Q2:exact', 'Q1:prefix']
    },
    {
      name: 'requested language before fallback at the same kind',
      query: 'ber',
      lists: [list(1, [m('Q1', 'bera', 0, 'en')]), list(0, [m('Q2', 'berz')])],
      expected: ['Q2:prefix', 'Q1:prefix']
    },
    {
      name: 'label before alias at the same kind, whatever the key',
      query: 'ber',
      lists: [list(0, [m('Q1', 'bera', 1)]), list(0, [m('Q2', 'berz', 0)])],
      expected: ['Q2:prefix', 'Q1:prefix']
    },
    { name: 'shorter key first, then number', query: 'b', lists: [list(0, [m('Q9', 'ba'), m('Q3', 'bab'), m('Q2', 'ba')])], expected: ['Q2:prefix', 'Q9:prefix', 'Q3:prefix'] },
    {
      name: 'word starts after whole-term matches',
      query: 'berlin',
      lists: [list(0, [m('Q5', 'berlin')], { words: true }), list(0, [m('Q7', 'berlingen')])],
      expected: ['Q7:prefix', 'Q5:word']
    },
    {
      name: 'one result per entity, at its best match',
      query: 'berlin',
      lists: [list(0, [m('Q1', 'berlin', 1)]), list(0, [m('Q1', 'berlin-mitte', 0), m('Q2', 'berlin-ost')]), list(1, [m('Q1', 'berlin', 0, 'en')])],
      expected: ['Q1:exact', 'Q2:prefix']
    }
  ]
  for (const c of cases) t.same(ids(c.query, c.lists), c.expected, c.name)
  const best = rankMatches('berlin', cases[6]!.lists, 10).matches[0]!
  t.same([best.language, best.termType], ['de', 1], 'the exact alias in the requested language beats the exact label in a fallback')
})

t.test('complete: whether a cut list could still hide a result that ranks before the last one chosen', async t => {
  const cases: Array<{ name: string, lists: MatchList[], wanted: number, complete: boolean }> = [
    { name: 'nothing cut', lists: [list(0, [m('Q1', 'ba')])], wanted: 5, complete: true },
    { name: 'cut, too few distinct entities', lists: [list(0, [m('Q1', 'ba'), m('Q1', 'bb')], { words: true, truncated: true })], wanted: 2, complete: false },
    {
      name: 'cut language after the chosen ones: its rest ranks later',
      lists: [list(0, [m('Q1', 'ba'), m('Q2', 'bb')]), list(1, [m('Q3', 'ba', 0, 'en')], { truncated: true })],
      wanted: 2,
      complete: true
    },
    {
      name: 'cut alias list: its rest ranks after the chosen labels',
      lists: [list(0, [m('Q1', 'ba'), m('Q2', 'bb')]), list(0, [m('Q3', 'aa', 1)], { truncated: true })],
      wanted: 2,
      complete: true
    },
    {
      name: 'cut label list whose rest could rank before a chosen alias',
      lists: [list(0, [m('Q1', 'ba')], { truncated: true }), list(0, [m('Q2', 'bb', 1)])],
      wanted: 2,
      complete: false
    },
    { name: 'cut list that reached the wanted entities at its last row', lists: [list(0, [m('Q1', 'ba'), m('Q2', 'bb')], { truncated: true })], wanted: 2, complete: true },
    { name: 'cut list with more rows than the wanted entities', lists: [list(0, [m('Q1', 'ba'), m('Q2', 'bb')], { truncated: true })], wanted: 1, complete: true }
  ]
  for (const c of cases) t.equal(rankMatches('b', c.lists, c.wanted).complete, c.complete, c.name)
})

t.test('compareCodePoints: code point order, as the index sorts', async t => {
  t.ok(compareCodePoints('\u{FF5E}', '\u{1F642}') < 0, 'a BMP character after the surrogates sorts before an astral one')
  t.ok('\u{FF5E}' > '\u{1F642}', '(UTF-16 order would say otherwise)')
  t.ok(compareCodePoints('\u{D7FF}', '\u{E000}') < 0)
  t.ok(compareCodePoints('\u{10000}', '\u{10FFFF}') < 0)
  t.ok(compareCodePoints('\u{1F642}', '\u{FFFF}') > 0)
  const sample = ['a', 'ä', '\u{FF5E}', '\u{1F642}', '\u{E000}', '\u{D7FF}', 'z', '\u{10FFFF}', 'ab']
  const byBytes = [...sample].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)))
  t.same([...sample].sort(compareCodePoints), byBytes, 'the same order as UTF-8 bytes')
  t.ok(compareCodePoints('ab', 'abc') < 0)
  t.equal(compareCodePoints('abc', 'abc'), 0)
})
