import type { WikibaseRuntime } from '../runtime.js'
import { SiteLookup } from '../sites/site-lookup.js'
import type { ParserContext } from '../../hooks/contract.js'
import { parseSessionFor, type ClientDataAccessConfig, type ClientParseSession } from './data-access/client-parse-session.js'
import { EntityAccess } from './data-access/entity-access.js'
import { SqlUsageTracker } from './usage/sql-usage-tracker.js'
import { parseDisabledUsageAspects } from './usage/usage-accumulator.js'
import type { EntityUsageModifierLimits } from './usage/usage-deduplicator.js'
import { sqlSubscriptionManager, UsageUpdater } from './usage/usage-updater.js'

/** The client role's services, built once per plugin instance from the runtime. */
export interface ClientServices {
  config: ClientDataAccessConfig
  tracker: SqlUsageTracker
  updater: UsageUpdater
  sites: SiteLookup
  modifierLimits: EntityUsageModifierLimits
  entityUsagePerPageLimit: number
  /** The parse session of a parser context (created on first use). */
  session: (context: ParserContext) => ClientParseSession
  /** The entity-access API bound to a parse. */
  entityAccess: (context: ParserContext) => EntityAccess
}

const cache = new WeakMap<WikibaseRuntime, ClientServices>()

/** The client services of a runtime; null when the wiki has no repo (not a client). */
export function clientServices (runtime: WikibaseRuntime): ClientServices | null {
  const repo = runtime.repo
  if (repo === null) return null
  let services = cache.get(runtime)
  if (services !== undefined) return services
  const settings = runtime.options.client
  const config: ClientDataAccessConfig = { siteId: runtime.self.siteId, repo, settings, log: runtime.log }
  const tracker = new SqlUsageTracker(runtime.self, {
    addEntityUsagesBatchSize: settings.addEntityUsagesBatchSize,
    entityUsagePerPageLimit: settings.entityUsagePerPageLimit,
    disabledUsageAspects: parseDisabledUsageAspects(settings.disabledUsageAspects)
  }, runtime.log)
  const updater = new UsageUpdater({
    tracker,
    subscriptions: sqlSubscriptionManager(repo),
    subscriberId: runtime.self.siteId,
    repoInClientTransaction: repo === runtime.self
  })
  services = {
    config,
    tracker,
    updater,
    sites: new SiteLookup(runtime.self),
    modifierLimits: settings.entityUsageModifierLimits as EntityUsageModifierLimits,
    entityUsagePerPageLimit: settings.entityUsagePerPageLimit,
    session: context => parseSessionFor(config, context),
    entityAccess: context => new EntityAccess(parseSessionFor(config, context))
  }
  cache.set(runtime, services)
  return services
}

/** Releases what the client services hold (the SiteLookup's change listener); call from onClose. */
export function closeClientServices (runtime: WikibaseRuntime): void {
  cache.get(runtime)?.sites.close()
  cache.delete(runtime)
}
