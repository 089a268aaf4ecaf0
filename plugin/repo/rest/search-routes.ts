import type { FastifyInstance } from 'fastify'
import type { WikiDatabase } from '../../db/wiki-database.js'
import { languageFallbackChain } from '../../language/language-fallback.js'
import { searchTerms, type TermSearchHit } from '../entities/term-searcher.js'
import { parseSearchQuery, SEARCH_MAX_LIMIT, SUGGEST_MAX_LIMIT } from './search-query-params.js'

/**
 * GET …/v1/search/items, …/v1/search/properties (operationIds simpleItemSearch,
 * simplePropertySearch) and …/v1/suggest/items, …/v1/suggest/properties (suggestItems,
 * suggestProperties): labels and aliases in the requested language and its fallbacks, over
 * the term index (entities/term-searcher.ts says how search and suggest match). Each result
 * is `{ id, display-label, description, match: { type, language, text } }`; the display
 * label and description are the entity's own in the first language of the chain that has
 * one, as the prefix search of Wikibase shows them (TermSearchResult's display terms).
 */
export interface SearchRouteDeps { db: WikiDatabase, base: string }

const ROUTES = [
  { path: 'search/items', entityType: 'item', words: true, maxLimit: SEARCH_MAX_LIMIT, operationId: 'simpleItemSearch', tag: 'item search' },
  { path: 'search/properties', entityType: 'property', words: true, maxLimit: SEARCH_MAX_LIMIT, operationId: 'simplePropertySearch', tag: 'property search' },
  { path: 'suggest/items', entityType: 'item', words: false, maxLimit: SUGGEST_MAX_LIMIT, operationId: 'suggestItems', tag: 'item search' },
  { path: 'suggest/properties', entityType: 'property', words: false, maxLimit: SUGGEST_MAX_LIMIT, operationId: 'suggestProperties', tag: 'property search' }
] as const

function restResult (hit: TermSearchHit): Record<string, unknown> {
  return {
    id: hit.id,
    'display-label': hit.displayLabel,
    description: hit.description,
    match: { type: hit.match.type, language: hit.match.language, text: hit.match.text }
  }
}

export function registerSearchRoutes (app: FastifyInstance, deps: SearchRouteDeps): void {
  for (const route of ROUTES) {
    app.get(`${deps.base}/${route.path}`, { schema: { operationId: route.operationId, tags: [route.tag] } }, async request => {
      const query = parseSearchQuery(request.query, route.maxLimit)
      const hits = await searchTerms(deps.db.pool, deps.db, {
        entityType: route.entityType,
        query: query.q,
        languages: languageFallbackChain(query.language),
        words: route.words,
        limit: query.limit,
        offset: query.offset
      })
      return { results: hits.map(restResult) }
    })
  }
}
