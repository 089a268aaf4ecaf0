import type { EntityDiffChangedAspects, SiteLinkChange } from '../../changes/entity-diff-changed-aspects.js'
import type { SiteGlobalId } from '../../../hooks/ids.js'
import {
  ALIAS_USAGE,
  DESCRIPTION_USAGE,
  LABEL_USAGE,
  OTHER_USAGE,
  SITELINK_USAGE,
  STATEMENT_USAGE,
  STATEMENT_WITH_QUAL_OR_REF_USAGE,
  TITLE_USAGE,
  makeAspectKey,
  type AspectKey
} from '../usage/entity-usage.js'

/**
 * A badge-only sitelink change: the title stayed (the compact diff writes `[null, null, true]`)
 * and only the badges changed. It is not a title change (facts §9.1).
 */
export function isBadgesOnlyChange ([oldTitle, newTitle, badgesChanged]: SiteLinkChange): boolean {
  return oldTitle === newTitle && badgesChanged
}

/**
 * The local site's sitelink change, or null when the local site is untouched or only its
 * badges changed — a change of the title of the local page connected to the entity.
 */
export function localTitleChange (diff: EntityDiffChangedAspects, localSiteId: SiteGlobalId): SiteLinkChange | null {
  const change = Object.hasOwn(diff.siteLinkChanges, localSiteId) ? diff.siteLinkChanges[localSiteId] : undefined
  return change === undefined || isBadgesOnlyChange(change) ? null : change
}

/**
 * AffectedPagesFinder::getChangedAspects (facts §4.4): the aspect keys a change touches, to be
 * matched exactly against recorded usages. Order: `S`, `T`, then `L`, `D`, `A` each bare first
 * followed by the modified keys in diff order, then `C` and `CQR` likewise, then `O`.
 * The bare keys are there so pages whose usages collapsed to the bare aspect are found.
 * A change that touches nothing known yields `[O]`.
 */
export function getChangedAspects (diff: EntityDiffChangedAspects, localSiteId: SiteGlobalId): AspectKey[] {
  const aspects: AspectKey[] = []
  if (Object.keys(diff.siteLinkChanges).length > 0) {
    aspects.push(SITELINK_USAGE)
    if (localTitleChange(diff, localSiteId) !== null) aspects.push(TITLE_USAGE)
  }
  aspects.push(...termAspects(LABEL_USAGE, diff.labelChanges))
  aspects.push(...termAspects(DESCRIPTION_USAGE, diff.descriptionChanges))
  aspects.push(...termAspects(ALIAS_USAGE, diff.aliasChanges))

  const mainSnakChanges = diff.statementChangesExcludingQualOrRefOnlyChanges
  const qualOrRefChanges = diff.statementChangesQualOrRefOnly
  aspects.push(...termAspects(STATEMENT_USAGE, mainSnakChanges))
  aspects.push(...termAspects(STATEMENT_WITH_QUAL_OR_REF_USAGE, [...mainSnakChanges, ...qualOrRefChanges]))

  if (diff.otherChanges || aspects.length === 0) aspects.push(OTHER_USAGE)
  return aspects
}

/** `[]` when nothing changed, else the bare aspect followed by one key per distinct modifier. */
function termAspects (aspect: string, modifiers: readonly string[]): AspectKey[] {
  if (modifiers.length === 0) return []
  return [aspect, ...[...new Set(modifiers)].map(modifier => makeAspectKey(aspect, modifier))]
}
