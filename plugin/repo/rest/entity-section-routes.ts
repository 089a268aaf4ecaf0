import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { parseEntityId } from '../../../hooks/ids.js'
import { EntityPartNotFoundError } from '../entities/entity-errors.js'
import { fromRest, type RestEntity } from './rest-entity-shape.js'
import { deleteBody, EditMeta, errors, IfMatch, PatchBody, sendJson } from './rest-edit-schemas.js'
import type { RestEntityKind, RestEntitySection } from './rest-kinds.js'
import type { RestRouteContext } from './rest-route-context.js'

/**
 * The routes of one map-shaped section of an entity (labels, descriptions, aliases by
 * language; sitelinks by site): the whole map (read, patch) and one entry (read, set, remove).
 */
export function registerEntitySectionRoutes (fastify: FastifyInstance, kind: RestEntityKind, section: RestEntitySection, context: RestRouteContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const tags = [kind.path]
  const Params = Type.Object({ id: Type.String({ pattern: kind.idPattern }) })
  const sectionPath = `${context.base}/entities/${kind.path}/:id/${section.name}`
  const KeyParams = Type.Object({ id: Type.String({ pattern: kind.idPattern }), key: Type.String({ pattern: section.keyPattern }) })
  const sectionOf = (rest: RestEntity): Record<string, unknown> => (rest[section.name] ?? {}) as Record<string, unknown>

  app.get(sectionPath, { schema: { tags, params: Params, response: { 200: section.map, ...errors } } }, async (request, reply) => {
    const revision = await context.loadLive(parseEntityId(request.params.id))
    context.revisionHeaders(reply, revision)
    return sectionOf(await context.restOf(revision.entity))
  })
  app.patch(sectionPath, {
    schema: { tags, params: Params, headers: IfMatch, body: PatchBody, response: { 200: section.map, ...errors } }
  }, async (request, reply) => {
    const result = await context.patchEdit(request, reply, request.params.id, request.body, (rest, current) =>
      fromRest({ ...rest, [section.name]: context.applyPatch(sectionOf(rest), request.body.patch) }, current, kind.type))
    return sectionOf(await context.restOf(result.revision.entity))
  })
  app.get(`${sectionPath}/:key`, { schema: { tags, params: KeyParams, response: { 200: section.value, ...errors } } }, async (request, reply) => {
    const revision = await context.loadLive(parseEntityId(request.params.id))
    const value = sectionOf(await context.restOf(revision.entity))[request.params.key]
    if (value === undefined) throw new EntityPartNotFoundError(request.params.id, section.key, request.params.key)
    context.revisionHeaders(reply, revision)
    return await sendJson(reply, value)
  })
  app.put(`${sectionPath}/:key`, {
    schema: {
      tags,
      params: KeyParams,
      headers: IfMatch,
      body: Type.Object({ [section.key]: section.value, ...EditMeta }, { additionalProperties: false }),
      response: { 200: section.value, ...errors }
    }
  }, async (request, reply) => {
    const body = request.body as Record<string, unknown> & { comment?: string }
    const { key } = request.params
    const result = await context.edit(request, reply, request.params.id, body, (rest, current) =>
      fromRest({ ...rest, [section.name]: { ...sectionOf(rest), [key]: body[section.key] } }, current, kind.type))
    return await sendJson(reply, sectionOf(await context.restOf(result.revision.entity))[key])
  })
  app.delete(`${sectionPath}/:key`, {
    schema: { tags, params: KeyParams, headers: IfMatch, response: { 200: Type.Object({ deleted: Type.String() }), ...errors } }
  }, async (request, reply) => {
    const { key } = request.params
    await context.edit(request, reply, request.params.id, deleteBody(request.body), (rest, current) => {
      const { [key]: removed, ...others } = sectionOf(rest)
      if (removed === undefined) throw new EntityPartNotFoundError(request.params.id, section.key, key)
      return fromRest({ ...rest, [section.name]: others }, current, kind.type)
    })
    return { deleted: `${section.key} ${key}` }
  })
}
