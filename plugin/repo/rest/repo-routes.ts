import type { FastifyInstance, FastifyRequest } from 'fastify'
import swagger from '@fastify/swagger'
import type { HostUser } from '../../../hooks/contract.js'
import { installRequestInputGuard } from '../../http/request-input-guard.js'
import { setRestErrorHandler } from './rest-errors.js'
import { registerRestRequestGuard, type RestRequestGuardDeps } from './rest-request-guard.js'
import { refuseCoercedScalars } from './coerced-scalar-guard.js'
import { restRouteContext, type RestEditingDeps } from './rest-route-context.js'
import { REST_KINDS } from './rest-kinds.js'
import { registerEntityRoutes } from './entity-routes.js'
import { registerEntitySectionRoutes } from './entity-section-routes.js'
import { registerStatementIdRoutes, registerStatementRoutes } from './statement-routes.js'

/**
 * The repo's edit API, modelled on the Wikibase REST API v1, under
 * `<routePrefix>/w/rest.php/wikibase/v1`: items and properties with their labels,
 * descriptions, aliases, statements and (items) sitelinks. Reads send an `ETag` of the
 * revision id; an edit may send it back as `If-Match` and gets 409 when it is stale. Edits
 * go through entity-editor.ts (rights check, one transaction, change for the host); every
 * request first passes rest-request-guard.ts (content type, CSRF token, `read`).
 * OpenAPI: `GET …/v1/openapi.json`.
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
    registerRestRequestGuard(parent, deps, options.userOf)
    refuseCoercedScalars(parent)
    installRequestInputGuard(parent, { maxJsonDepth: deps.maxRequestJsonDepth })
    parent.addHook('onRoute', route => { route.bodyLimit ??= deps.bodyLimit })
    const base = `${deps.routePrefix}${REST_BASE}`
    const context = restRouteContext(deps, base)
    for (const kind of REST_KINDS) {
      registerEntityRoutes(parent, kind, context)
      for (const section of kind.sections) registerEntitySectionRoutes(parent, kind, section, context)
      registerStatementRoutes(parent, kind, context)
    }
    registerStatementIdRoutes(parent, context)
    parent.get(`${base}/openapi.json`, { schema: { hide: true } }, async () => parent.swagger())
  })
}
