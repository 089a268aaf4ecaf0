import type { FastifyBaseLogger } from 'fastify'
import type { ClientHostServices, WikiHost } from '../../hooks/contract.js'
import type { WikibaseHookBus } from '../../hooks/plugin-hooks.js'
import type { WikiDatabase } from '../db/wiki-database.js'
import type { ClientSettings, RemoteRepo } from '../options.js'
import type { EntityChange } from '../changes/entity-change.js'
import { sqlRepoReader, type RepoReader } from '../repo-reader/repo-reader.js'
import { httpRepoReader } from '../remote/http-repo-reader.js'
import { repoHttp } from '../remote/repo-http.js'
import { outboxSubscriptionManager } from './usage/outbox-subscription-manager.js'
import type { SubscriptionSyncDeps } from '../remote/subscription-sync.js'
import { SiteLookup } from '../sites/site-lookup.js'
import { pageUrl } from '../sites/site-page-url.js'
import type { EntityId } from '../../hooks/ids.js'
import { parseSessionFor, type ClientDataAccessConfig } from './data-access/client-parse-session.js'
import { EntityAccess } from './data-access/entity-access.js'
import { handleChanges, NO_ROOT_JOB, type ChangeHandlerDeps } from './changes/change-handler.js'
import { drainInbox } from './changes/inbox-drain.js'
import { recentChangeDeps, type RecentChangeLookups } from './changes/recent-change-deps.js'
import { SqlUsageTracker } from './usage/sql-usage-tracker.js'
import { parseDisabledUsageAspects } from './usage/usage-accumulator.js'
import type { EntityUsageModifierLimits } from './usage/usage-deduplicator.js'
import type { ClientServices } from './client-services.js'
import { sqlSubscriptionManager, UsageUpdater, type SubscriptionManager } from './usage/usage-updater.js'
import { describePages } from './api/description-prop.js'
import type { DescriptionLookupDeps } from './description/description-lookup.js'

/** What the client role is built from: the resolved options and databases of the plugin. */
export interface ClientWiring {
  settings: ClientSettings
  /** This wiki's own database and queue. */
  self: WikiDatabase
  /**
   * How the client reaches its repo: the repo's database (`self` when the wiki is its own
   * repo), or, in remote mode, the repo's base URL and this client's token.
   */
  repo: { database: WikiDatabase } | { remote: RemoteRepo }
  host: WikiHost<ClientHostServices> | undefined
  hooks: WikibaseHookBus<EntityChange>
  log: FastifyBaseLogger
}

/**
 * RepoLinker::getEntityUrl: the repo's `Special:EntityPage/<id>` under its page path in this
 * wiki's sites table; null when the repo has no site row or no page path.
 */
async function entityUrl (sites: SiteLookup, repoSiteId: string, id: EntityId): Promise<string | null> {
  const site = await sites.getSite(repoSiteId)
  return site === null ? null : pageUrl(site, `Special:EntityPage/${id}`)
}

/** Builds the client role's services, once per plugin instance. */
export function wireClient ({ settings: configured, self, repo, host, hooks, log }: ClientWiring): ClientServices {
  // A remote repo's queue is out of reach and it has no UpdateRepo route yet (issue 19 leaves
  // it): page moves and deletions are not propagated, and not even looked up in the host's
  // transaction (no request to the repo while a move commits).
  const settings = 'remote' in repo ? { ...configured, propagateChangesToRepo: false } : configured
  const access = repoAccess(repo, self, settings, log)
  const { repoReader, repoSiteId } = access
  const sites = new SiteLookup(self)
  const config: ClientDataAccessConfig = {
    siteId: self.siteId, repo: repoReader, settings, log, entityUrl: async id => await entityUrl(sites, repoSiteId, id)
  }
  const disabledUsageAspects = parseDisabledUsageAspects(settings.disabledUsageAspects)
  const tracker = new SqlUsageTracker(self, {
    addEntityUsagesBatchSize: settings.addEntityUsagesBatchSize,
    entityUsagePerPageLimit: settings.entityUsagePerPageLimit,
    disabledUsageAspects
  }, log)
  const updater = new UsageUpdater({
    tracker,
    subscriptions: access.subscriptions,
    subscriberId: self.siteId,
    repoInClientTransaction: access.repoInClientTransaction,
    // A farm client defers its usage counts to its own outbox (wikibase:syncUsageCounts);
    // a remote-mode client's counts already travel with its subscription outbox.
    countOutbox: access.repoDb === null ? null : self
  })
  const changeHandler: ChangeHandlerDeps = { db: self, settings, host, repo: repoReader, hooks, log }
  const lookups: RecentChangeLookups = { db: self, entitySourceIsLocal: access.repoDb === self, sites, host, log }
  // Without the host's page props no page has a description (the service is optional).
  const pageProperties = host?.services.pageProperties
  const descriptionDeps: DescriptionLookupDeps = {
    pageProperties: pageProperties === undefined ? async () => new Map() : async (ids, names) => await pageProperties(ids, names),
    repo: repoReader
  }
  return {
    db: self,
    repoDb: access.repoDb,
    repoSiteId,
    subscriptionSync: access.subscriptionSync,
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
    disabledUsageAspects,
    entityUsagePerPageLimit: settings.entityUsagePerPageLimit,
    session: context => parseSessionFor(config, context),
    entityAccess: context => new EntityAccess(parseSessionFor(config, context)),
    changeHandler,
    handleChanges: async (rows, repoSiteId, root = NO_ROOT_JOB) => await handleChanges(rows, repoSiteId, changeHandler, root),
    drainInbox: async repoSiteId => await drainInbox(repoSiteId, { ...changeHandler, inboxSettings: settings }),
    recentChangeDeps: async (change, repoSiteId, language) => await recentChangeDeps(lookups, change, repoSiteId, language),
    describePages: async request => await describePages(descriptionDeps, settings, request),
    close: () => { sites.close() }
  }
}

/** What the client reads and writes of its repo, by the way it reaches it. */
interface RepoAccess {
  repoSiteId: string
  repoReader: RepoReader
  subscriptions: SubscriptionManager
  /** Whether subscription writes go into the page save's own transaction. */
  repoInClientTransaction: boolean
  repoDb: WikiDatabase | null
  subscriptionSync: SubscriptionSyncDeps | null
}

/**
 * A farm client reads and subscribes in the repo's database; a remote-mode client (issue 19)
 * reads over HTTP through its entity cache and records its subscription changes in its own
 * outbox, in the page save's transaction, for wikibase:syncSubscriptions to send.
 */
function repoAccess (repo: ClientWiring['repo'], self: WikiDatabase, settings: ClientSettings, log: FastifyBaseLogger): RepoAccess {
  if ('database' in repo) {
    const db = repo.database
    return {
      repoSiteId: db.siteId,
      repoReader: sqlRepoReader(db),
      subscriptions: sqlSubscriptionManager(db),
      repoInClientTransaction: db === self,
      repoDb: db,
      subscriptionSync: null
    }
  }
  const http = repoHttp(repo.remote, { timeoutMs: settings.remoteRepoTimeout, maxResponseBytes: settings.remoteRepoMaxResponseBytes })
  return {
    repoSiteId: repo.remote.siteId,
    repoReader: httpRepoReader({ db: self, http, log }),
    subscriptions: outboxSubscriptionManager(self),
    repoInClientTransaction: true,
    repoDb: null,
    subscriptionSync: { db: self, http, log }
  }
}
