/**
 * Orphan subscribers (beyond Wikibase, T292512): site ids that hold subscriptions, pending
 * deliveries or usage counts on the repo but are no client in its configuration — a wiki
 * that was closed or removed. Wikibase keeps their wb_changes_subscription rows forever and
 * skips them on every dispatch; this repo drops them (orphan-sweep.ts).
 *
 * The sites table has no "closed" mark (MediaWiki's sites have none; Wikimedia lists closed
 * wikis in its configuration, closed.dblist), so the repo's `clients` option is the one
 * source: a wiki is closed for the repo when it is no longer configured as a client.
 */

/** What one subscriber holds on the repo. */
export interface SubscriberFootprint {
  site: string
  subscriptions: number
  deliveries: number
  usageCounts: number
}

/** The subscribers among `found` that are not configured clients, sorted, each once. */
export function orphanSubscribers (found: Iterable<string>, configured: ReadonlySet<string>): string[] {
  return [...new Set(found)].filter(site => !configured.has(site)).sort()
}

/** The rows a purge of `footprint` removes in all: the size of its progress bar. */
export function purgeSize (footprint: SubscriberFootprint): number {
  return footprint.subscriptions + footprint.deliveries + footprint.usageCounts
}
