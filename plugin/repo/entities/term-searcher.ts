import type { Queryable, WikiDatabase } from '../../db/wiki-database.js'
import { searchKey } from './term-index-rows.js'
import { rankMatches, type MatchKind } from './term-match-ranking.js'
import { readDisplayTerms, readMatchLists, type DisplayTerm } from './term-index-store.js'

/**
 * Search and suggest over the term index: labels and aliases of live entities of one type in
 * a language and its fallback chain, ranked by term-match-ranking.ts, one result per entity.
 *
 * - suggest (`words: false`): the term starts with the query, as the entity selector's
 *   prefix search does (Wikibase's EntitySearchHelperPrefixSearchEngine);
 * - search (`words: true`): additionally a later word of the term starts with the query
 *   ("Berl" finds "Freie Universität Berlin"). Wikibase without CirrusSearch matches whole
 *   terms only (SqlTermStoreSearchEngine, repo/domains/search/src/Infrastructure/DataAccess/);
 *   with it, words of labels. Word starts are the closest a btree index gets to that and keep
 *   every query one index range.
 * Both are case- and NFC-insensitive (term-index-rows.ts searchKey).
 */
export interface TermSearchRequest {
  entityType: 'item' | 'property'
  query: string
  /** The fallback chain, requested language first. */
  languages: readonly string[]
  words: boolean
  limit: number
  offset: number
}

export interface TermSearchHit {
  id: string
  displayLabel: DisplayTerm | null
  description: DisplayTerm | null
  match: { type: 'label' | 'alias', kind: MatchKind, language: string, text: string }
}

/**
 * Results beyond this many are not served (CirrusSearch also stops at 10,000): an offset
 * past it answers no results instead of reading every match of a short query.
 */
export const MAX_RESULT_WINDOW = 10_000

export async function searchTerms (client: Queryable, db: Pick<WikiDatabase, 'dataSchema'>, request: TermSearchRequest): Promise<TermSearchHit[]> {
  const key = searchKey(request.query)
  const wanted = Math.min(request.offset + request.limit, MAX_RESULT_WINDOW)
  if (key === '' || wanted <= request.offset) return []
  // Duplicates (an entity matched by label and alias, or in two languages) cost rows, so
  // read a margin; rankMatches says when a cut list might still hide a better result.
  let perList = wanted * 2 + 10
  let ranking
  for (;;) {
    const lists = await readMatchLists(client, db, { entityType: request.entityType, key, languages: request.languages, words: request.words, perList })
    ranking = rankMatches(key, lists, wanted)
    if (ranking.complete || perList >= MAX_RESULT_WINDOW * 4) break
    perList *= 4
  }
  const page = ranking.matches.slice(request.offset, wanted)
  const display = await readDisplayTerms(client, db, page.map(m => m.entityId), request.languages)
  return page.map(m => {
    const terms = display.get(m.entityId)!
    return {
      id: m.entityId,
      displayLabel: terms.label,
      description: terms.description,
      match: { type: m.termType === 0 ? 'label' : 'alias', kind: m.kind, language: m.language, text: m.text }
    }
  })
}
