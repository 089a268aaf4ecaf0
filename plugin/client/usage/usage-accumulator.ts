import type { EntityId } from '../../../hooks/ids.js'
import { InvalidOptionError } from '../../errors.js'
import {
  OTHER_USAGE,
  identityOf,
  isUsageAspect,
  newEntityUsageFromIdentity,
  usagesByIdentity,
  type EntityUsage,
  type UsageAspect,
  type UsageIdentity
} from './entity-usage.js'
import { DEFAULT_ENTITY_USAGE_MODIFIER_LIMITS, deduplicateUsages, type EntityUsageModifierLimits } from './usage-deduplicator.js'

/**
 * The usages one rendering records (ParserOutputUsageAccumulator): a set of identity strings,
 * as stored in the parser output's extension data `wikibase-entity-usage`. The parse owns the
 * set and adds to it; everything else here is pure.
 */
export interface UsageAccumulation {
  readonly identities: Set<UsageIdentity>
}

export const ENTITY_USAGE_EXTENSION_DATA_KEY = 'wikibase-entity-usage'

export function newUsageAccumulation (identities: Iterable<UsageIdentity> = []): UsageAccumulation {
  return { identities: new Set(identities) }
}

/** `addUsage`: records the usage (a repeated identity is kept once). */
export function addUsage (accumulation: UsageAccumulation, usage: EntityUsage): void {
  accumulation.identities.add(identityOf(usage))
}

/**
 * RedirectTrackingUsageAccumulator (facts §5.2): the usages to record for a usage of an entity
 * that is a redirect to `redirectTarget` — the same aspect and modifier on the target, and `O`
 * on the redirect source. Not a redirect (`null`) → the usage itself.
 */
export function redirectTrackedUsages (usage: EntityUsage, redirectTarget: EntityId | null): EntityUsage[] {
  if (redirectTarget === null) return [usage]
  return [
    { entityId: redirectTarget, aspect: usage.aspect, modifier: usage.modifier },
    { entityId: usage.entityId, aspect: OTHER_USAGE, modifier: null }
  ]
}

/** `addUsage` through the redirect-tracking wrapper; the caller resolved the redirect. */
export function addUsageTrackingRedirects (accumulation: UsageAccumulation, usage: EntityUsage, redirectTarget: EntityId | null): void {
  for (const tracked of redirectTrackedUsages(usage, redirectTarget)) addUsage(accumulation, tracked)
}

/** `getUsages`: the recorded usages after UsageDeduplicator, sorted by identity string. */
export function getUsages (
  accumulation: UsageAccumulation,
  limits: EntityUsageModifierLimits = DEFAULT_ENTITY_USAGE_MODIFIER_LIMITS
): EntityUsage[] {
  return deduplicateUsages([...accumulation.identities].map(newEntityUsageFromIdentity), limits)
}

/**
 * Client setting `disabledUsageAspects` normalised: aspect → replacement aspect, or null to
 * drop the usage. Keys are aspect codes (`D`), never keys like `L.de`.
 */
export type DisabledUsageAspects = ReadonlyMap<UsageAspect, UsageAspect | null>

/**
 * Reads the setting as Wikibase does a PHP array: list entries (`['C']`, or numeric keys of an
 * object such as `{"0": "C", "D": "O"}`, the JSON of PHP's `['C', 'D' => 'O']`) drop the
 * aspect; string keys map it to a replacement aspect.
 */
export function parseDisabledUsageAspects (raw: readonly string[] | Readonly<Record<string, string>>): DisabledUsageAspects {
  const entries: Array<[string, string]> = Array.isArray(raw)
    ? (raw as readonly string[]).map((aspect, i) => [String(i), aspect])
    : Object.entries(raw)
  const result = new Map<UsageAspect, UsageAspect | null>()
  for (const [key, value] of entries) {
    if (/^\d+$/.test(key)) {
      if (!isUsageAspect(value)) throw new InvalidOptionError(`disabledUsageAspects.${key}`, `names ${JSON.stringify(value)}, which is not a usage aspect`)
      result.set(value, null)
    } else {
      if (!isUsageAspect(key)) throw new InvalidOptionError(`disabledUsageAspects.${key}`, `has key ${JSON.stringify(key)}, which is not a usage aspect`)
      if (!isUsageAspect(value)) throw new InvalidOptionError(`disabledUsageAspects.${key}`, `maps to ${JSON.stringify(value)}, which is not a usage aspect`)
      result.set(key, value)
    }
  }
  return result
}

/**
 * Applies `disabledUsageAspects` before storing (facts §5.4): a dropped aspect's usages go, a
 * replaced one becomes the replacement aspect without modifier; duplicates collapse onto
 * their first occurrence. Input order is kept.
 */
export function applyDisabledUsageAspects (usages: Iterable<EntityUsage>, disabled: DisabledUsageAspects): EntityUsage[] {
  const kept: EntityUsage[] = []
  for (const usage of usages) {
    if (!disabled.has(usage.aspect)) {
      kept.push(usage)
      continue
    }
    const replacement = disabled.get(usage.aspect)
    if (replacement !== null && replacement !== undefined) kept.push({ entityId: usage.entityId, aspect: replacement, modifier: null })
  }
  return [...usagesByIdentity(kept).values()]
}

export const DEFAULT_ENTITY_USAGE_PER_PAGE_LIMIT = 100

/**
 * `entityUsagePerPageLimit`: a page adding more usages than this is only logged as a warning
 * (nothing is refused). True when that warning is due.
 */
export function exceedsEntityUsagePerPageLimit (usageCount: number, limit: number = DEFAULT_ENTITY_USAGE_PER_PAGE_LIMIT): boolean {
  return usageCount > limit
}
