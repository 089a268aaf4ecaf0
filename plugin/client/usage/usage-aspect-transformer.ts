import type { EntityId } from '../../../hooks/ids.js'
import {
  ALL_USAGE,
  aspectKeyOf,
  newEntityUsageFromAspectKey,
  sortedUniqueUsages,
  stripModifier,
  type AspectKey,
  type EntityUsage
} from './entity-usage.js'

/**
 * UsageAspectTransformer's relevant aspects: per entity, the aspect keys that changed
 * (`setRelevantAspects`). An entity that is not in the map has no relevant aspects.
 */
export type RelevantAspects = ReadonlyMap<EntityId, readonly AspectKey[]>

/** `getRelevantAspects`: `[]` for an entity without relevant aspects. */
export function getRelevantAspects (relevant: RelevantAspects, entityId: EntityId): readonly AspectKey[] {
  return relevant.get(entityId) ?? []
}

/**
 * `getFilteredUsages` (facts §4.5): which of the aspects a page uses are touched by the
 * relevant (changed) aspects.
 * - either side empty → nothing;
 * - `X` used → the relevant aspects;
 * - `X` relevant → the used aspects;
 * - else used ∩ relevant, plus each relevant `A.xx` whose bare `A` is used (a used `A.xx`
 *   does not match a relevant bare `A`).
 * Sorted by identity string.
 */
export function getFilteredUsages (entityId: EntityId, relevantAspectKeys: readonly AspectKey[], usedAspectKeys: readonly AspectKey[]): EntityUsage[] {
  return sortedUniqueUsages(filterAspectKeys(relevantAspectKeys, usedAspectKeys).map(key => newEntityUsageFromAspectKey(entityId, key)))
}

function filterAspectKeys (relevant: readonly AspectKey[], used: readonly AspectKey[]): readonly AspectKey[] {
  if (relevant.length === 0 || used.length === 0) return []
  if (used.includes(ALL_USAGE)) return relevant
  if (relevant.includes(ALL_USAGE)) return used
  const usedSet = new Set(used)
  return relevant.filter(key => usedSet.has(key) || usedSet.has(stripModifier(key)))
}

/**
 * `transformPageEntityUsages`: a page's usages, per entity filtered by that entity's relevant
 * aspects; entities without relevant aspects drop out. Sorted by identity string.
 */
export function transformPageEntityUsages (relevant: RelevantAspects, usages: Iterable<EntityUsage>): EntityUsage[] {
  const usedKeysByEntity = new Map<EntityId, AspectKey[]>()
  for (const usage of usages) {
    const keys = usedKeysByEntity.get(usage.entityId)
    if (keys === undefined) usedKeysByEntity.set(usage.entityId, [aspectKeyOf(usage)])
    else keys.push(aspectKeyOf(usage))
  }
  const result: EntityUsage[] = []
  for (const [entityId, used] of usedKeysByEntity) {
    result.push(...getFilteredUsages(entityId, getRelevantAspects(relevant, entityId), used))
  }
  return sortedUniqueUsages(result)
}
