import { DEFAULT_SITE_GROUPS } from './site-groups.js'

/** What the registry accepts. Imports of foreign or test data may widen it, explicitly. */
export interface SiteRules {
  knownGroups: ReadonlySet<string>
  /** Accept page/file/link paths without `$1` (MediaWiki itself does; its test XML has some). */
  allowPathsWithoutPlaceholder: boolean
}

export const DEFAULT_SITE_RULES: SiteRules = Object.freeze({
  knownGroups: new Set(DEFAULT_SITE_GROUPS),
  allowPathsWithoutPlaceholder: false
})

/** The default rules plus extra groups and/or lenient paths. */
export function siteRules (options: { extraGroups?: readonly string[], allowPathsWithoutPlaceholder?: boolean } = {}): SiteRules {
  return {
    knownGroups: new Set([...DEFAULT_SITE_GROUPS, ...(options.extraGroups ?? [])]),
    allowPathsWithoutPlaceholder: options.allowPathsWithoutPlaceholder ?? false
  }
}
