import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { parseEntityId } from '../../../hooks/ids.js'
import { entityMap, type Statement, type WikibaseEntity } from '../../changes/wikibase-entity.js'
import { EntityPartNotFoundError, InvalidEntityValueError } from '../entities/entity-errors.js'
import { RestStatement, Statements, newStatementGuid, statementFromRest } from './rest-entity-shape.js'
import { deleteBody, EditMeta, errors, IfMatch, PatchBody } from './rest-edit-schemas.js'
import type { RestEntityKind } from './rest-kinds.js'
import type { RestRouteContext } from './rest-route-context.js'

/** The statement with this GUID, or 404. */
export function findStatement (entity: WikibaseEntity, statementId: string): Statement {
  for (const list of Object.values(entityMap(entity.claims))) {
    const found = list.find(s => s.id === statementId)
    if (found !== undefined) return found
  }
  throw new EntityPartNotFoundError(entity.id ?? '', 'statement', statementId)
}

/** The entity's claims with statement `statementId` replaced by `next` (same property) or removed (null). */
export function replaceStatement (entity: WikibaseEntity, statementId: string, next: Statement | null): WikibaseEntity {
  const old = findStatement(entity, statementId)
  if (next !== null && next.mainsnak?.property !== old.mainsnak.property) {
    throw new InvalidEntityValueError('statement/mainsnak/property', `the property of a statement cannot change (${old.mainsnak.property})`)
  }
  if (next !== null && next.id !== statementId) throw new InvalidEntityValueError('statement/id', `must be ${statementId}`)
  const claims = Object.fromEntries(Object.entries(entityMap(entity.claims))
    .map(([p, list]) => [p, next === null ? list.filter(s => s.id !== statementId) : list.map(s => s.id === statementId ? next : s)] as const)
    .filter(([, list]) => list.length > 0))
  return { ...entity, claims }
}

/** The statements of an entity of one kind: canonical statement JSON, addressed by GUID. */
export function registerStatementRoutes (fastify: FastifyInstance, kind: RestEntityKind, context: RestRouteContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const tags = [kind.path]
  const Params = Type.Object({ id: Type.String({ pattern: kind.idPattern }) })
  const statementsPath = `${context.base}/entities/${kind.path}/:id/statements`
  const StatementParams = Type.Object({ id: Type.String({ pattern: kind.idPattern }), statementId: Type.String({ minLength: 1, maxLength: 100 }) })
  const StatementBody = Type.Object({ statement: RestStatement, ...EditMeta }, { additionalProperties: false })

  app.get(statementsPath, {
    schema: { tags, params: Params, querystring: Type.Object({ property: Type.Optional(Type.String({ pattern: '^P[1-9][0-9]*$' })) }),
      response: { 200: Statements, ...errors } }
  }, async (request, reply) => {
    const revision = await context.loadLive(parseEntityId(request.params.id))
    context.revisionHeaders(reply, revision)
    const all = entityMap(revision.entity.claims)
    const property = request.query.property
    return property === undefined ? all : (all[property] === undefined ? {} : { [property]: all[property] })
  })
  app.post(statementsPath, {
    schema: { tags, params: Params, headers: IfMatch, body: StatementBody, response: { 201: RestStatement, ...errors } }
  }, async (request, reply) => {
    if (request.body.statement.id !== undefined) throw new InvalidEntityValueError('statement/id', 'a new statement gets its id from the repo; leave it out')
    const statement = statementFromRest(request.params.id, { ...request.body.statement, id: newStatementGuid(request.params.id) })
    await context.edit(request, reply, request.params.id, request.body, (_rest, current) => {
      const claims = { ...entityMap(current.claims) }
      const property = statement.mainsnak.property
      claims[property] = [...(claims[property] ?? []), statement]
      return { ...current, claims }
    })
    return await reply.code(201).send(statement)
  })
  app.get(`${statementsPath}/:statementId`, {
    schema: { tags, params: StatementParams, response: { 200: RestStatement, ...errors } }
  }, async (request, reply) => {
    const revision = await context.loadLive(parseEntityId(request.params.id))
    context.revisionHeaders(reply, revision)
    return findStatement(revision.entity, request.params.statementId)
  })
  app.put(`${statementsPath}/:statementId`, {
    schema: { tags, params: StatementParams, headers: IfMatch, body: StatementBody, response: { 200: RestStatement, ...errors } }
  }, async (request, reply) => {
    const { statementId } = request.params
    const next = statementFromRest(request.params.id, { ...request.body.statement, id: request.body.statement.id ?? statementId })
    const result = await context.edit(request, reply, request.params.id, request.body, (_rest, current) => replaceStatement(current, statementId, next))
    return findStatement(result.revision.entity, statementId)
  })
  app.patch(`${statementsPath}/:statementId`, {
    schema: { tags, params: StatementParams, headers: IfMatch, body: PatchBody, response: { 200: RestStatement, ...errors } }
  }, async (request, reply) => {
    const { statementId } = request.params
    const result = await context.patchEdit(request, reply, request.params.id, request.body, (_rest, current) =>
      replaceStatement(current, statementId, context.applyPatch(findStatement(current, statementId), request.body.patch)))
    return findStatement(result.revision.entity, statementId)
  })
  app.delete(`${statementsPath}/:statementId`, {
    schema: { tags, params: StatementParams, headers: IfMatch, response: { 200: Type.Object({ deleted: Type.String() }), ...errors } }
  }, async (request, reply) => {
    const { statementId } = request.params
    await context.edit(request, reply, request.params.id, deleteBody(request.body), (_rest, current) => replaceStatement(current, statementId, null))
    return { deleted: `statement ${statementId}` }
  })
}
