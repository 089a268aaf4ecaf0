import type { EntityId } from '../../../hooks/ids.js'
import { newEntityUsage, type EntityUsage } from './entity-usage.js'

/** Which term usages a fallback-chain lookup records: labels or descriptions. */
export type TermUsageAspect = 'L' | 'D'

/** A term found through a language fallback chain (TermFallback). */
export interface TermFallback {
  requestedLanguageCode: string
  text: string
  /** The language the term was found in. */
  actualLanguageCode: string
  /** For transliterated terms, the language of the original text (e.g. `ku-latn` for `ku`). */
  sourceLanguageCode: string | null
}

/**
 * The languages a fallback-chain lookup touched (facts §6.3): the fetch chain up to and
 * including the term's source language (`sourceLanguageCode`, else `actualLanguageCode`);
 * nothing found → the whole chain. A source language outside the chain also yields the whole
 * chain (decision: over-tracking re-renders a page needlessly, under-tracking leaves it stale).
 */
export function touchedLanguages (fetchChain: readonly string[], term: TermFallback | null): string[] {
  if (term === null) return [...fetchChain]
  const source = term.sourceLanguageCode ?? term.actualLanguageCode
  const last = fetchChain.indexOf(source)
  return last === -1 ? [...fetchChain] : fetchChain.slice(0, last + 1)
}

/**
 * UsageTrackingLanguageFallbackLabelDescriptionLookup: the usages to record for looking up a
 * label (`L`) or description (`D`) of an entity through a fallback chain. With
 * `trackUsagesInAllLanguages` (user-language data access) a single bare usage.
 */
export function fallbackTermUsages (
  entityId: EntityId,
  aspect: TermUsageAspect,
  fetchChain: readonly string[],
  term: TermFallback | null,
  trackUsagesInAllLanguages = false
): EntityUsage[] {
  if (trackUsagesInAllLanguages) return [newEntityUsage(entityId, aspect)]
  return [...new Set(touchedLanguages(fetchChain, term))].map(language => newEntityUsage(entityId, aspect, language))
}
