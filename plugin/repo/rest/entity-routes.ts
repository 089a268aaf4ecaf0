import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { parseEntityId } from '../../../hooks/ids.js'
import { createEntity, deleteEntity, restoreEntity } from '../entities/entity-editor.js'
import { listEntityIds } from '../entities/entity-store.js'
import { fromRest, type RestEntity } from './rest-entity-shape.js'
import { deleteBody, EditMeta, errors, IfMatch, PatchBody } from './rest-edit-schemas.js'
import type { RestEntityKind } from './rest-kinds.js'
import type { RestRouteContext } from './rest-route-context.js'

/**
 * The whole-entity routes of one kind: list, create, read, replace, patch, delete and
 * undelete (`…/entities/items[/Q1]`, `…/entities/properties[/P1]`).
 */
export function registerEntityRoutes (fastify: FastifyInstance, kind: RestEntityKind, context: RestRouteContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { db } = context
  const Params = Type.Object({ id: Type.String({ pattern: kind.idPattern }) })
  const entityPath = `${context.base}/entities/${kind.path}/:id`
  const tags = [kind.path]
  const Page = Type.Object({
    after: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 }))
  })

  app.get(`${context.base}/entities/${kind.path}`, {
    schema: { tags, querystring: Page, response: { 200: Type.Object({ ids: Type.Array(Type.String()) }), ...errors } }
  }, async request => ({ ids: await listEntityIds(db.pool, db, kind.type, { afterNumericId: request.query.after, limit: request.query.limit ?? 100 }) }))

  app.post(`${context.base}/entities/${kind.path}`, {
    schema: { tags, body: Type.Object({ [kind.field]: kind.schema, ...EditMeta }, { additionalProperties: false }), response: { 201: kind.schema, ...errors } }
  }, async (request, reply) => {
    const body = request.body as Record<string, unknown> & { comment?: string, bot?: boolean }
    const rest = body[kind.field] as RestEntity
    const statements = { reader: await context.statementReader(rest.statements, true, false), path: `/${kind.field}/statements` }
    const entity = fromRest(rest, null, kind.type, statements)
    const result = await createEntity(context.editContext(request), kind.type, entity, context.editOptions(request, body))
    context.revisionHeaders(reply, result.revision)
    return await reply.code(201).header('location', `${request.url.replace(/\/$/, '')}/${result.entityId}`).send(await context.restOf(result.revision.entity))
  })

  app.get(entityPath, { schema: { tags, params: Params, response: { 200: kind.schema, ...errors } } }, async (request, reply) => {
    const revision = await context.loadLive(parseEntityId(request.params.id))
    context.revisionHeaders(reply, revision)
    return await context.restOf(revision.entity)
  })

  app.put(entityPath, {
    schema: {
      tags,
      params: Params,
      headers: IfMatch,
      body: Type.Object({ [kind.field]: kind.schema, ...EditMeta }, { additionalProperties: false }),
      response: { 200: kind.schema, ...errors }
    }
  }, async (request, reply) => {
    const body = request.body as Record<string, unknown> & { comment?: string }
    const rest = body[kind.field] as RestEntity
    const statements = { reader: await context.statementReader(rest.statements, true, false), path: `/${kind.field}/statements` }
    const result = await context.edit(request, reply, request.params.id, body, (_rest, current) => fromRest(rest, current, kind.type, statements))
    return await context.restOf(result.revision.entity)
  })

  app.patch(entityPath, {
    schema: { tags, params: Params, headers: IfMatch, body: PatchBody, response: { 200: kind.schema, ...errors } }
  }, async (request, reply) => {
    const result = await context.patchEdit(request, reply, request.params.id, request.body, async (rest, current) => {
      const patched = context.applyPatch(rest, request.body.patch)
      return fromRest(patched, current, kind.type, { reader: await context.statementReader(patched.statements, true, true), path: '/statements' })
    })
    return await context.restOf(result.revision.entity)
  })

  app.delete(entityPath, {
    schema: { tags, params: Params, headers: IfMatch, response: { 200: Type.Object({ id: Type.String(), deleted: Type.Boolean() }), ...errors } }
  }, async request => {
    const result = await deleteEntity(context.editContext(request), parseEntityId(request.params.id), context.editOptions(request, deleteBody(request.body)))
    return { id: result.entityId, deleted: true }
  })

  app.post(`${entityPath}/undelete`, {
    schema: { tags, summary: 'Undelete (an extension of REST v1)', params: Params, response: { 200: kind.schema, ...errors } }
  }, async (request, reply) => {
    const result = await restoreEntity(context.editContext(request), parseEntityId(request.params.id), { comment: deleteBody(request.body).comment })
    context.revisionHeaders(reply, result.revision)
    return await context.restOf(result.revision.entity)
  })
}
