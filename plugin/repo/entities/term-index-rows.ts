import type { WikibaseEntity } from '../../changes/wikibase-entity.js'

/**
 * What the term index (migration repo/031) holds of one entity, computed from the entity in
 * Node so that the keys of stored terms and of queries come from one function.
 */
export const TERM_TYPE = { label: 0, alias: 1, description: 2 } as const
export type TermTypeCode = typeof TERM_TYPE[keyof typeof TERM_TYPE]

export interface TermIndexRow {
  language: string
  termType: TermTypeCode
  /** The term as written. */
  text: string
  /** 0 for the whole term; n > 0 when `key` starts at the term's (n+1)-th word. */
  wordPos: number
  key: string
}

/** Word starts indexed after the first: enough for labels of a few words, bounded for long ones. */
export const MAX_WORD_ROWS = 7

/**
 * The search key of a text: Unicode NFC, lower case (Unicode's default mapping, the same in
 * every locale) with final sigma folded to σ (toLowerCase writes ς at a word's end, so an
 * upper-case prefix "ΣΙΣ" would not find "σίσυφος"), whitespace trimmed and collapsed. Case- and normalisation-insensitive
 * matching, as MediaWiki's search normalises; no folding of accents (Wikibase's SQL term
 * search matches the text as written, so this is already the more lenient of the two).
 */
export function searchKey (text: string): string {
  const key = text.normalize('NFC').toLowerCase().normalize('NFC').replaceAll('ς', 'σ').replace(/\s+/gu, ' ').trim()
  return key.length <= MAX_KEY_LENGTH ? key : [...key].slice(0, MAX_KEY_LENGTH).join('')
}

/**
 * Code points of a key at most: a btree entry holds at most ~2,700 bytes, and a repo may
 * configure longer terms than Wikibase's 250. Queries are cut the same way, so a longer
 * term is still found by its start.
 */
export const MAX_KEY_LENGTH = 400

/** Offsets (in UTF-16 units) of each word start after the first: a letter or digit after anything else. */
export function wordStarts (key: string): number[] {
  const starts: number[] = []
  for (const match of key.matchAll(/(?<=[^\p{L}\p{N}\p{M}])[\p{L}\p{N}]/gu)) {
    if (match.index > 0) starts.push(match.index)
    if (starts.length === MAX_WORD_ROWS) break
  }
  return starts
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function termText (term: unknown): string | null {
  const value = isRecord(term) ? term.value : undefined
  return typeof value === 'string' && value !== '' ? value : null
}

/** The rows of one matched term (label or alias): the whole term and its later word starts. */
function matchedRows (language: string, termType: TermTypeCode, text: string): TermIndexRow[] {
  const key = searchKey(text)
  if (key === '') return []
  return [{ language, termType, text, wordPos: 0, key },
    ...wordStarts(key).map((start, i) => ({ language, termType, text, wordPos: i + 1, key: key.slice(start) }))]
}

/**
 * The index rows of an entity: labels and aliases (matched), descriptions (shown). An alias
 * whose key repeats another alias of its language adds nothing and is left out. Shapes that
 * are not Wikibase's (a stored entity is validated, an import may be odd) give no rows.
 */
export function termIndexRows (entity: WikibaseEntity): TermIndexRow[] {
  const rows: TermIndexRow[] = []
  const labels = isRecord(entity.labels) ? entity.labels : {}
  for (const [language, term] of Object.entries(labels)) {
    const text = termText(term)
    if (text !== null) rows.push(...matchedRows(language, TERM_TYPE.label, text))
  }
  const aliases = isRecord(entity.aliases) ? entity.aliases : {}
  for (const [language, list] of Object.entries(aliases)) {
    const seen = new Set<string>()
    for (const term of Array.isArray(list) ? list : []) {
      const text = termText(term)
      if (text === null || seen.has(searchKey(text))) continue
      seen.add(searchKey(text))
      rows.push(...matchedRows(language, TERM_TYPE.alias, text))
    }
  }
  const descriptions = isRecord(entity.descriptions) ? entity.descriptions : {}
  for (const [language, term] of Object.entries(descriptions)) {
    const text = termText(term)
    if (text !== null) rows.push({ language, termType: TERM_TYPE.description, text, wordPos: 0, key: searchKey(text) })
  }
  return rows
}

/**
 * The smallest string greater than every string that starts with `prefix` (byte order of
 * UTF-8, which is code point order): the last code point incremented, skipping the
 * surrogates. Null when the prefix ends in U+10FFFF: then only the lower bound applies.
 */
export function prefixUpperBound (prefix: string): string | null {
  const points = [...prefix]
  const last = points.pop()
  if (last === undefined) return null
  const code = last.codePointAt(0)!
  if (code === 0x10ffff) return null
  const next = code === 0xd7ff ? 0xe000 : code + 1
  return points.join('') + String.fromCodePoint(next)
}
