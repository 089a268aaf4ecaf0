import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { parseEntityId } from '../../../hooks/ids.js'
import { entityMap } from '../../changes/wikibase-entity.js'
import { isPropertyId } from '../validation/entity-id-rules.js'
import { restErrors } from './rest-api-error.js'
import { EditMeta, errors, IfMatch, PatchBody } from './rest-edit-schemas.js'
import type { RestEntityKind } from './rest-kinds.js'
import type { RestRouteContext } from './rest-route-context.js'
import { newStatementGuid, statementFromRestInput, withStatementId } from './rest-statement-input.js'
import { RestStatement, RestStatementGroups, propertyIdsOfStatements, restStatementGroupsOf } from './rest-statement-shape.js'
import {
  findStatement, getStatement, patchStatementById, removeStatementById, replaceStatementById, restStatement, subjectOfStatementId,
  type StatementTarget
} from './statement-operations.js'

/**
 * The statements of an item or property in the REST statement shape:
 * `GET/POST …/{item_id}/statements` and `GET/PUT/PATCH/DELETE …/statements/{statement_id}`
 * (and the same under properties). A statement id of another entity is 400
 * `item-statement-id-mismatch` / `property-statement-id-mismatch`; a malformed one 400
 * `invalid-path-parameter`. The stored form stays canonical JSON.
 */

/** Statement request bodies: `statement` is read and checked by rest-statement-input.ts (any JSON here). */
export const StatementBody = Type.Object({ statement: Type.Unknown(), ...EditMeta }, { additionalProperties: false })

/** The absolute URL of a path on this server, as the spec's `Location` headers are. */
export function absoluteUrl (request: FastifyRequest, path: string): string {
  return `${request.protocol}://${request.host}${path}`
}

export function registerStatementRoutes (fastify: FastifyInstance, kind: RestEntityKind, context: RestRouteContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const tags = [kind.path]
  const idPattern = new RegExp(kind.idPattern)
  const statementsPath = `${context.base}/entities/${kind.path}/:${kind.idParam}/statements`
  // Path parameters are checked here, not by a schema, so each gets the spec's error and context.
  const Params = Type.Object({ [kind.idParam]: Type.String() })
  const StatementParams = Type.Object({ [kind.idParam]: Type.String(), statement_id: Type.String() })

  const entityIdOf = (params: Record<string, string>): string => {
    const id = params[kind.idParam]!
    if (!idPattern.test(id)) throw restErrors.invalidPathParameter(kind.idParam)
    return id
  }
  const targetOf = (params: Record<string, string>): StatementTarget => {
    const entityId = entityIdOf(params)
    const statementId = params.statement_id!
    if (subjectOfStatementId(statementId) !== entityId) {
      throw kind.type === 'item' ? restErrors.itemStatementIdMismatch(entityId, statementId) : restErrors.propertyStatementIdMismatch(entityId, statementId)
    }
    return { entityId, statementId, missingSubjectIs: kind.type }
  }

  app.get(statementsPath, {
    schema: { tags, params: Params, querystring: Type.Object({ property: Type.Optional(Type.String()) }), response: { 200: RestStatementGroups, ...errors } }
  }, async (request, reply) => {
    const id = entityIdOf(request.params as Record<string, string>)
    const property = request.query.property
    if (property !== undefined && !isPropertyId(property)) throw restErrors.invalidQueryParameter('property')
    const revision = await context.loadLive(parseEntityId(id))
    const all = entityMap(revision.entity.claims)
    const claims = property === undefined ? all : (Object.hasOwn(all, property) ? { [property]: all[property]! } : {})
    const datatypes = await context.propertyDatatypes(propertyIdsOfStatements(Object.values(claims).flat()))
    context.revisionHeaders(reply, revision)
    return restStatementGroupsOf(claims, p => datatypes.get(p) ?? null)
  })

  app.post(statementsPath, {
    schema: { tags, params: Params, headers: IfMatch, body: StatementBody, response: { 201: RestStatement, ...errors } }
  }, async (request, reply) => {
    const id = entityIdOf(request.params as Record<string, string>)
    const reader = await context.statementReader(request.body.statement, false, false)
    // A given id is checked (a string), then replaced by a new one: Wikibase's AddItemStatement.php.
    const statement = withStatementId(statementFromRestInput(request.body.statement, '/statement', reader), newStatementGuid(id))
    const result = await context.edit(request, reply, id, request.body, (_rest, current) => {
      const claims = { ...entityMap(current.claims) }
      const property = statement.mainsnak.property
      claims[property] = [...(claims[property] ?? []), statement]
      return { ...current, claims }
    })
    const created = await restStatement(context, findStatement(result.revision.entity, statement.id!))
    const location = absoluteUrl(request, `${context.base}/entities/${kind.path}/${id}/statements/${encodeURIComponent(created.id)}`)
    return await reply.code(201).header('location', location).send(created)
  })

  const one = `${statementsPath}/:statement_id`
  app.get(one, { schema: { tags, params: StatementParams, response: { 200: RestStatement, ...errors } } }, async (request, reply) =>
    await getStatement(context, reply, targetOf(request.params as Record<string, string>)))
  app.put(one, {
    schema: { tags, params: StatementParams, headers: IfMatch, body: StatementBody, response: { 200: RestStatement, ...errors } }
  }, async (request, reply) => await replaceStatementById(context, request, reply, targetOf(request.params as Record<string, string>), request.body))
  app.patch(one, {
    schema: { tags, params: StatementParams, headers: IfMatch, body: PatchBody, response: { 200: RestStatement, ...errors } }
  }, async (request, reply) => await patchStatementById(context, request, reply, targetOf(request.params as Record<string, string>), request.body))
  app.delete(one, {
    schema: { tags, params: StatementParams, headers: IfMatch, response: { 200: Type.String(), ...errors } }
  }, async (request, reply) => await removeStatementById(context, request, reply, targetOf(request.params as Record<string, string>)))
}

/** `GET/PUT/PATCH/DELETE /statements/{statement_id}`: the subject is the entity the id names. */
export function registerStatementIdRoutes (fastify: FastifyInstance, context: RestRouteContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['statements']
  const path = `${context.base}/statements/:statement_id`
  const Params = Type.Object({ statement_id: Type.String() })
  const targetOf = (params: { statement_id: string }): StatementTarget =>
    ({ entityId: subjectOfStatementId(params.statement_id), statementId: params.statement_id, missingSubjectIs: 'statement' })

  app.get(path, { schema: { tags, params: Params, response: { 200: RestStatement, ...errors } } }, async (request, reply) =>
    await getStatement(context, reply, targetOf(request.params)))
  app.put(path, {
    schema: { tags, params: Params, headers: IfMatch, body: StatementBody, response: { 200: RestStatement, ...errors } }
  }, async (request, reply) => await replaceStatementById(context, request, reply, targetOf(request.params), request.body))
  app.patch(path, {
    schema: { tags, params: Params, headers: IfMatch, body: PatchBody, response: { 200: RestStatement, ...errors } }
  }, async (request, reply) => await patchStatementById(context, request, reply, targetOf(request.params), request.body))
  app.delete(path, {
    schema: { tags, params: Params, headers: IfMatch, response: { 200: Type.String(), ...errors } }
  }, async (request, reply) => await removeStatementById(context, request, reply, targetOf(request.params)))
}
