import type { FastifyBaseLogger } from 'fastify'
import type { WikiHost } from '../../hooks/contract.js'
import type { SiteGlobalId } from '../../hooks/ids.js'
import type { WikibaseHookBus } from '../../hooks/plugin-hooks.js'
import type { WikiDatabase } from '../db/wiki-database.js'
import type { ResolvedOptions } from '../options.js'
import type { ActionApiDeps } from '../action-api/action-api-routes.js'
import type { DispatchRouteDeps } from './dispatch/dispatch-routes.js'
import { dispatchMetrics } from './dispatch/dispatch-metrics.js'
import { dispatchStats } from './dispatch/dispatch-stats.js'
import type { RepoRouteDeps } from './rest/repo-routes.js'
import { openApiSessions, type ApiSessions } from '../action-api/session/api-sessions.js'
import { validationSettingsOf } from './validation/validation-settings.js'
import { hostFirstPageInfoLookup } from './normalization/host-page-info-lookup.js'
import { clientApiPageInfoLookup } from './normalization/site-page-info-lookup.js'
import type { UpdateRepoDeps } from '../../jobs/update-repo.js'
import { moduleSetsFor } from '../action-api/wiki-module-sets.js'
import { currentLag, DEFAULT_DISPATCH_LAG_FACTOR } from './action-api/dispatch-lag.js'
import { registerEntityDataRoutes } from './action-api/entity-data-routes.js'
import { FeedHub } from './change-feed/feed-hub.js'
import type { FeedRouteDeps } from './change-feed/feed-routes.js'
import type { RemoteClientRouteDeps } from './remote-clients/remote-client-routes.js'

/** What the repo role is built from: the resolved options and the databases the plugin opened. */
export interface RepoWiring {
  options: ResolvedOptions
  /** The repo's own database and queue. */
  self: WikiDatabase
  /** Client wikis the repo dispatches to. */
  clients: ReadonlyMap<SiteGlobalId, WikiDatabase>
  host: WikiHost | undefined
  hooks: Pick<WikibaseHookBus, 'callHook'>
  log: FastifyBaseLogger
  /** Sessions to use instead of new ones (a second registration of the routes shares the first's). */
  sessions?: ApiSessions | null
}

/** Dispatch as the repo's tasks run it (wikibase:dispatchChanges, deliverChanges, resubmitChanges). */
export interface DispatchServices {
  repo: WikiDatabase
  clients: ReadonlyMap<SiteGlobalId, WikiDatabase>
  hooks: Pick<WikibaseHookBus, 'callHook'>
  log: FastifyBaseLogger
  /** Seconds after which the resubmit sweep re-queues a stuck change. */
  resubmitMinimumAge: number
  /** `repoSettings.dispatchShards` and `dispatchBatchSize`. */
  dispatchShards: number
  dispatchBatchSize: number
  /** What the UpdateRepoOnMove / OnDelete jobs (client page moved or deleted) edit with. */
  updateRepo: UpdateRepoDeps['updateRepo']
  /** Seconds the change feed keeps an entry (wikibase:sweepChangeFeed). */
  changeFeedRetention: number
}

/** The repo role's services, built once per plugin instance. */
export interface RepoServices {
  /** The action API's server-side sessions (also read by the REST API for its CSRF rule). */
  sessions: ApiSessions
  dispatch: DispatchServices
  dispatchRoutes: DispatchRouteDeps
  restRoutes: RepoRouteDeps
  actionApi: ActionApiDeps
  changeFeed: FeedRouteDeps
  remoteClients: RemoteClientRouteDeps
}

export async function wireRepo (wiring: RepoWiring): Promise<RepoServices> {
  const { options, self: db, host } = wiring
  const sessions = wiring.sessions ?? await openApiSessions(db, options)
  const clientIds = [...wiring.clients.keys()].sort()
  const validation = {
    ...validationSettingsOf(options.repoSettings),
    // Sitelink titles: redirects are learnt from the host when it runs the client (a farm),
    // else from the client's own api.php (Wikibase's way).
    ...(options.repoSettings.sitelinkPageLookup ? { sitePageInfo: hostFirstPageInfoLookup(host?.services.sitePageInfo, clientApiPageInfoLookup()) } : {})
  }
  const protectEntitiesUsedOnMoreThan = options.repoSettings.protectEntitiesUsedOnMoreThan
  const http = { routePrefix: options.routePrefix, bodyLimit: options.bodyLimit, maxRequestJsonDepth: options.maxRequestJsonDepth }
  // Edits save their change and queue its dispatch job themselves (dispatch/change-notifier.ts).
  const dispatchDelayMs = options.repoSettings.dispatchDelay
  const dispatchShards = options.repoSettings.dispatchShards
  return {
    sessions,
    dispatch: {
      repo: db,
      clients: wiring.clients,
      hooks: wiring.hooks,
      log: wiring.log,
      resubmitMinimumAge: options.repoSettings.resubmitMinimumAge,
      dispatchShards,
      dispatchBatchSize: options.repoSettings.dispatchBatchSize,
      changeFeedRetention: options.repoSettings.changeFeedRetention,
      updateRepo: { db, host, validation, clientSiteIds: new Set(clientIds), log: wiring.log, dispatchDelayMs, dispatchShards, protectEntitiesUsedOnMoreThan }
    },
    dispatchRoutes: {
      routePrefix: options.routePrefix,
      stats: async () => await dispatchStats(db.pool, db, clientIds),
      metrics: dispatchMetrics(db.pool, db, clientIds)
    },
    changeFeed: {
      routePrefix: options.routePrefix,
      db,
      clientIds: new Set(clientIds),
      hub: new FeedHub({ db, heartbeatMs: options.repoSettings.changeFeedHeartbeat * 1000, log: wiring.log })
    },
    remoteClients: { routePrefix: options.routePrefix, db, rateLimit: options.repoSettings.remoteClientRateLimit },
    restRoutes: {
      ...http, db, host, sessions, validation, dispatchDelayMs, dispatchShards, maxPatchOperations: options.maxPatchOperations, protectEntitiesUsedOnMoreThan
    },
    actionApi: {
      ...http, db, host, sessions, validation, dispatchDelayMs, dispatchShards, siteId: options.siteId,
      restrictionLevels: options.repoSettings.restrictionLevels,
      protectEntitiesUsedOnMoreThan,
      namespaces: options.repoSettings.entityNamespaces, roles: options.roles, moduleSets: moduleSetsFor(options.roles),
      currentLag: async () => await currentLag(db, DEFAULT_DISPATCH_LAG_FACTOR),
      roleRoutes: (app, { routePrefix, namespaces }) => { registerEntityDataRoutes(app, { routePrefix, db, host, sessions }, namespaces) }
    }
  }
}
