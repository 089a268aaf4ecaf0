import type { FastifyInstance, FastifyRequest } from 'fastify'
import { isEntityId, type EntityId } from '../../../hooks/ids.js'
import type { WikiDatabase } from '../../db/wiki-database.js'
import type { WikibaseEntity } from '../../changes/wikibase-entity.js'
import { loadLatestRevisionStamp } from '../../repo-reader/latest-revision-stamp.js'
import { conditionalHeadersOf, hasConditionalHeaders, preconditionStatus, type RevisionValidators } from './conditional-request.js'
import { preconditionFailed } from './rest-domain-errors.js'

/**
 * Conditional requests on every route of an entity or its parts, before the handler runs,
 * as Wikibase's PreconditionMiddleware: the subject entity comes from the path parameter
 * (`item_id`, `property_id`, or the entity id that a `statement_id` starts with); 304 answers
 * with the ETag and no body, 412 with no body. A request whose subject does not exist, is
 * deleted or a redirect, or whose id is malformed, goes on to the handler (404 / 308 / 400).
 *
 * An edit checks again inside its transaction, against the revision it changes
 * (`checkEditPreconditions`, called by rest-route-context.ts), so an edit that raced past the
 * first check cannot overwrite a newer revision.
 */
const SUBJECT_PARAMETERS = ['item_id', 'property_id', 'id'] as const

/** The entity a request is about, from its path parameters; null when it has none (or a malformed one). */
export function subjectEntityOf (params: unknown): EntityId | null {
  if (typeof params !== 'object' || params === null) return null
  const values = params as Record<string, unknown>
  for (const name of SUBJECT_PARAMETERS) if (isEntityId(values[name])) return values[name] as EntityId
  const statementId = values.statement_id
  if (typeof statementId !== 'string') return null
  const subject = statementId.slice(0, Math.max(0, statementId.indexOf('$'))).toUpperCase()
  return isEntityId(subject) ? subject as EntityId : null
}

export function installRestPreconditions (scope: FastifyInstance, db: WikiDatabase): void {
  scope.addHook('preHandler', async (request: FastifyRequest, reply) => {
    const headers = conditionalHeadersOf(request.headers)
    if (!hasConditionalHeaders(headers)) return
    const subject = subjectEntityOf(request.params)
    if (subject === null) return
    const stamp = await loadLatestRevisionStamp(db.pool, db, subject)
    if (stamp === null) return
    const status = preconditionStatus(request.method, headers, stamp)
    if (status === 304) return await reply.code(304).header('etag', `"${stamp.revisionId}"`).send()
    if (status === 412) return await reply.code(412).send()
  })
}

/** The validators of an entity's canonical JSON (its `lastrevid` and `modified`), or null before its first save. */
function validatorsOf (entity: WikibaseEntity): RevisionValidators | null {
  const { lastrevid, modified } = entity as { lastrevid?: unknown, modified?: unknown }
  if (typeof lastrevid !== 'number' || typeof modified !== 'string') return null
  return { revisionId: lastrevid, timestamp: new Date(modified) }
}

/** Throws 412 when an edit's conditional headers do not hold for the revision it is about to change. */
export function checkEditPreconditions (request: FastifyRequest, current: WikibaseEntity): void {
  const headers = conditionalHeadersOf(request.headers)
  if (!hasConditionalHeaders(headers)) return
  const validators = validatorsOf(current)
  if (validators !== null && preconditionStatus(request.method, headers, validators) !== null) throw preconditionFailed()
}
