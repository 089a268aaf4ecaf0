import type { FastifyBaseLogger } from 'fastify'
import type { ParserContext, WikiHost } from '../../hooks/contract.js'
import type { WikibaseHookBus } from '../../hooks/plugin-hooks.js'
import type { WikiDatabase } from '../db/wiki-database.js'
import type { ClientSettings } from '../options.js'
import type { EntityChange, SerializedEntityChange } from '../changes/entity-change.js'
import { sqlRepoReader, type RepoReader } from '../repo-reader/repo-reader.js'
import { SiteLookup } from '../sites/site-lookup.js'
import { parseSessionFor, type ClientDataAccessConfig, type ClientParseSession } from './data-access/client-parse-session.js'
import { EntityAccess } from './data-access/entity-access.js'
import { handleChanges, NO_ROOT_JOB, type ChangeHandlerDeps, type HandledChange, type RootJobParams } from './changes/change-handler.js'
import { recentChangeDeps, type RecentChangeLookups } from './changes/recent-change-deps.js'
import type { RecentChangeFactoryDeps } from './changes/recent-change-factory.js'
import { SqlUsageTracker } from './usage/sql-usage-tracker.js'
import { parseDisabledUsageAspects } from './usage/usage-accumulator.js'
import type { EntityUsageModifierLimits } from './usage/usage-deduplicator.js'
import { sqlSubscriptionManager, UsageUpdater } from './usage/usage-updater.js'
import type { DataUpdateDeps } from './usage/data-update-handler.js'

/** What the client role is built from: the resolved options and databases of the plugin. */
export interface ClientWiring {
  settings: ClientSettings
  /** This wiki's own database and queue. */
  self: WikiDatabase
  /** The repo's database (`self` when the wiki is its own repo). */
  repo: WikiDatabase
  host: WikiHost | undefined
  hooks: WikibaseHookBus<EntityChange>
  log: FastifyBaseLogger
}

/**
 * The client role's services, built once per plugin instance: what its hook handlers and
 * tasks (jobs/: entityChangeNotification, purgeWebCache, refreshLinks, injectRCRecords) are
 * made from.
 */
export interface ClientServices extends DataUpdateDeps {
  /** This wiki's own database and queue. */
  db: WikiDatabase
  settings: ClientSettings
  host: WikiHost | undefined
  log: FastifyBaseLogger
  config: ClientDataAccessConfig
  /** The queries this client runs against the repo's database. */
  repoReader: RepoReader
  tracker: SqlUsageTracker
  updater: UsageUpdater
  sites: SiteLookup
  modifierLimits: EntityUsageModifierLimits
  entityUsagePerPageLimit: number
  /** The entity-access API bound to a parse. */
  entityAccess: (context: ParserContext) => EntityAccess
  /** What the change handler works with. */
  changeHandler: ChangeHandlerDeps
  /** ChangeHandler::handleChanges of this client (the entityChangeNotification task calls it). */
  handleChanges: (rows: readonly SerializedEntityChange[], repoSiteId: string, root?: Readonly<RootJobParams>) => Promise<HandledChange[]>
  /** The RecentChangeFactory's lookups for one change (the injectRCRecords task uses them). */
  recentChangeDeps: (change: EntityChange, repoSiteId: string, language: string) => Promise<RecentChangeFactoryDeps>
  /** Releases what the services hold (the SiteLookup's change listener); called on close. */
  close: () => void
}

/** Builds the client role's services. */
export function wireClient ({ settings, self, repo, host, hooks, log }: ClientWiring): ClientServices {
  const repoReader = sqlRepoReader(repo)
  const config: ClientDataAccessConfig = { siteId: self.siteId, repo: repoReader, settings, log }
  const tracker = new SqlUsageTracker(self, {
    addEntityUsagesBatchSize: settings.addEntityUsagesBatchSize,
    entityUsagePerPageLimit: settings.entityUsagePerPageLimit,
    disabledUsageAspects: parseDisabledUsageAspects(settings.disabledUsageAspects)
  }, log)
  const updater = new UsageUpdater({
    tracker,
    subscriptions: sqlSubscriptionManager(repo),
    subscriberId: self.siteId,
    repoInClientTransaction: repo === self
  })
  const sites = new SiteLookup(self)
  const changeHandler: ChangeHandlerDeps = { db: self, settings, host, repo: repoReader, hooks, log }
  const lookups: RecentChangeLookups = { db: self, repo, sites, host, log }
  return {
    db: self,
    settings,
    host,
    hooks,
    log,
    config,
    repoReader,
    tracker,
    updater,
    sites,
    modifierLimits: settings.entityUsageModifierLimits as EntityUsageModifierLimits,
    entityUsagePerPageLimit: settings.entityUsagePerPageLimit,
    session: context => parseSessionFor(config, context),
    entityAccess: context => new EntityAccess(parseSessionFor(config, context)),
    changeHandler,
    handleChanges: async (rows, repoSiteId, root = NO_ROOT_JOB) => await handleChanges(rows, repoSiteId, changeHandler, root),
    recentChangeDeps: async (change, repoSiteId, language) => await recentChangeDeps(lookups, change, repoSiteId, language),
    close: () => { sites.close() }
  }
}
