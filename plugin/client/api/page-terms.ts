import type { PropModule } from '../../action-api/api-module-set.js'
import { entityMap, type WikibaseEntity } from '../../changes/wikibase-entity.js'
import type { EntityId } from '../../../hooks/ids.js'

/**
 * `prop=pageterms` of a client (Wikibase's client/includes/Api/PageTerms.php, prefix `wbpt`):
 * each existing page of the page set connected to an item gets `terms` — the item's `label`,
 * `description` and `alias` texts in one language, each a list, only the types it has.
 * `wbptterms` picks the types (default all), `wbptlanguage` the language (default the
 * `uselang` of the call, else `en`; no fallback, as PageTerms' TermBuffer has none).
 * Pages go in page id order and `wbptcontinue` skips the pages below that id (PageTerms'
 * continuation; it is set when a result does not fit, which the answers here always do).
 * The connected item is the repo's item with a sitelink of this wiki to the page (what the
 * page prop `wikibase_item` Wikibase's client EntityIdLookup reads is written from).
 */
export const TERM_TYPES = ['label', 'description', 'alias'] as const
export type TermType = typeof TERM_TYPES[number]

/** The item's terms of these types in the language, as PageTerms groups them (types without text left out). */
export function pageTermsOf (
  entity: Pick<WikibaseEntity, 'labels' | 'descriptions' | 'aliases'>, types: readonly TermType[], language: string
): Partial<Record<TermType, string[]>> {
  const out: Partial<Record<TermType, string[]>> = {}
  for (const type of types) {
    const texts = type === 'alias'
      ? (entityMap(entity.aliases)[language] ?? []).map(term => term.value)
      : [entityMap(type === 'label' ? entity.labels : entity.descriptions)[language]?.value].filter((v): v is string => v !== undefined)
    if (texts.length > 0) out[type] = texts
  }
  return out
}

export const PAGE_TERMS_PROP_MODULE: PropModule = {
  params: {
    wbptcontinue: { type: 'integer' },
    wbptterms: { type: TERM_TYPES, multi: true },
    wbptlanguage: {}
  },
  run: async (call, pages) => {
    const client = call.deps.client
    const fields = new Map<number, Record<string, unknown>>()
    if (client === null || client === undefined) return fields
    const types = (call.params.has('wbptterms') ? call.params.list('wbptterms') : [...TERM_TYPES]) as TermType[]
    const language = call.params.string('wbptlanguage') ?? call.params.string('uselang') ?? 'en'
    const from = call.params.integer('wbptcontinue') ?? 0
    const existing = pages.filter(p => p.pageid !== undefined && p.pageid >= from && p.missing !== true && p.entity === undefined)
      .sort((a, b) => a.pageid! - b.pageid!)
    for (const page of existing) {
      const itemId: EntityId | null = await client.repoReader.itemIdForSiteLink(call.deps.siteId, page.title)
      if (itemId === null) continue
      const result = await client.repoReader.loadEntity(itemId)
      if (result.status !== 'found') continue
      const terms = pageTermsOf(result.entity, types, language)
      if (Object.keys(terms).length > 0) fields.set(page.key, { terms })
    }
    return fields
  }
}
