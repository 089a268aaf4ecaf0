/**
 * The order of search and suggest results, over matches read from the term index in pieces:
 * one list per (language of the fallback chain, label | alias, whole terms | word starts),
 * each in index order (key, entity number) and cut at a limit. Pure: the store reads the lists,
 * this ranks them and says whether the cut lists could still hide a better result.
 *
 * A result ranks by, in turn:
 * 1. the kind of match: the whole term equals the query, then the term starts with it, then
 *    a later word of the term starts with it (search only);
 * 2. the language: the requested one, then its fallbacks in chain order (Wikibase searches
 *    the fetch languages of the chain, SqlTermStoreSearchEngine::findMatchingLabelsAndAliases);
 * 3. label before alias (Wikibase's SQL search lists label matches, then alias matches);
 * 4. the key in code point order (of two completions, the shorter shared one first), then
 *    the entity's number.
 * Each entity appears once, at its best match.
 */
export interface TermMatch {
  entityId: string
  numericId: number
  /** 0 label, 1 alias. */
  termType: number
  language: string
  text: string
  key: string
}

export interface MatchList {
  /** Position of the list's language in the fallback chain (0: the requested language). */
  languageRank: number
  /** 0 labels, 1 aliases. */
  termType: number
  /** True for word-start matches (key is the term from a later word on). */
  words: boolean
  /** In index order: key, entity number. */
  rows: TermMatch[]
  /** The list was cut at its limit: more rows may follow the last. */
  truncated: boolean
}

export type MatchKind = 'exact' | 'prefix' | 'word'

export interface RankedMatch extends TermMatch { kind: MatchKind }

export interface Ranking {
  /** Distinct entities, best first, at most `wanted`. */
  matches: RankedMatch[]
  /** False when a cut list may hold a row that ranks before the last of `matches`: read more. */
  complete: boolean
}

type Rank = [number, number, number, string, number]

const KIND_ORDER: Record<MatchKind, number> = { exact: 0, prefix: 1, word: 2 }

export function matchKind (query: string, key: string, words: boolean): MatchKind {
  return words ? 'word' : key === query ? 'exact' : 'prefix'
}

/**
 * Code point order (UTF-8 byte order, the index's "C" collation), not UTF-16 unit order,
 * without allocating: units U+E000–U+FFFF are moved below the surrogates, which then stand
 * for the code points above U+FFFF that they encode (ICU's code point order fix-up).
 */
export function compareCodePoints (a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return fixUp(x) - fixUp(y)
  }
  return a.length - b.length
}

function fixUp (unit: number): number {
  return unit >= 0xe000 ? unit - 0x800 : unit >= 0xd800 ? unit + 0x2000 : unit
}

function compareRanks (a: Rank, b: Rank): number {
  return (a[0] - b[0]) || (a[1] - b[1]) || (a[2] - b[2]) || compareCodePoints(a[3], b[3]) || (a[4] - b[4])
}

/**
 * The rank of a cut list's last row: every row after it ranks later (same language and term
 * type, key and number in order, and a greater key can only be a later kind).
 */
function lastRank (list: MatchList, query: string): Rank {
  const last = list.rows.at(-1)
  if (last === undefined) return [-1, list.languageRank, list.termType, '', -Infinity]
  return [KIND_ORDER[matchKind(query, last.key, list.words)], list.languageRank, list.termType, last.key, last.numericId]
}

export function rankMatches (query: string, lists: readonly MatchList[], wanted: number): Ranking {
  const all: Array<{ match: RankedMatch, rank: Rank }> = []
  for (const list of lists) {
    for (const row of list.rows) {
      const kind = matchKind(query, row.key, list.words)
      all.push({ match: { ...row, kind }, rank: [KIND_ORDER[kind], list.languageRank, list.termType, row.key, row.numericId] })
    }
  }
  all.sort((a, b) => compareRanks(a.rank, b.rank))
  const seen = new Set<string>()
  const chosen: typeof all = []
  for (const entry of all) {
    if (chosen.length === wanted) break
    if (seen.has(entry.match.entityId)) continue
    seen.add(entry.match.entityId)
    chosen.push(entry)
  }
  const cut = lists.filter(list => list.truncated)
  const last = chosen.at(-1)
  const complete = cut.length === 0 ||
    (chosen.length === wanted && last !== undefined && cut.every(list => compareRanks(last.rank, lastRank(list, query)) <= 0))
  return { matches: chosen.map(entry => entry.match), complete }
}
