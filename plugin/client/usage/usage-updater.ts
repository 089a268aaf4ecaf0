import type { ClientBase } from 'pg'
import type { WikiDatabase, Queryable } from '../../db/wiki-database.js'
import type { EntityId } from '../../../hooks/ids.js'
import { subscribe, unsubscribe, updateSubscriptions, type SubscriptionChanges } from '../../repo-reader/subscriptions.js'
import { setUsageCounts } from '../../repo-reader/entity-usage-counts.js'
import { entityIdsOf, sortedUniqueUsages, type EntityUsage } from './entity-usage.js'
import type { PageId } from '../../../hooks/ids.js'
import type { SqlUsageTracker } from './sql-usage-tracker.js'
import { lockEntities } from './page-usage-store.js'
import { markUsageCounts, queueUsageCountSync } from './usage-count-outbox.js'
import {
  isEmptyUpdate, planAddUsagesSubscriptions, planPruneUsagesSubscriptions, planReplaceUsagesSubscriptions, type SubscriptionUpdate
} from './usage-update-plan.js'

/** SubscriptionManager: this client's rows in the repo's `wb_changes_subscription`. */
export interface SubscriptionManager {
  subscribe: (subscriber: string, entityIds: readonly EntityId[], q?: Queryable) => Promise<void>
  unsubscribe: (subscriber: string, entityIds: readonly EntityId[], q?: Queryable) => Promise<void>
  /**
   * Beyond Wikibase: this client's fresh page count per entity, into the repo's usage-count
   * aggregate (repo/040); absent: counts are not kept (a repo without the aggregate).
   */
  setUsageCounts?: (subscriber: string, counts: ReadonlyMap<EntityId, number>, q?: Queryable) => Promise<void>
  /**
   * All of a page save's repo writes in one round trip (`subscribe` and `unsubscribe`
   * disjoint); absent: the calls above, one each.
   */
  update?: (subscriber: string, changes: SubscriptionChanges, q?: Queryable) => Promise<void>
}

/** SqlSubscriptionManager: writes the repo's table directly (facts §3.6), on the repo's pool unless given a client. */
export function sqlSubscriptionManager (repo: Pick<WikiDatabase, 'pool' | 'dataSchema'>): SubscriptionManager {
  return {
    subscribe: async (subscriber, ids, q = repo.pool) => { await subscribe(q, repo, subscriber, [...new Set(ids)].sort()) },
    unsubscribe: async (subscriber, ids, q = repo.pool) => { await unsubscribe(q, repo, subscriber, [...new Set(ids)]) },
    setUsageCounts: async (subscriber, counts, q = repo.pool) => { await setUsageCounts(q, repo, subscriber, counts) },
    update: async (subscriber, changes, q = repo.pool) => { await updateSubscriptions(q, repo, subscriber, changes) }
  }
}

/** UsageLookup::getUnusedEntities: which of the given entities no page of this wiki uses. */
export interface UnusedEntityLookup {
  getUnusedEntities: (entityIds: readonly EntityId[], q?: ClientBase) => Promise<EntityId[]>
}

/** A client database whose usage-count outbox a save marks. */
export type CountOutboxDb = Pick<WikiDatabase, 'siteId' | 'dataSchema' | 'queueSchema' | 'pool'>

export interface UsageUpdaterOptions {
  tracker: SqlUsageTracker
  /** Where "unused?" is asked (Wikibase's separate UsageLookup); default: the tracker's own table. */
  lookup?: UnusedEntityLookup
  subscriptions: SubscriptionManager
  /** This client's global site id: the subscriber id. */
  subscriberId: string
  /**
   * Whether the repo's tables live where the caller's transaction is (a wiki that is its own
   * repo): then subscriptions are written in that transaction too.
   */
  repoInClientTransaction: boolean
  /**
   * Beyond Wikibase: where a farm client defers its usage counts — this client's own database,
   * whose outbox (client migration 080) the save marks in its transaction and
   * wikibase:syncUsageCounts writes to the repo later (usage-count-sync.ts). Absent or null:
   * the counts go to the manager's `setUsageCounts` in the save, as subscriptions do.
   */
  countOutbox?: CountOutboxDb | null
}

/**
 * UsageUpdater (facts §5.5): writes a page's usages, then brings this client's subscriptions
 * in line. With a transaction client, the usage rows and the "now unused?" check run in it,
 * and the entities involved are locked for the rest of that transaction (advisory locks,
 * taken in a fixed order), so two pages saved at once cannot leave the client unsubscribed
 * from an entity one of them still uses.
 */
export class UsageUpdater {
  readonly #options: UsageUpdaterOptions

  constructor (options: UsageUpdaterOptions) {
    this.#options = options
  }

  get tracker (): SqlUsageTracker {
    return this.#options.tracker
  }

