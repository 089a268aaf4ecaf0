import type { FastifyInstance, FastifyRequest } from 'fastify'
import swagger from '@fastify/swagger'
import type { HostUser } from '../../../hooks/contract.js'
import { installRequestInputGuard } from '../../http/request-input-guard.js'
import { setRestErrorHandler } from './rest-errors.js'
import { registerRestRequestGuard, type RestRequestGuardDeps } from './rest-request-guard.js'
import { refuseCoercedScalars } from './coerced-scalar-guard.js'
import { installRestResponseHeaders } from './rest-response-headers.js'
import { installRestPreconditions } from './rest-preconditions.js'
import { restRouteContext, type RestEditingDeps } from './rest-route-context.js'
import { SiteLookup } from '../../sites/site-lookup.js'
import { REST_KINDS } from './rest-kinds.js'
import { restOpenApiDocument } from './rest-openapi-document.js'
import { CHANGE_FEED_PATH, changeFeedPathItem } from '../change-feed/feed-openapi.js'
import { remoteClientPathItems } from '../remote-clients/remote-client-openapi.js'
import { registerEntityRoutes } from './entity-routes.js'
import { registerEntitySectionRoutes } from './entity-section-routes.js'
import { registerStatementIdRoutes, registerStatementRoutes } from './statement-routes.js'
import { registerSearchRoutes } from './search-routes.js'
import { registerPropertyDataTypesRoute } from './property-data-types-route.js'
import { registerTermRoutes } from './term-routes.js'
import { registerAliasRoutes } from './alias-routes.js'
import { registerSitelinkRoutes } from './sitelink-routes.js'

/**
 * The repo's edit API, modelled on the Wikibase REST API v1, under
 * `<routePrefix>/w/rest.php/wikibase/v1`: items and properties with their labels,
 * descriptions, aliases, statements and (items) sitelinks. Reads send an `ETag` of the
 * revision id; conditional requests (If-Match …) answer 304/412 (rest-preconditions.ts). Edits
 * go through entity-editor.ts (rights check, one transaction, change for the host); every
 * request first passes rest-request-guard.ts (content type, CSRF token, `read`).
 * Errors: rest-errors.ts. OpenAPI: `GET …/v1/openapi.json` (rest-openapi-document.ts).
 */
export interface RepoRouteOptions {
  /**
   * Who is making the request. Default: `request.wikiUser` set by the host, else the user of
   * the plugin's action-API session cookie, else anonymous (session/request-identity.ts).
   */
  userOf?: (request: FastifyRequest) => HostUser
}

/** What the REST API works with. */
export interface RepoRouteDeps extends RestEditingDeps, RestRequestGuardDeps {
  routePrefix: string
  /** Default body limit of the API's routes (bytes). */
  bodyLimit: number
  maxRequestJsonDepth: number
}

export const REST_BASE = '/w/rest.php/wikibase/v1'

export function registerRepoRoutes (fastify: FastifyInstance, deps: RepoRouteDeps, options: RepoRouteOptions = {}): void {
  void fastify.register(async parent => {
    if (!parent.hasDecorator('swagger')) {
      await parent.register(swagger, {
        openapi: { info: { title: 'fastify-wikibase repo REST API', version: '1' }, servers: [{ url: deps.routePrefix || '/' }] }
      })
    }
    setRestErrorHandler(parent)
    installRestResponseHeaders(parent)
    registerRestRequestGuard(parent, deps, options.userOf)
    refuseCoercedScalars(parent)
    installRestPreconditions(parent, deps.db)
    installRequestInputGuard(parent, { maxJsonDepth: deps.maxRequestJsonDepth })
    parent.addHook('onRoute', route => { route.bodyLimit ??= deps.bodyLimit })
    const base = `${deps.routePrefix}${REST_BASE}`
    // One cached copy of the sites table for the API's sitelink URLs (SiteLookup drops it when sites change).
    const sites = new SiteLookup(deps.db)
    parent.addHook('onClose', async () => { sites.close() })
    const context = restRouteContext(deps, base, sites)
    for (const kind of REST_KINDS) {
      registerEntityRoutes(parent, kind, context)
      for (const section of kind.sections) registerEntitySectionRoutes(parent, kind, section, context)
      registerTermRoutes(parent, kind, context)
      registerAliasRoutes(parent, kind, context)
      if (kind.type === 'item') registerSitelinkRoutes(parent, kind, context)
      registerStatementRoutes(parent, kind, context)
    }
    registerStatementIdRoutes(parent, context)
    registerSearchRoutes(parent, { db: deps.db, base })
    registerPropertyDataTypesRoute(parent, base)
    let document: Record<string, unknown> | undefined
    // No response schema: Fastify would serialize the document through it.
    parent.get(`${base}/openapi.json`, { schema: { summary: 'The OpenAPI document of this API' } }, async () => {
      document ??= restOpenApiDocument(parent.swagger() as Parameters<typeof restOpenApiDocument>[0], deps.routePrefix,
        { [CHANGE_FEED_PATH]: changeFeedPathItem(deps.routePrefix), ...remoteClientPathItems(deps.routePrefix) })
      return document
    })
  })
}
