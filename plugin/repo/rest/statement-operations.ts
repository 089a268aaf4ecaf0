import type { FastifyReply, FastifyRequest } from 'fastify'
import { parseEntityId } from '../../../hooks/ids.js'
import { entityMap, type Statement, type WikibaseEntity } from '../../changes/wikibase-entity.js'
import { EntityNotFoundError } from '../entities/entity-errors.js'
import { restErrors } from './rest-api-error.js'
import { deleteBody, sendJson } from './rest-edit-schemas.js'
import type { RestRouteContext } from './rest-route-context.js'
import { statementFromRestInput } from './rest-statement-input.js'
import { propertyIdsOfStatements, restStatementOf, sameInRest, type RestStatementData } from './rest-statement-shape.js'

/**
 * Reading, replacing, patching and removing one statement by its id: what the statement
 * routes of items and properties and the top-level `/statements/{statement_id}` routes share.
 * Order of the checks as in Wikibase's use cases
 * (repo/domains/crud/src/Application/UseCases/ReplaceStatement/ReplaceStatement.php,
 * PatchStatement/PatchStatement.php): the request is read first, then the subject must
 * exist, then the statement.
 */

/** A statement id: `Q42$` or `P42$` (either case) and a UUID, as Wikibase's GUID validator takes it. */
const STATEMENT_ID = /^([QqPp][1-9]\d{0,9})\$[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/

/** The entity a statement id belongs to (`q42$…` is Q42's), or 400 invalid-path-parameter. */
export function subjectOfStatementId (statementId: string): string {
  const match = STATEMENT_ID.exec(statementId)
  if (match === null) throw restErrors.invalidPathParameter('statement_id')
  return match[1]!.toUpperCase()
}

/** Where the statement is addressed: its subject, and what a missing subject is reported as. */
export interface StatementTarget {
  entityId: string
  statementId: string
  /** `statement` on `/statements/{id}` (the subject is not named in the path), else the entity's kind. */
  missingSubjectIs: 'item' | 'property' | 'statement'
}

type EditBody = { comment?: string, bot?: boolean, tags?: string[] }

export function findStatement (entity: WikibaseEntity, statementId: string): Statement {
  for (const list of Object.values(entityMap(entity.claims))) {
    const found = list.find(s => s.id === statementId)
    if (found !== undefined) return found
  }
  throw restErrors.resourceNotFound('statement')
}

/** The entity with statement `statementId` replaced by `next` in its place, or removed (null). */
export function replaceStatement (entity: WikibaseEntity, statementId: string, next: Statement | null): WikibaseEntity {
  const claims = Object.fromEntries(Object.entries(entityMap(entity.claims))
    .map(([p, list]) => [p, next === null ? list.filter(s => s.id !== statementId) : list.map(s => s.id === statementId ? next : s)] as const)
    .filter(([, list]) => list.length > 0))
  return { ...entity, claims }
}

/** A statement in the REST shape, with the data types of the properties it names. */
export async function restStatement (context: RestRouteContext, statement: Statement): Promise<RestStatementData> {
  const datatypes = await context.propertyDatatypes(propertyIdsOfStatements([statement]))
  return restStatementOf(statement, property => datatypes.get(property) ?? null)
}

/** Runs `work`, reporting a subject that does not exist as the target says. */
async function onSubject<T> (target: StatementTarget, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof EntityNotFoundError) throw restErrors.resourceNotFound(target.missingSubjectIs)
    throw error
  }
}

export async function getStatement (context: RestRouteContext, reply: FastifyReply, target: StatementTarget): Promise<RestStatementData> {
  const revision = await onSubject(target, async () => await context.loadLive(parseEntityId(target.entityId)))
  const statement = findStatement(revision.entity, target.statementId)
  context.revisionHeaders(reply, revision)
  return await restStatement(context, statement)
}

/** PUT: the statement replaced; its id and property cannot change (400 cannot-modify-read-only-value). */
export async function replaceStatementById (
  context: RestRouteContext, request: FastifyRequest, reply: FastifyReply, target: StatementTarget, body: EditBody & { statement: unknown }
): Promise<RestStatementData> {
  const { statementId } = target
  const reader = await context.statementReader(body.statement, false, false)
  const next = statementFromRestInput(body.statement, '/statement', reader, statementId)
  const result = await onSubject(target, async () => await context.edit(request, reply, target.entityId, body, (_rest, current) => {
    if (next.id !== statementId) throw restErrors.cannotModifyReadOnlyValue('/statement/id')
    const old = findStatement(current, statementId)
    if (old.mainsnak.property !== next.mainsnak.property) throw restErrors.cannotModifyReadOnlyValue('/statement/property/id')
    return replaceStatement(current, statementId, sameInRest(old, next) ? old : next)
  }))
  return await restStatement(context, findStatement(result.revision.entity, statementId))
}

/**
 * PATCH: the JSON Patch applied to the statement's REST form; the result must be a valid
 * statement (422 patch-result-*) with the same id and property (422
 * patch-result-modified-read-only-value at `/id`, `/property/id`).
 */
export async function patchStatementById (
  context: RestRouteContext, request: FastifyRequest, reply: FastifyReply, target: StatementTarget, body: EditBody & { patch: unknown[] }
): Promise<RestStatementData> {
  const { statementId } = target
  const result = await onSubject(target, async () => await context.patchEdit(request, reply, target.entityId, body, async (_rest, current) => {
    const old = findStatement(current, statementId)
    const patched: unknown = context.applyPatch(await restStatement(context, old), body.patch)
    const next = statementFromRestInput(patched, '', await context.statementReader(patched, false, true), statementId)
    if (next.id !== statementId) throw restErrors.patchResultModifiedReadOnlyValue('/id')
    if (next.mainsnak.property !== old.mainsnak.property) throw restErrors.patchResultModifiedReadOnlyValue('/property/id')
    return replaceStatement(current, statementId, sameInRest(old, next) ? old : next)
  }))
  return await restStatement(context, findStatement(result.revision.entity, statementId))
}

/** DELETE: the statement removed; the answer is the spec's JSON string. */
export async function removeStatementById (
  context: RestRouteContext, request: FastifyRequest, reply: FastifyReply, target: StatementTarget
): Promise<FastifyReply> {
  const body = deleteBody(request.body)
  await onSubject(target, async () => await context.edit(request, reply, target.entityId, body, (_rest, current) => {
    findStatement(current, target.statementId)
    return replaceStatement(current, target.statementId, null)
  }))
  return await sendJson(reply, 'Statement deleted')
}
