import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { parseEntityId } from '../../../hooks/ids.js'
import { createEntity, deleteEntity, restoreEntity } from '../entities/entity-editor.js'
import { listEntityIds } from '../entities/entity-store.js'
import { jsonPointer, restErrors } from './rest-api-error.js'
import { fromRest, type RestEntity } from './rest-entity-shape.js'
import { deleteBody, EditMeta, errors, IfMatch, PatchBody } from './rest-edit-schemas.js'
import { checkEntityInput, trimEntityInput } from './rest-entity-input.js'
import { PATCH_RESULT_PROBLEMS, REQUEST_PROBLEMS, type InputSource } from './rest-input-problems.js'
import type { RestEntityKind } from './rest-kinds.js'
import type { RestRouteContext } from './rest-route-context.js'
import { entityIdOf, entityParams, restCall, restEntityOf } from './rest-route-support.js'
import { absoluteUrl } from './rest-urls.js'

/** The `_fields` a GET of each kind may ask for (the spec's ItemFields / PropertyFields). */
const FIELDS: Record<RestEntityKind['type'], ReadonlySet<string>> = {
  item: new Set(['type', 'labels', 'descriptions', 'aliases', 'statements', 'sitelinks']),
  property: new Set(['type', 'data_type', 'labels', 'descriptions', 'aliases', 'statements'])
}

/** The entity with only the asked `_fields` (and its id, as Wikibase's GetItem answers); unknown fields are 400. */
export function selectFields (rest: RestEntity, type: RestEntityKind['type'], fields: string | undefined): Partial<RestEntity> {
  if (fields === undefined) return rest
  const wanted = fields.split(',')
  if (wanted.some(field => !FIELDS[type].has(field))) throw restErrors.invalidQueryParameter('_fields')
  const out: Record<string, unknown> = { id: rest.id }
  for (const field of wanted) out[field] = (rest as Record<string, unknown>)[field]
  return out as Partial<RestEntity>
}

/**
 * The whole-entity routes of one kind: list, create, read, replace, patch, delete and
 * undelete (`…/entities/items[/Q1]`, `…/entities/properties[/P1]`).
 */
export function registerEntityRoutes (fastify: FastifyInstance, kind: RestEntityKind, context: RestRouteContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { db } = context
  const Params = entityParams(kind)
  const entityPath = `${context.base}/entities/${kind.path}/:${kind.idParam}`
  const idOf = (request: Parameters<typeof entityIdOf>[1]): string => entityIdOf(kind, request)
  const tags = [kind.path]
  const Page = Type.Object({
    after: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 }))
  })

  app.get(`${context.base}/entities/${kind.path}`, {
    schema: {
      summary: 'List entity ids (an extension of the spec)',
      tags,
      querystring: Page,
      response: { 200: Type.Object({ ids: Type.Array(Type.String()) }), ...errors }
    }
  }, async request => ({ ids: await listEntityIds(db.pool, db, kind.type, { afterNumericId: request.query.after, limit: request.query.limit ?? 100 }) }))

  app.post(`${context.base}/entities/${kind.path}`, {
    schema: {
      tags, body: Type.Object({ [kind.field]: Type.Unknown(), ...EditMeta }, { required: [kind.field] }), response: { 201: kind.schema, ...errors }
    }
  }, async (request, reply) => {
    const body = request.body as Record<string, unknown> & { comment?: string, bot?: boolean }
    checkEntityInput(body[kind.field], [kind.field], kind.type, REQUEST_PROBLEMS)
    const source: InputSource = { problems: REQUEST_PROBLEMS, locate: segments => jsonPointer(kind.field, ...segments), document: body }
    const rest = trimEntityInput(body[kind.field] as RestEntity)
    const statements = { reader: await context.statementReader(rest.statements, true, false), path: `/${kind.field}/statements` }
    const result = await restCall(kind, true, source, async () =>
      await createEntity(context.editContext(request), kind.type, fromRest(rest, null, kind.type, statements), context.editOptions(request, body)))
    context.revisionHeaders(reply, result.revision)
    // Absolute, as the spec's Location header (MediaWiki's Router::getRouteUrl).
    const location = absoluteUrl(request, `${context.base}/entities/${kind.path}/${result.entityId}`)
    return await reply.code(201).header('location', location).send(await restEntityOf(context, result.revision.entity))
  })

  app.get(entityPath, {
    schema: { tags, params: Params, querystring: Type.Object({ _fields: Type.Optional(Type.String()) }), response: { 200: kind.schema, ...errors } }
  }, async (request, reply) => {
    const fields = (request.query as { _fields?: string })._fields
    const revision = await restCall(kind, false, null, async () => await context.loadLive(parseEntityId(idOf(request))))
    const rest = selectFields(await restEntityOf(context, revision.entity), kind.type, fields)
    context.revisionHeaders(reply, revision)
    return rest
  })

  app.put(entityPath, {
    schema: {
      summary: 'Replace the whole entity (an extension of the spec)',
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
    const result = await restCall(kind, true, null, async () =>
      await context.edit(request, reply, idOf(request), body, (_rest, current) => fromRest(rest, current, kind.type, statements)))
    return await restEntityOf(context, result.revision.entity)
  })

  app.patch(entityPath, {
    schema: { tags, params: Params, headers: IfMatch, body: PatchBody, response: { 200: kind.schema, ...errors } }
  }, async (request, reply) => {
    const source: InputSource = { problems: PATCH_RESULT_PROBLEMS, locate: segments => jsonPointer(...segments), document: null }
    const result = await restCall(kind, true, source, async () =>
      await context.patchEdit(request, reply, idOf(request), request.body, async (_rest, current) => {
        const shown = await restEntityOf(context, current)
        const patched: unknown = context.applyPatch(shown, request.body.patch)
        source.document = patched
        checkEntityInput(patched, [], kind.type, PATCH_RESULT_PROBLEMS, shown as Record<string, unknown>)
        const input = trimEntityInput(patched as RestEntity)
        return fromRest(input, current, kind.type, { reader: await context.statementReader(input.statements, true, true), path: '/statements' })
      }))
    return await restEntityOf(context, result.revision.entity)
  })

  app.delete(entityPath, {
    schema: {
      summary: 'Delete the entity (an extension of the spec)', tags, params: Params, headers: IfMatch,
      response: { 200: Type.Object({ id: Type.String(), deleted: Type.Boolean() }), ...errors }
    }
  }, async request => {
    const result = await restCall(kind, true, null, async () =>
      await deleteEntity(context.editContext(request), parseEntityId(idOf(request)), context.editOptions(request, deleteBody(request.body))))
    return { id: result.entityId, deleted: true }
  })

  app.post(`${entityPath}/undelete`, {
    schema: { tags, summary: 'Undelete (an extension of REST v1)', params: Params, response: { 200: kind.schema, ...errors } }
  }, async (request, reply) => {
    const result = await restCall(kind, true, null, async () =>
      await restoreEntity(context.editContext(request), parseEntityId(idOf(request)), { comment: deleteBody(request.body).comment }))
    context.revisionHeaders(reply, result.revision)
    return await restEntityOf(context, result.revision.entity)
  })
}
