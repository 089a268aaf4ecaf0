import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { parseEntityId } from '../../../hooks/ids.js'
import { phpTrim } from '../../sites/title-encoding.js'
import { jsonPointer, RestApiError, restErrors } from './rest-api-error.js'
import { fromRest, RestSitelink, type RestEntity } from './rest-entity-shape.js'
import { deleteBody, EditMeta, errors, IfMatch, sendJson } from './rest-edit-schemas.js'
import { checkSitelink } from './rest-entity-input.js'
import { REQUEST_PROBLEMS, type InputSource } from './rest-input-problems.js'
import type { RestEntityKind } from './rest-kinds.js'
import type { RestRouteContext } from './rest-route-context.js'
import { checkSiteParam, entityIdOf, restCall, siteParams, type EditBody } from './rest-route-support.js'
import { withSitelinkUrls, type RestSitelinkOut } from './sitelink-urls.js'

type Sitelinks = Record<string, { title: string, badges?: string[] }>

/**
 * One sitelink of an item (`…/items/{item_id}/sitelinks/{site_id}`): read, set, remove, as
 * Wikibase's GetSitelink, SetSitelink and RemoveSitelink route handlers. A site the sites
 * table lacks is 400 `invalid-path-parameter` `site_id` — except that a sitelink the item
 * has (an imported entity may link a site this repo does not list) can be read and removed; a set answers 201 for a new
 * sitelink, 200 for a replaced one, with the read-only `url`; a remove answers "Sitelink deleted".
 * The title is trimmed as Wikibase's SitelinkDeserializer does. Wikibase also asks the client
 * wiki whether the page exists (`title-does-not-exist`); this repo does not call other wikis.
 */
export function registerSitelinkRoutes (fastify: FastifyInstance, kind: RestEntityKind, context: RestRouteContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const tags = [kind.path]
  const Params = siteParams(kind)
  const path = `${context.base}/entities/${kind.path}/:${kind.idParam}/sitelinks/:site_id`
  const sitelinksOf = (rest: RestEntity): Sitelinks => (rest.sitelinks ?? {}) as Sitelinks
  const shown = async (link: { title: string, badges?: string[] }, site: string): Promise<RestSitelinkOut> =>
    (await withSitelinkUrls(context.sites, { [site]: link }))[site]!

  app.get(path, { schema: { tags, params: Params, response: { 200: RestSitelink, ...errors } } }, async (request, reply) => {
    const site = (request.params as { site_id: string }).site_id
    const revision = await restCall(kind, false, null, async () => await context.loadLive(parseEntityId(entityIdOf(kind, request))))
    const links = sitelinksOf(await context.restOf(revision.entity))
    const link = Object.hasOwn(links, site) ? links[site] : undefined
    if (link === undefined) {
      await checkSiteParam(context, site)
      throw restErrors.resourceNotFound('sitelink')
    }
    context.revisionHeaders(reply, revision)
    return await shown(link, site)
  })

  app.put(path, {
    schema: {
      tags,
      params: Params,
      headers: IfMatch,
      body: Type.Object({ sitelink: Type.Unknown(), ...EditMeta }, { required: ['sitelink'] }),
      response: { 200: RestSitelink, 201: RestSitelink, ...errors }
    }
  }, async (request, reply) => {
    const site = await checkSiteParam(context, (request.params as { site_id: string }).site_id)
    const body = request.body as { sitelink: unknown } & EditBody
    checkSitelink(body.sitelink, (...segments) => jsonPointer('sitelink', ...segments), REQUEST_PROBLEMS)
    const input = body.sitelink as { title: string, badges?: string[] }
    const title = phpTrim(input.title)
    if (title === '') throw restErrors.invalidValue('/sitelink/title')
    const link = { title, badges: input.badges ?? [] }
    const source: InputSource = {
      problems: REQUEST_PROBLEMS,
      locate: segments => segments[0] === 'sitelinks' && segments[1] === site ? jsonPointer('sitelink', ...segments.slice(2)) : null,
      document: { sitelink: link }
    }
    let existed = false
    const result = await restCall(kind, true, source, async () =>
      await context.edit(request, reply, entityIdOf(kind, request), body, (rest, current) => {
        existed = Object.hasOwn(sitelinksOf(rest), site)
        return fromRest({ ...rest, sitelinks: { ...sitelinksOf(rest), [site]: link } }, current, kind.type)
      }))
    const saved = sitelinksOf(await context.restOf(result.revision.entity))[site] ?? link
    return await reply.code(existed ? 200 : 201).send(await shown(saved, site))
  })

  app.delete(path, {
    schema: { tags, params: Params, headers: IfMatch, response: { 200: Type.String(), ...errors } }
  }, async (request, reply) => {
    const site = (request.params as { site_id: string }).site_id
    await restCall(kind, true, null, async () =>
      await context.edit(request, reply, entityIdOf(kind, request), deleteBody(request.body), (rest, current) => {
        if (!Object.hasOwn(sitelinksOf(rest), site)) throw restErrors.resourceNotFound('sitelink')
        const { [site]: _removed, ...others } = sitelinksOf(rest)
        return fromRest({ ...rest, sitelinks: others }, current, kind.type)
      }).catch(async (error: unknown) => {
        // An unknown site is the path parameter's fault, not a missing sitelink.
        if (error instanceof RestApiError && error.context?.resource_type === 'sitelink') await checkSiteParam(context, site)
        throw error
      }))
    return await sendJson(reply, 'Sitelink deleted')
  })
}
