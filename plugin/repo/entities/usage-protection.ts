import type { UserRight } from '../../../hooks/contract.js'

/**
 * Protection by usage (beyond Wikibase): `repoSettings.protectEntitiesUsedOnMoreThan` makes an
 * entity used on more pages (across all clients) than that number behave as if semi-protected
 * (`edit=autoconfirmed`). Wikidata does this by hand (T226883) since vandalism on a much-used
 * item reached thousands of articles (T189412). Refused like any protected page: MediaWiki's
 * `protectedpage`, REST `resource-protected` (PageProtectedError).
 */

/**
 * Whether the rule protects an entity used on `pages` pages: only with a threshold set (null
 * is off), and only strictly above it ("used on more than").
 */
export function isProtectedByUsage (pages: number, usedOnMoreThan: number | null): boolean {
  return usedOnMoreThan !== null && pages > usedOnMoreThan
}

/** The right an edit needs beyond its own under the rule; null when the rule does not apply. */
export function usageProtectionRight (pages: number, usedOnMoreThan: number | null, action: string): UserRight | null {
  if (action !== 'edit' || !isProtectedByUsage(pages, usedOnMoreThan)) return null
  return 'editsemiprotected'
}
