import { bareUsageOf, identityOf, type EntityUsage } from './entity-usage.js'

/**
 * The usages a new rendering found that the page's stored usages do not cover
 * (DataUpdateHookHandler::onParserCacheSaveComplete: `array_diff_key` of the two): neither
 * the usage itself nor its bare form (`Q1#L` covers `Q1#L.de`) is stored. `found` has had the
 * disabled aspects applied, as the tracker would store it.
 */
export function newUsagesOfRendering (found: readonly EntityUsage[], stored: readonly EntityUsage[]): EntityUsage[] {
  const storedIdentities = new Set(stored.map(identityOf))
  return found.filter(usage => !storedIdentities.has(identityOf(usage)) && !storedIdentities.has(identityOf(bareUsageOf(usage))))
}
