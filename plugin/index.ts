import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import type pg from 'pg'
import { resolveOptions, type WikibaseOptions, type WikiEndpoint } from './options.js'
import { PoolSet, watchPoolErrors } from './db/pool-set.js'
import { migrateWiki } from './db/migrator.js'
import type { WikiDatabase } from './db/wiki-database.js'
import { InvalidOptionError } from './errors.js'
import { buildTaskList } from './queue/task-list.js'
import { startWorker } from './queue/worker.js'
import type { WikibaseRuntime } from './runtime.js'
import { tasksFor, type ClientTaskDeps } from '../jobs/index.js'
import { crontabFor } from '../jobs/crontab.js'
import { registerRecentChangeSave } from './repo/hooks/recent-change-save.js'
import { registerDispatchRoutes } from './repo/dispatch/dispatch-routes.js'
import { registerSiteRoutes } from './sites/site-routes.js'
import { registerRepoRoutes } from './repo/rest/repo-routes.js'
import { setRestErrorHandler } from './repo/rest/rest-errors.js'
import { registerActionApiRoutes } from './repo/action-api/action-api-routes.js'
import { wireRepo } from './repo/wire.js'
import { registerClientHooks } from './client/client-hooks.js'
import { closeClientServices } from './client/client-services.js'
import { handleChanges } from './client/changes/change-handler.js'
import { recentChangeDeps } from './client/changes/recent-change-deps.js'
import { createWikibaseHooks } from '../hooks/plugin-hooks.js'
import type { SiteGlobalId } from '../hooks/ids.js'
import { installRequestInputGuard } from './http/request-input-guard.js'

declare module 'fastify' {
  interface FastifyInstance {
    wikibase: WikibaseRuntime
  }
}

const wikibase: FastifyPluginAsync<WikibaseOptions> = async (fastify, rawOptions) => {
  const options = resolveOptions(rawOptions)
  const pools = new PoolSet(fastify.log, options.worker.concurrency + 8)
  let runtime: WikibaseRuntime | undefined
  // Added first, so a registration that fails half-way still ends what it opened. One hook,
  // so the order is explicit: running jobs finish, then the pools they use end.
  fastify.addHook('onClose', async () => {
    await runtime?.worker?.stop()
    if (runtime !== undefined) closeClientServices(runtime)
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
  await migrateWiki(self, options.roles, fastify.log)

  const clients = new Map<SiteGlobalId, WikiDatabase>([...options.clients].map(([id, endpoint]) => [id, endpoint === options.self ? self : connect(endpoint)]))
  const hooks = createWikibaseHooks()
  const repoServices = options.roles.has('repo') ? await wireRepo({ options, self, clients, host: options.host, hooks, log: fastify.log }) : null
  runtime = {
    options,
    self,
    repo: options.repo === null ? null : options.repo === options.self ? self : connect(options.repo),
    clients,
    host: options.host,
    hooks,
    log: fastify.log,
    sessions: repoServices?.sessions ?? null,
    worker: null
  }
  fastify.decorate('wikibase', runtime)
  if (options.roles.has('client')) registerClientHooks(runtime)
  if (repoServices !== null) registerRecentChangeSave(options.host, repoServices.recentChangeSave)
  // Every route of the plugin in one scope behind the request-input guard (JSON depth,
  // strings PostgreSQL cannot store); the host's own routes are not touched.
  void fastify.register(async routes => {
    installRequestInputGuard(routes, { maxJsonDepth: options.maxRequestJsonDepth })
    registerSiteRoutes(routes, { routePrefix: options.routePrefix, db: self, setErrorHandler: setRestErrorHandler })
    if (repoServices !== null) {
      registerDispatchRoutes(routes, repoServices.dispatchRoutes)
      registerRepoRoutes(routes, repoServices.restRoutes)
      registerActionApiRoutes(routes, repoServices.actionApi)
    }
  })

  if (options.worker.enabled) {
    const tasks = tasksFor({ repo: repoServices?.dispatch ?? null, client: options.roles.has('client') ? clientTaskDeps(runtime) : null })
    runtime.worker = await startWorker({
      db: self,
      settings: options.worker,
      taskList: buildTaskList(tasks, self.queueSchema),
      crontab: crontabFor(options.roles, options.repoSettings),
      log: fastify.log
    })
  }
}

/**
 * The client tasks' dependencies, from today's client functions that take the runtime (the
 * client role's wiring will supply them instead).
 */
function clientTaskDeps (runtime: WikibaseRuntime): ClientTaskDeps {
  return {
    db: runtime.self,
    host: runtime.host,
    log: runtime.log,
    handleChanges: async (changes, repoSiteId, root) => await handleChanges(changes, repoSiteId, runtime, root),
    recentChangeDeps: async (change, repoSiteId, language) => await recentChangeDeps(runtime, change, repoSiteId, language)
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
export { resolveOptions } from './options.js'
export type { WikibaseOptions } from './options.js'
export type { WikibaseRuntime } from './runtime.js'
export { createWikiHost } from '../hooks/contract.js'
