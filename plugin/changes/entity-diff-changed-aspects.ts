import type { SiteGlobalId } from '../sites/site-global-id.js'

/** Per site: [old page title | null, new page title | null, badges changed]. */
export type SiteLinkChange = [string | null, string | null, boolean]

/**
 * Wikibase's compact diff of an entity revision (EntityDiffChangedAspects):
 * what changed, not how. Stored as `change_info.compactDiff` (a JSON string).
 */
export interface EntityDiffChangedAspects {
  labelChanges: string[]
  descriptionChanges: string[]
  aliasChanges: string[]
  statementChangesExcludingQualOrRefOnlyChanges: string[]
  statementChangesQualOrRefOnly: string[]
  siteLinkChanges: Record<SiteGlobalId | string, SiteLinkChange>
  otherChanges: boolean
}
