import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type, { type Static } from 'typebox'
import type { WikiDatabase } from '../db/wiki-database.js'
import { siteDomain, siteProtocol } from './site-domain.js'
import { SiteLookup } from './site-lookup.js'
import { pageUrl } from './site-page-url.js'
import { sitePaths } from './site-paths.js'
import type { Site } from './site.js'

export const SiteJson = Type.Object({
  globalId: Type.String(),
  type: Type.String(),
  group: Type.String(),
  source: Type.String(),
  language: Type.String({ description: "'' when unknown" }),
  protocol: Type.String({ description: "scheme of the link path, '' when protocol-relative" }),
  domain: Type.Union([Type.String(), Type.Null()], { description: 'host of the link path' }),
  linkPath: Type.Union([Type.String(), Type.Null()],
    { description: 'URL template of page links, with $1; null when the site has none or it is not an http(s) or protocol-relative URL' }),
  paths: Type.Record(Type.String(), Type.String()),
  forward: Type.Boolean(),
  interwikiIds: Type.Array(Type.String()),
  navigationIds: Type.Array(Type.String())
})

export const SiteListJson = Type.Object({
  count: Type.Integer(),
  sites: Type.Array(SiteJson)
})

const SiteListQuery = Type.Object({
  group: Type.Optional(Type.String({ maxLength: 32 }))
}, { additionalProperties: false })

export function siteToJson (site: Site): Static<typeof SiteJson> {
  return {
    globalId: site.globalId,
    type: site.type,
    group: site.group,
    source: site.source,
    language: site.language,
    protocol: siteProtocol(site),
    domain: siteDomain(site),
    linkPath: pageUrl(site),
    paths: { ...sitePaths(site) },
    forward: site.forward,
    interwikiIds: [...site.interwikiIds],
    navigationIds: [...site.navigationIds]
  }
}

/** What the site routes serve. */
export interface SiteRouteDeps {
  routePrefix: string
  /** The wiki whose sites table is served. */
  db: WikiDatabase
  /**
   * Sets the error handler of the routes' context: one that answers a failure (a database
   * error, say) with `Unexpected error` and logs it (the REST API's).
   */
  setErrorHandler: (context: FastifyInstance) => void
}

/**
 * `GET <routePrefix>/wikibase/sites[?group=…]`: this wiki's sites as JSON, read-only,
 * ordered by global id, served from an in-process SiteLookup. In a context of its own with
 * its own error handler, instead of the host's, which may echo the error's message.
 */
export function registerSiteRoutes (fastify: FastifyInstance, deps: SiteRouteDeps): void {
  void fastify.register(async app => {
    deps.setErrorHandler(app)
    const lookup = new SiteLookup(deps.db)
    app.addHook('onClose', async () => { lookup.close() })
    app.withTypeProvider<TypeBoxTypeProvider>().get(`${deps.routePrefix}/wikibase/sites`, {
      schema: { querystring: SiteListQuery, response: { 200: SiteListJson } }
    }, async request => {
      const group = request.query.group
      const sites = group === undefined ? await lookup.getSites() : await lookup.getSitesInGroup(group)
      return { count: sites.length, sites: sites.map(siteToJson) }
    })
  })
}
