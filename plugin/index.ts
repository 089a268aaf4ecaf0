import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import type pg from 'pg'
import { resolveOptions, type WikibaseOptions, type WikiEndpoint } from './options.js'
import { PoolSet, watchPoolErrors } from './db/pool-set.js'
import { migrateWiki } from './db/migrator.js'
import { withTransaction, type WikiDatabase } from './db/wiki-database.js'
import { InvalidOptionError } from './errors.js'
import { buildTaskList } from './queue/task-list.js'
import { joinRunner } from './queue/shared-runner.js'
import { queueTermIndexBackfill } from './repo/entities/term-index-backfill.js'
import { queueOrphanSweep } from './repo/dispatch/orphan-sweep.js'
import type { WikibaseRuntime } from './runtime.js'
import { createFacade, RUNTIME, type WikibaseFacade } from './facade.js'
import { tasksFor } from '../jobs/index.js'
import { crontabFor } from '../jobs/crontab.js'
import { queuePullChanges } from '../jobs/pull-changes.js'
import { registerChangePushRoute } from './client/remote/change-push-route.js'
import { pushKey } from './remote/credentials.js'
import { registerDispatchRoutes } from './repo/dispatch/dispatch-routes.js'
import { registerSiteRoutes } from './sites/site-routes.js'
import { registerRepoRoutes } from './repo/rest/repo-routes.js'
import { registerChangeFeedRoutes } from './repo/change-feed/feed-routes.js'
import { registerRemoteClientRoutes } from './repo/remote-clients/remote-client-routes.js'
import { refuseFarmRemoteCollisions } from './repo/remote-clients/remote-client-collisions.js'
import { setRestErrorHandler } from './repo/rest/rest-errors.js'
import { registerActionApiRoutes } from './action-api/action-api-routes.js'
import { clientOnlyActionApi } from './action-api/wire-action-api.js'
import { openApiSessions } from './action-api/session/api-sessions.js'
import { wireRepo } from './repo/wire.js'
import { wireClient } from './client/wire.js'
import { registerHostHooks } from './hook-table.js'
import { createWikibaseHooks, type WikibaseHooks } from '../hooks/plugin-hooks.js'
import type { EntityChange } from './changes/entity-change.js'
import type { SiteGlobalId } from '../hooks/ids.js'
import { installRequestInputGuard } from './http/request-input-guard.js'
import { assertHostUsesPluginDatabase } from './host-database-check.js'
import { clientHost } from './host-requirements.js'
import { registerConfiguredSites } from './sites/configured-sites.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The registered wiki, read-only (see WikibaseFacade). */
    readonly wikibase: WikibaseFacade
  }
}

