import { getSiteLinkDiff, isItemChange, type EntityChange } from '../../changes/entity-change.js'

export interface DispatchTargets {
  /** Known client wikis that get the changes, sorted. */
  targets: string[]
  /** Subscribers or linked sites with no client configuration (closed or renamed wikis). */
  unknown: string[]
  /** Targets reached only through a sitelink change, not a subscription. */
  viaSitelinkOnly: string[]
}

/**
 * DispatchChangesJob's target rule: subscribers ∪ sites whose sitelink changed (items
 * only; badge-only changes excluded), intersected with the configured clients.
 */
export function dispatchTargets (changes: readonly EntityChange[], subscribers: readonly string[], knownClients: ReadonlySet<string>): DispatchTargets {
  const linked = new Set<string>()
  for (const change of changes) {
    if (!isItemChange(change)) continue
    for (const site of Object.keys(getSiteLinkDiff(change))) linked.add(site)
  }
  const subscribed = new Set(subscribers)
  const all = [...new Set([...subscribers, ...linked])].sort()
  return {
    targets: all.filter(site => knownClients.has(site)),
    unknown: all.filter(site => !knownClients.has(site)),
    viaSitelinkOnly: all.filter(site => knownClients.has(site) && !subscribed.has(site))
  }
}