  get #lookup (): UnusedEntityLookup {
    return this.#options.lookup ?? this.#options.tracker
  }

  /** `addUsagesForPage`: additive; subscribes to the entities that were unused before. */
  async addUsagesForPage (pageId: PageId, usages: readonly EntityUsage[], tx?: ClientBase): Promise<void> {
    if (usages.length === 0) return
    const { tracker } = this.#options
    await this.#lockEntities(tx, entityIdsOf(usages))
    const unusedBefore = new Set(await this.#lookup.getUnusedEntities(entityIdsOf(usages), tx))
    const inserted = await tracker.addUsedEntities(pageId, usages, tx)
    // Only an inserted usage can add the page to an entity's pages; removed modified ones leave a bare one.
    await this.#write({ ...planAddUsagesSubscriptions(usages, unusedBefore), counts: await this.#recount(entityIdsOf(inserted), tx) }, tx)
  }

  /**
   * `replaceUsagesForPage`: the page's usages become `usages`. Beyond Wikibase (which
   * re-subscribes every entity of the page on each save): subscribes only to entities new to
   * this wiki and unsubscribes only from entities no page uses any more, both decided under
   * the entities' locks in `tx`, so `wb_changes_subscription` stays exact; when the page
   * gained or lost no entity the repo is not written at all. Client side: two statements
   * (lock, write-and-report; page-usage-store.ts).
   */
  async replaceUsagesForPage (
    pageId: PageId, usages: readonly EntityUsage[], tx?: ClientBase
  ): Promise<{ removed: EntityUsage[], subscribed: EntityId[], unsubscribed: EntityId[] }> {
    const outbox = this.#countOutbox
    // Deferred counts: the write statement marks the outbox itself, and only needs "used
    // elsewhere?" (an index probe), not a count of pages.
    const keepCounts = outbox === null && this.#options.subscriptions.setUsageCounts !== undefined
    const write = await this.#options.tracker.replacePageUsages(pageId, usages, keepCounts, tx, outbox)
    if (write === null) return { removed: [], subscribed: [], unsubscribed: [] }
    if (write.syncJobMissing && outbox !== null) await queueUsageCountSync(tx ?? outbox.pool, outbox)
    const update = planReplaceUsagesSubscriptions(write.touched, keepCounts)
    await this.#write(update, tx)
    return { removed: sortedUniqueUsages(write.removed), subscribed: update.subscribe, unsubscribed: update.unsubscribe }
  }

  /** `pruneUsagesForPage` (page deleted): unsubscribes from pruned entities now unused. */
  async pruneUsagesForPage (pageId: PageId, tx?: ClientBase): Promise<{ pruned: EntityUsage[], unsubscribed: EntityId[] }> {
    const { tracker } = this.#options
    const current = await tracker.getUsagesForPage(pageId, tx)
    await this.#lockEntities(tx, entityIdsOf(current))
    const pruned = await tracker.pruneUsages(pageId, tx)
    const unusedAfter = new Set(await this.#lookup.getUnusedEntities(entityIdsOf(pruned), tx))
    const plan = planPruneUsagesSubscriptions(pruned, unusedAfter)
    await this.#write({ ...plan, counts: await this.#recount(entityIdsOf(pruned), tx) }, tx)
    return { pruned, unsubscribed: plan.unsubscribe }
  }

  /**
   * Recounts this client's pages of `entityIds` (in the caller's transaction, so it sees the
   * rows just written, under the entity locks taken above), for the repo's usage counts.
   * A recount, not an increment: two saves of pages using one entity cannot make it drift.
   * With deferred counts: marks them in the outbox instead (in `tx`) and returns nothing.
   */
  async #recount (entityIds: readonly EntityId[], tx: ClientBase | undefined): Promise<Map<EntityId, number>> {
    if (this.#options.subscriptions.setUsageCounts === undefined || entityIds.length === 0) return new Map()
    const outbox = this.#countOutbox
    if (outbox !== null) {
      await markUsageCounts(tx ?? outbox.pool, outbox, entityIds)
      return new Map()
    }
    return await this.#options.tracker.countPagesUsing(entityIds, tx)
  }

  /** Where counts are deferred to; null when the save writes them to the repo (or none are kept). */
  get #countOutbox (): CountOutboxDb | null {
    return this.#options.subscriptions.setUsageCounts === undefined ? null : this.#options.countOutbox ?? null
  }

  /**
   * A page's repo writes, made while `tx` holds the entities' locks (so two saves cannot
   * reorder them): nothing when empty, else one round trip where the manager can.
   */
  async #write (update: SubscriptionUpdate, tx: ClientBase | undefined): Promise<void> {
    const { subscriptions, subscriberId, repoInClientTransaction } = this.#options
    if (isEmptyUpdate(update)) return
    const q = repoInClientTransaction ? tx : undefined
    if (subscriptions.update !== undefined) {
      await subscriptions.update(subscriberId, update, q)
      return
    }
    await this.#apply(update, tx)
    if (update.counts.size > 0) await subscriptions.setUsageCounts?.(subscriberId, update.counts, q)
  }

  async #apply (plan: { subscribe: EntityId[], unsubscribe: EntityId[] }, tx: ClientBase | undefined): Promise<void> {
    const { subscriptions, subscriberId, repoInClientTransaction } = this.#options
    const q = repoInClientTransaction ? tx : undefined
    if (plan.subscribe.length > 0) await subscriptions.subscribe(subscriberId, plan.subscribe, q)
    if (plan.unsubscribe.length > 0) await subscriptions.unsubscribe(subscriberId, plan.unsubscribe, q)
  }

  async #lockEntities (tx: ClientBase | undefined, ids: readonly EntityId[]): Promise<void> {
    if (tx !== undefined) await lockEntities(tx, this.#options.tracker.db, ids)
  }
}