const wikibase: FastifyPluginAsync<WikibaseOptions> = async (fastify, rawOptions) => {
  const options = resolveOptions(rawOptions)
  const pools = new PoolSet(fastify.log, options.worker.concurrency + 8)
  let runtime: WikibaseRuntime | undefined // eslint-disable-line prefer-const -- read by onClose before it is set
  // Added first, so a registration that fails half-way still ends what it opened. One hook,
  // so the order is explicit: running jobs finish, then the pools they use end.
  fastify.addHook('onClose', async () => {
    await runtime?.worker?.stop()
    runtime?.client?.close()
    await pools.close()
  })

  const ownPool = options.pool ?? (options.database !== undefined ? pools.open(options.database) : hostPool(fastify))
  watchPoolErrors(ownPool, fastify.log)
  const connect = (endpoint: WikiEndpoint): WikiDatabase => ({
    siteId: endpoint.siteId,
    pool: endpoint.database === undefined ? ownPool : pools.open(endpoint.database),
    dataSchema: endpoint.dataSchema,
    queueSchema: endpoint.queueSchema
  })
  const self = connect(options.self)
  // Before anything is written: a host on another database would lose every hand-off.
  if (options.host !== undefined) await assertHostUsesPluginDatabase(options.host, self.pool)
  await migrateWiki(self, options.roles, fastify.log)
  const added = await registerConfiguredSites(self, options.sites)
  if (added > 0) fastify.log.info(`fastify-wikibase: added ${added} configured site(s) to the sites table`)

  const clients = new Map<SiteGlobalId, WikiDatabase>([...options.clients].map(([id, endpoint]) => [id, endpoint === options.self ? self : connect(endpoint)]))
  const repoDb = options.repo === null ? null : options.repo === options.self ? self : connect(options.repo)
  const host = options.host
  const hooks = createWikibaseHooks<EntityChange>()
  // Every wiki serves api.php (its roles choose the modules), so every wiki has sessions.
  const sessions = await openApiSessions(self, options)
  const repoServices = options.roles.has('repo') ? await wireRepo({ options, self, clients, host, hooks, log: fastify.log, sessions }) : null
  const actionApi = repoServices?.actionApi ?? clientOnlyActionApi({ options, self, host, sessions })
  // Entities saved before the term index existed: indexed by a queued job, by whichever worker runs it.
  if (repoServices !== null && await queueTermIndexBackfill(self)) fastify.log.info('fastify-wikibase: queued wikibase:reindexTerms (term index backfill)')
  // A site both configured as a farm client and registered as a remote one would get every change twice.
  if (repoServices !== null) await refuseFarmRemoteCollisions(self, clients.keys())
  // Sites that hold subscriptions or deliveries but are no client, configured or remote (closed, removed): swept by a queued job.
  const orphans = repoServices === null ? [] : await queueOrphanSweep(self, new Set<string>(clients.keys()))
  if (orphans.length > 0) fastify.log.warn({ orphans }, 'fastify-wikibase: queued wikibase:sweepOrphanSubscriptions (sites that are no configured client)')
  // Nothing awaited from here until `runtime` is set: onClose releases what the client holds.
  const repoAccess = repoDb !== null ? { database: repoDb } : options.remoteRepo !== null ? { remote: options.remoteRepo } : null
  const client = repoAccess === null ? null : wireClient({ settings: options.client, self, repo: repoAccess, host: clientHost(host), hooks, log: fastify.log })
  runtime = {
    options,
    self,
    repo: repoDb,
    clients,
    host,
    hooks,
    log: fastify.log,
    sessions,
    client,
    worker: null
  }
  // Hosts and other plugins get the frozen facade; the full runtime (pools, worker) sits under a
  // symbol the package entries do not export, for the package's own code.
  fastify.decorate('wikibase', createFacade(runtime))
  fastify.decorate(RUNTIME, runtime)
  if (host !== undefined) registerHostHooks(host, { client, repo: repoServices === null ? null : {} })
  // Every route of the plugin in one scope behind the request-input guard (JSON depth,
  // strings PostgreSQL cannot store); the host's own routes are not touched.
  void fastify.register(async routes => {
    installRequestInputGuard(routes, { maxJsonDepth: options.maxRequestJsonDepth })
    registerSiteRoutes(routes, { routePrefix: options.routePrefix, db: self, setErrorHandler: setRestErrorHandler })
    if (repoServices !== null) {
      registerDispatchRoutes(routes, repoServices.dispatchRoutes)
      registerRepoRoutes(routes, repoServices.restRoutes)
      registerChangeFeedRoutes(routes, repoServices.changeFeed)
      registerRemoteClientRoutes(routes, repoServices.remoteClients)
    }
    // A client in remote mode (issue 19) is pushed its changes over HTTP, signed with the key of its token.
    if (client !== null && options.remoteRepo !== null) {
      registerChangePushRoute(routes, {
        routePrefix: options.routePrefix, db: self, repoSiteId: options.remoteRepo.siteId, siteId: self.siteId,
        pushKey: pushKey(options.remoteRepo.token), log: fastify.log
      })
    }
    registerActionApiRoutes(routes, { ...actionApi, client })
  })

  if (options.worker.enabled) {
    const remote = options.remoteRepo
    const remotePull = remote === null
      ? null
      : { db: self, repoSiteId: remote.siteId, siteId: self.siteId, repoUrl: remote.url, token: remote.token, log: fastify.log }
    const tasks = tasksFor({ repo: repoServices?.dispatch ?? null, client: options.roles.has('client') ? client : null, remotePull })
    // Wikis of this process on the same queue (database + `schema.queue`) share one runner.
    runtime.worker = await joinRunner({
      db: self,
      settings: options.worker,
      taskList: buildTaskList(tasks, self.queueSchema),
      crontab: crontabFor(self.siteId, options.roles, options.repoSettings, remote?.siteId ?? null),
      log: fastify.log
    })
    // A remote client catches up from the repo's feed whenever its worker starts: what was
    // pushed while it was away failed and waits in the repo's retries; the pull does not wait.
    if (remote !== null) await withTransaction(self.pool, async tx => { await queuePullChanges(tx, self, remote.siteId) })
  }
}

function hostPool (fastify: FastifyInstance): pg.Pool {
  const pg = (fastify as FastifyInstance & { pg?: { pool?: pg.Pool } }).pg
  if (pg?.pool === undefined) {
    throw new InvalidOptionError('database', 'is required: give a connection string, a pg pool (`pool`), or register @fastify/postgres first')
  }
  return pg.pool
}

export default fp(wikibase, { name: 'fastify-wikibase', fastify: '5.x' })

// The public API: everything a host or another plugin needs comes from this entry (the host
// contract's service types also from `fastify-wikibase/hooks`, the conformance checks from
// `fastify-wikibase/testing`).
export { resolveOptions } from './options.js'
export type { WikibaseOptions, Role } from './options.js'
export type { WikibaseFacade, WikibaseHookRegistry } from './facade.js'
export type { EntityChange } from './changes/entity-change.js'
/** The plugin's own hooks (`fastify.wikibase.hooks`), their events carrying the plugin's changes. */
export type WikibasePluginHooks = WikibaseHooks<EntityChange>
/** The names of the plugin's hooks. */
export type WikibaseHookName = keyof WikibasePluginHooks
export type {
  DispatchBeforeEvent, DispatchAfterEvent, ChangesCoalescedEvent, ChangeAffectedPagesEvent, ChangeHandledEvent, UsageRecordedEvent
} from '../hooks/plugin-hooks.js'
export { createWikiHost } from '../hooks/contract.js'
export type { WikiHost, HostServices, HostHooks } from '../hooks/contract.js'
export { WikibaseError, InvalidOptionError, HostContractError, InvalidJobPayloadError } from './errors.js'
// The ids and their parsers, so a host needs only this entry for the common types.
export type { EntityId, EntityType, PageId, SiteGlobalId } from '../hooks/ids.js'
export { InvalidEntityIdError, isEntityId, parseEntityId, entityTypeOf, numericIdOf, isSiteGlobalId, parseSiteGlobalId, parsePageId } from '../hooks/ids.js'
