import type { EntityId } from '../../../hooks/ids.js'
import {
  STATEMENT_USAGE,
  STATEMENT_WITH_QUAL_OR_REF_USAGE,
  bareUsageOf,
  sortedUniqueUsages,
  usagesByIdentity,
  type EntityUsage,
  type UsageAspect
} from './entity-usage.js'

/**
 * Client setting `entityUsageModifierLimits`: per aspect, how many modified usages of one
 * entity a page may record before they collapse into the bare aspect.
 */
export type EntityUsageModifierLimits = Readonly<Partial<Record<UsageAspect, number>>>

export const DEFAULT_ENTITY_USAGE_MODIFIER_LIMITS: EntityUsageModifierLimits = Object.freeze({ D: 30, L: 30, C: 10 })

/**
 * UsageDeduplicator::deduplicate (facts §5.3). Per entity:
 * 1. if it has a `CQR` usage: a bare `CQR` removes every `C`, a `CQR.p` removes `C.p`; then if
 *    the remaining `C` plus the `CQR` usages exceed the `C` limit, all `C` go and the `CQR`
 *    usages become one bare `CQR`;
 * 2. an aspect with more usages than its limit becomes its bare usage;
 * 3. a bare usage subsumes the modified usages of its aspect.
 * Duplicate identities count once. The result is sorted by identity string.
 */
export function deduplicateUsages (
  usages: Iterable<EntityUsage>,
  limits: EntityUsageModifierLimits = DEFAULT_ENTITY_USAGE_MODIFIER_LIMITS
): EntityUsage[] {
  const structured = new Map<EntityId, Map<UsageAspect, EntityUsage[]>>()
  for (const usage of usagesByIdentity(usages).values()) {
    let byAspect = structured.get(usage.entityId)
    if (byAspect === undefined) structured.set(usage.entityId, byAspect = new Map())
    const list = byAspect.get(usage.aspect)
    if (list === undefined) byAspect.set(usage.aspect, [usage])
    else list.push(usage)
  }
  const result: EntityUsage[] = []
  for (const byAspect of structured.values()) {
    deduplicateStatementUsages(byAspect, limits[STATEMENT_USAGE])
    for (const [aspect, list] of byAspect) {
      const limit = limits[aspect]
      const limited = limit !== undefined && list.length > limit ? [bareUsageOf(list[0]!)] : list
      result.push(...keepBareIfPresent(limited))
    }
  }
  return sortedUniqueUsages(result)
}

function deduplicateStatementUsages (byAspect: Map<UsageAspect, EntityUsage[]>, statementLimit: number | undefined): void {
  const qualOrRef = byAspect.get(STATEMENT_WITH_QUAL_OR_REF_USAGE)
  if (qualOrRef === undefined) return
  let statements = byAspect.get(STATEMENT_USAGE) ?? []
  if (qualOrRef.some(usage => usage.modifier === null)) {
    statements = []
  } else {
    const covered = new Set(qualOrRef.map(usage => usage.modifier))
    statements = statements.filter(usage => !covered.has(usage.modifier))
  }
  if (statementLimit !== undefined && statements.length + qualOrRef.length > statementLimit) {
    statements = []
    byAspect.set(STATEMENT_WITH_QUAL_OR_REF_USAGE, [bareUsageOf(qualOrRef[0]!)])
  }
  if (statements.length === 0) byAspect.delete(STATEMENT_USAGE)
  else byAspect.set(STATEMENT_USAGE, statements)
}

function keepBareIfPresent (list: EntityUsage[]): EntityUsage[] {
  const bare = list.find(usage => usage.modifier === null)
  return bare === undefined ? list : [bare]
}
