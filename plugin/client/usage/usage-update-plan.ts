import type { EntityId } from '../../../hooks/ids.js'
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

/**
 * What the usage lookup's `getUnusedEntities` answered when asked about the entities a plan
 * names below: the list it returned (as a set), or the lookup itself as a predicate, which
 * is then asked about exactly those entities.
 */
export type UnusedEntities = ReadonlySet<EntityId> | ((entityId: EntityId) => boolean)

/**
 * The lookup's answer for `asked`. UsageUpdater passes that answer on unfiltered — it
 * (un)subscribes whatever `getUnusedEntities` returned — so a set is taken as it is, in its
 * own order; a predicate is applied to `asked`.
 */
function answerFor (unused: UnusedEntities, asked: readonly EntityId[]): EntityId[] {
  return typeof unused === 'function' ? asked.filter(unused) : [...unused]
}

/**
 * `addUsagesForPage`: subscribe to the entities the lookup called unused **before** the
 * write, when asked about `entityIdsOf(added)`. Nothing added → nothing at all (the store
 * then neither writes nor asks the lookup). Never unsubscribes.
 */
export function planAddUsagesSubscriptions (added: readonly EntityUsage[], unusedBeforeWrite: UnusedEntities): SubscriptionPlan {
  if (added.length === 0) return { subscribe: [], unsubscribe: [] }
  return { subscribe: answerFor(unusedBeforeWrite, entityIdsOf(added)), unsubscribe: [] }
}

/** An entity a page save gained or lost, and how many other pages of the wiki use it. */
export interface TouchedEntity {
  entityId: EntityId
  usedBefore: boolean
  usedAfter: boolean
  /** Other pages using it (0 or 1 when the caller did not need the full count). */
  pagesElsewhere: number
}

/** A page save's writes to the repo: subscriptions and, when kept, fresh page counts. */
export interface SubscriptionUpdate extends SubscriptionPlan {
  counts: Map<EntityId, number>
}

/**
 * `replaceUsagesForPage`, beyond Wikibase (which subscribes to every entity of the new usages
 * on each save, an idempotent write to the repo): subscribe only to entities the page gained
 * that no other page uses (new to the wiki), unsubscribe only from entities the page lost
 * that no other page uses (gone from the wiki). `wb_changes_subscription` stays exact as long
 * as every change of a page's entities goes through here under the entities' locks. Counts:
 * every gained or lost entity's pages after the save (entities kept keep their count).
 * Nothing gained or lost → an empty update: no repo write at all.
 */
export function planReplaceUsagesSubscriptions (touched: readonly TouchedEntity[], keepCounts: boolean): SubscriptionUpdate {
  const alone = touched.filter(t => t.pagesElsewhere === 0)
  return {
    subscribe: alone.filter(t => t.usedAfter && !t.usedBefore).map(t => t.entityId),
    unsubscribe: alone.filter(t => t.usedBefore && !t.usedAfter).map(t => t.entityId),
    counts: new Map(keepCounts ? touched.filter(t => t.usedBefore !== t.usedAfter).map(t => [t.entityId, t.pagesElsewhere + (t.usedAfter ? 1 : 0)]) : [])
  }
}

/** Whether an update writes nothing. */
export function isEmptyUpdate (update: SubscriptionUpdate): boolean {
  return update.subscribe.length === 0 && update.unsubscribe.length === 0 && update.counts.size === 0
}

/**
 * `pruneUsagesForPage` (page deleted): unsubscribe from what the lookup called unused after
 * the prune, asked about the pruned usages' entities. Wikibase asks the lookup even when
 * nothing was pruned (a real lookup then answers nothing).
 */
export function planPruneUsagesSubscriptions (pruned: readonly EntityUsage[], unusedAfterWrite: UnusedEntities): SubscriptionPlan {
  return { subscribe: [], unsubscribe: answerFor(unusedAfterWrite, entityIdsOf(pruned)) }
}
