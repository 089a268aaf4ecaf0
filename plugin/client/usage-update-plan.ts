import type { EntityId } from '../changes/entity-id.js'
import { bareUsageOf, entityIdsOf, identityOf, sortedUniqueUsages, usagesByIdentity, type EntityUsage } from './entity-usage.js'

// ---- what to write to wbc_entity_usage for one page (SqlUsageTracker, facts §5.4) ----

/** Rows to delete and rows to insert for one page; the store writes only these. */
export interface UsageWritePlan {
  delete: EntityUsage[]
  insert: EntityUsage[]
}

/**
 * `replaceUsedEntities`: the page's stored usages become exactly `next`. Deletes the stored
 * usages not in `next` (these are also the "removed usages" replace returns), inserts the
 * missing ones. Both lists sorted by identity string.
 */
export function planReplaceUsedEntities (current: Iterable<EntityUsage>, next: Iterable<EntityUsage>): UsageWritePlan {
  const currentByIdentity = usagesByIdentity(current)
  const nextByIdentity = usagesByIdentity(next)
  return {
    delete: sortedUniqueUsages([...currentByIdentity].filter(([identity]) => !nextByIdentity.has(identity)).map(([, usage]) => usage)),
    insert: sortedUniqueUsages([...nextByIdentity].filter(([identity]) => !currentByIdentity.has(identity)).map(([, usage]) => usage))
  }
}

/**
 * `addUsedEntities` (additive, for a new parser-cache rendering): insert each added usage whose
 * identity is not stored and whose bare form (`Q4#L` for `Q4#L.de`) is not stored either; delete
 * stored modified usages whose bare form is among the added usages (adding `Q3#C` removes
 * `Q3#C.P12`). Both lists sorted by identity string.
 */
export function planAddUsedEntities (current: Iterable<EntityUsage>, added: Iterable<EntityUsage>): UsageWritePlan {
  const currentByIdentity = usagesByIdentity(current)
  const addedByIdentity = usagesByIdentity(added)
  const insert = [...addedByIdentity]
    .filter(([identity, usage]) => !currentByIdentity.has(identity) && !currentByIdentity.has(identityOf(bareUsageOf(usage))))
    .map(([, usage]) => usage)
  const remove = [...currentByIdentity.values()]
    .filter(usage => usage.modifier !== null && addedByIdentity.has(identityOf(bareUsageOf(usage))))
  return { delete: sortedUniqueUsages(remove), insert: sortedUniqueUsages(insert) }
}

/** The page's usages after the plan is written, sorted by identity string. */
export function usagesAfterWrite (current: Iterable<EntityUsage>, plan: UsageWritePlan): EntityUsage[] {
  const deleted = new Set(plan.delete.map(identityOf))
  return sortedUniqueUsages([...[...current].filter(usage => !deleted.has(identityOf(usage))), ...plan.insert])
}

// ---- subscriptions of this client in the repo's wb_changes_subscription (UsageUpdater, facts §5.5) ----

export interface SubscriptionPlan {
  subscribe: EntityId[]
  unsubscribe: EntityId[]
}

/** Which entities have no usage on the wiki at the time asked (the usage lookup's getUnusedEntities). */
export type UnusedEntities = ReadonlySet<EntityId> | ((entityId: EntityId) => boolean)

function isUnused (unused: UnusedEntities, entityId: EntityId): boolean {
  return typeof unused === 'function' ? unused(entityId) : unused.has(entityId)
}

/**
 * `addUsagesForPage`: subscribe to the added usages' entities that were unused **before** the
 * write (ask the lookup about `entityIdsOf(added)`). Nothing added → nothing at all (the
 * store should then neither write nor ask the lookup). Never unsubscribes.
 */
export function planAddUsagesSubscriptions (added: readonly EntityUsage[], unusedBeforeWrite: UnusedEntities): SubscriptionPlan {
  return { subscribe: entityIdsOf(added).filter(id => isUnused(unusedBeforeWrite, id)), unsubscribe: [] }
}

/**
 * `replaceUsagesForPage`: subscribe to every entity of the new usages (subscribing is
 * idempotent); unsubscribe from the entities of the removed usages (stored before, not in
 * `next`) that are unused **after** the write — ask the lookup about
 * `removedUsageEntities(old, next)`. An answer about any other entity is ignored.
 */
export function planReplaceUsagesSubscriptions (
  old: Iterable<EntityUsage>,
  next: readonly EntityUsage[],
  unusedAfterWrite: UnusedEntities
): SubscriptionPlan {
  return {
    subscribe: entityIdsOf(next),
    unsubscribe: removedUsageEntities(old, next).filter(id => isUnused(unusedAfterWrite, id))
  }
}

/** The entities of the usages a replace removes: the candidates for unsubscription. */
export function removedUsageEntities (old: Iterable<EntityUsage>, next: Iterable<EntityUsage>): EntityId[] {
  return entityIdsOf(planReplaceUsedEntities(old, next).delete)
}

/**
 * `pruneUsagesForPage` (page deleted): unsubscribe from the pruned usages' entities now unused
 * anywhere. Wikibase asks the lookup even when nothing was pruned; the answer cannot matter.
 */
export function planPruneUsagesSubscriptions (pruned: readonly EntityUsage[], unusedAfterWrite: UnusedEntities): SubscriptionPlan {
  return { subscribe: [], unsubscribe: entityIdsOf(pruned).filter(id => isUnused(unusedAfterWrite, id)) }
}
