import type { FastifyInstance } from 'fastify'
import type { Role } from './options.js'
import type { WikibaseRuntime } from './runtime.js'
import type { SiteGlobalId } from '../hooks/ids.js'
import type { ParserContext, WikiHost } from '../hooks/contract.js'
import type { EntityAccess } from './client/data-access/entity-access.js'
import type { WikibaseHookBus } from '../hooks/plugin-hooks.js'
import type { EntityChange } from './changes/entity-change.js'
import { PACKAGE_VERSION } from './package-root.js'
import { pageRefreshView } from './client/refresh/page-refresh-view.js'

/** Subscribing to the plugin's hooks; firing them stays the plugin's own. */
export type WikibaseHookRegistry = Pick<WikibaseHookBus<EntityChange>, 'hook' | 'hookOnce' | 'removeHook'>

/**
 * `fastify.wikibase`: what hosts and other plugins may read of a registered wiki. Frozen; the
 * pools, the worker and the resolved options stay the plugin's (a host that wants the
 * database passes its own pool, a worker runs by `fastify-wikibase worker`).
 */
export interface WikibaseFacade {
  /** This package's version. */
  readonly version: string
  /** This wiki's global site id. */
  readonly siteId: SiteGlobalId
  /** The roles this wiki has. */
  readonly roles: readonly Role[]
  /** The prefix of every route the plugin registers. */
  readonly routePrefix: string
  /** The repo this wiki is a client of (its own id when it is its own repo); null when not a client. */
  readonly repoSiteId: SiteGlobalId | null
  /** The client wikis this repo dispatches to; empty when not a repo. */
  readonly clientSiteIds: readonly SiteGlobalId[]
  /** The host as registered (`options.host`). */
  readonly host: WikiHost | undefined
  /** Whether this process runs the wiki's jobs (`worker.enabled`). */
  readonly runsJobs: boolean
  /** The plugin's hooks (dispatch, change handling, usage), to subscribe to. */
  readonly hooks: WikibaseHookRegistry
  /**
   * Client: the entity access of a parse (Lua's `mw.wikibase`; each call records its usage in the
   * parse's output), for a host's own parser functions or script modules; null when not a client.
   */
  readonly entityAccess: ((context: ParserContext) => EntityAccess) | null
  /**
   * Client: the cache tags of the page's renderings, from its entity usages (`wb-Q42`,
   * `wb-Q42-L.en`, `wb-Q42-S` …), to send as `xkey` / `Surrogate-Key` headers and purge with
   * the host service `purgeCacheTags`; [] when not a client or the page uses no entity.
   */
  readonly cacheTagsForPage: (pageId: number) => Promise<string[]>
  /**
   * Client: whether a change's links refresh of the page is still waiting to be drained
   * (client.pageRefreshRate); false when not a client.
   */
  readonly isRefreshPending: (pageId: number) => Promise<boolean>
  /** Client: what a view of a page whose refresh is pending does (`client.pendingRefreshView`); null when not a client. */
  readonly pendingRefreshView: 'render' | 'mark' | null
}

export function createFacade (runtime: WikibaseRuntime): WikibaseFacade {
  const { options, hooks } = runtime
  const refresh = runtime.client === null ? null : pageRefreshView(runtime.client.db, runtime.client.settings)
  return Object.freeze({
    version: PACKAGE_VERSION,
    siteId: options.siteId,
    roles: Object.freeze([...options.roles]),
    routePrefix: options.routePrefix,
    repoSiteId: options.repo?.siteId ?? options.remoteRepo?.siteId ?? null,
    clientSiteIds: Object.freeze([...options.clients.keys()]),
    host: options.host,
    runsJobs: options.worker.enabled,
    entityAccess: runtime.client === null ? null : runtime.client.entityAccess,
    cacheTagsForPage: refresh?.cacheTagsForPage ?? (async () => []),
    isRefreshPending: refresh?.isRefreshPending ?? (async () => false),
    pendingRefreshView: refresh?.pendingRefreshView ?? null,
    hooks: Object.freeze({
      hook: hooks.hook.bind(hooks),
      hookOnce: hooks.hookOnce.bind(hooks),
      removeHook: hooks.removeHook.bind(hooks)
    })
  })
}

/**
 * The key of the full runtime on the instance, not exported from the package's entries. A
 * registered symbol: the built package (`dist/`, what `fastify-wikibase` resolves to) and the
 * sources (the package's own tests and the conformance kit run from them) are two module
 * instances, and both must find the runtime one of them registered.
 */
export const RUNTIME = Symbol.for('fastify-wikibase.runtime')

/**
 * The plugin's full runtime (pools, worker, options) of an instance it was registered on, for
 * the package's own code, its tests and the example wiki; not part of the public API.
 */
export function wikibaseInternals (fastify: FastifyInstance): WikibaseRuntime {
  const runtime = (fastify as FastifyInstance & { [RUNTIME]?: WikibaseRuntime })[RUNTIME]
  if (runtime === undefined) throw new Error('fastify-wikibase is not registered on this instance')
  return runtime
}
