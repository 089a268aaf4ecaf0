import Type from 'typebox'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { WikibaseError, bodyTooLargeMessage } from '../../errors.js'
import { RequestInputError } from '../../http/request-input-guard.js'
import { InvalidEntityIdError } from '../../../hooks/ids.js'
import { EntityChangeUpdateError } from '../../changes/entity-change.js'
import { EntityEditError, EntityRedirectError } from '../entities/entity-errors.js'
import { jsonPointer, RestApiError, restErrors } from './rest-api-error.js'
import { restDomainErrorOf, type RestBodyPath } from './rest-domain-errors.js'
import { absoluteUrl } from './rest-urls.js'

/**
 * The one place that turns errors into REST responses, in the vocabulary of Wikibase's REST
 * API 1.5 (rest-api-error.ts): client mistakes are 4xx, never 5xx.
 *
 * - Request schema violations (Fastify/Ajv): a path parameter → `invalid-path-parameter`
 *   `{parameter}` (routes name parameters as the spec does: item_id, property_id,
 *   language_code, site_id, statement_id); a query parameter → `invalid-query-parameter`
 *   `{parameter}`; the body → `missing-field` `{path: pointer of the parent, field}`, an
 *   unexpected key → `invalid-key` `{path, key}`, a string over its `maxLength` →
 *   `value-too-long` `{path, limit}`, anything else → `invalid-value` `{path}`. As Wikibase's
 *   AssertValidTopLevelFields (repo/domains/crud/src/RouteHandlers/AssertValidTopLevelFields.php):
 *   a missing top-level field is `missing-field` with path '', a top-level field of the wrong
 *   type (`bot`, `comment`, `tags`, …) is `invalid-value` at `/<field>`. Unknown top-level
 *   fields are dropped by Fastify's default Ajv (`removeAdditional`), as MediaWiki ignores them.
 * - Domain errors (InvalidEntityValueError, ValueTooLongError → `value-too-long`,
 *   UnknownLanguage/Site/KeyError → `invalid-key` or `invalid-path-parameter`,
 *   UnknownPropertyError → `referenced-resource-not-found`, EntityTooBigError →
 *   `resource-too-large`, EntityNotFoundError/EntityPartNotFoundError → `resource-not-found`
 *   `{resource_type}`, PermissionDeniedError → 403 `permission-denied`, EntityRedirectError on
 *   an edit → 409 `redirected-item`): rest-domain-errors.ts. A route says where its request
 *   holds the entity those errors name paths in, by its route config `restBodyPath`:
 *       { config: { restBodyPath: '/item' } }                                        // POST /entities/items
 *       { config: { restBodyPath: sectionEntry('labels', 'language_code', '/label') } } // PUT …/labels/{language_code}
 *   (no config: the body is the entity; a function `(domainPath, about) => place` for anything else).
 * - `RestApiError` thrown by a route: sent as it is.
 * - 412 (a failed precondition; EditConflictError) and 304 answer without a body, as
 *   Wikibase's PreconditionMiddleware; a GET of a redirected item answers 308 with an
 *   absolute `Location`, an edit of one 409 `redirected-item`.
 * - Every error answer has `Content-Language: en` (the spec requires it: messages are English).
 */

/** Wikibase REST API error body. */
export const RestError = Type.Object({
  code: Type.String(),
  message: Type.String(),
  context: Type.Optional(Type.Record(Type.String(), Type.Unknown()))
})

export interface RestErrorReply { statusCode: number, body: { code: string, message: string, context?: Record<string, unknown> } | null }

interface AjvError { instancePath?: string, keyword?: string, message?: string, params?: Record<string, unknown> }

/** The first segment of an Ajv instance path (`/item_id` → `item_id`). */
const firstSegment = (instancePath: string): string => decodePointerSegment(instancePath.split('/')[1] ?? '')
const decodePointerSegment = (segment: string): string => segment.replaceAll('~1', '/').replaceAll('~0', '~')

/** A request schema violation in the spec's codes (see the file comment). */
export function validationErrorOf (where: string, first: AjvError | undefined): RestApiError {
  const path = first?.instancePath ?? ''
  const params = first?.params ?? {}
  const named = path === '' ? String(params.missingProperty ?? params.additionalProperty ?? '') : firstSegment(path)
  if (where === 'params') return restErrors.invalidPathParameter(named)
  if (where === 'querystring') return restErrors.invalidQueryParameter(named)
  if (where === 'headers') return new RestApiError(400, 'invalid-request-header', `Invalid request header: '${named}'`, { header: named })
  if (first?.keyword === 'required' && typeof params.missingProperty === 'string') return restErrors.missingField(path, params.missingProperty)
  if (first?.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    return restErrors.invalidKey(path, params.additionalProperty)
  }
  if (first?.keyword === 'maxLength' && typeof params.limit === 'number') return restErrors.valueTooLong(path, params.limit)
  return restErrors.invalidValue(path)
}

/**
 * Request-layer refusals (request-input-guard.ts): a string that cannot be stored in the spec's
 * codes by where it is, keeping the guard's message, which names the field and the reason
 * (Wikibase has no such case: PHP strings hold NUL). A body nested deeper than the limit is
 * refused before it is parsed, as a malformed body is (`invalid-request-body`).
 */
function requestInputErrorOf (error: RequestInputError): RestApiError {
  const [where = 'body', name = '', ...rest] = error.field.split('/')
  if (error.code === 'json-too-deep') return new RestApiError(400, 'invalid-request-body', error.message, { path: [name, ...rest].join('/'), in: where })
  if (where === 'params') return new RestApiError(400, 'invalid-path-parameter', error.message, { parameter: name })
  if (where === 'query') return new RestApiError(400, 'invalid-query-parameter', error.message, { parameter: name })
  return new RestApiError(400, 'invalid-value', error.message, { path: jsonPointer(...[name, ...rest].filter(s => s !== '')) })
}

/** The path parameter an invalid entity id came from, or null (it came from the body). */
function parameterHolding (params: unknown, value: unknown): string | null {
  if (typeof params !== 'object' || params === null) return null
  for (const [name, held] of Object.entries(params)) if (held === value) return name
  return null
}

function replyOf (error: RestApiError): RestErrorReply {
  if (error.statusCode === 412 || error.statusCode === 304) return { statusCode: error.statusCode, body: null }
  const context = error.context === undefined ? {} : { context: error.context }
  return { statusCode: error.statusCode, body: { code: error.code, message: error.message, ...context } }
}

export interface RestErrorScope {
  bodyLimit?: number
  /** Where the route's request holds the entity (route config `restBodyPath`). */
  bodyPath?: RestBodyPath
  params?: unknown
}

/** The response for an error. */
export function restErrorOf (error: unknown, scope: RestErrorScope = {}): RestErrorReply {
  const domain = restDomainErrorOf(error, scope.bodyPath)
  if (domain !== null) return replyOf(domain)
  if (error instanceof InvalidEntityIdError) {
    const parameter = parameterHolding(scope.params, error.value)
    return replyOf(parameter === null ? restErrors.invalidValue('') : restErrors.invalidPathParameter(parameter))
  }
  if (error instanceof RequestInputError) return replyOf(requestInputErrorOf(error))
  if (error instanceof EntityEditError) return { statusCode: error.statusCode, body: { code: error.code, message: error.message, context: error.context } }
  if (error instanceof EntityChangeUpdateError) return replyOf(restErrors.invalidValue(''))
  if (error instanceof WikibaseError && error.statusCode < 500) {
    return { statusCode: error.statusCode, body: { code: error.code, message: error.message, context: {} } }
  }
  const fastifyError = error as Partial<FastifyError> & { validationContext?: string }
  if (fastifyError.validation !== undefined) {
    return replyOf(validationErrorOf(fastifyError.validationContext ?? 'body', fastifyError.validation[0] as AjvError | undefined))
  }
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const limit = scope.bodyLimit
    return { statusCode: 413, body: { code: 'request-too-large', message: bodyTooLargeMessage(limit), context: limit === undefined ? {} : { limit } } }
  }
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    const code = fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
      ? 'invalid-request-body'
      : 'invalid-request'
    return { statusCode: fastifyError.statusCode, body: { code, message: fastifyError.message ?? 'bad request', context: {} } }
  }
  return { statusCode: 500, body: { code: 'unexpected-error', message: 'Unexpected Error' } }
}

const READ_METHODS = new Set(['GET', 'HEAD'])

export function setRestErrorHandler (app: FastifyInstance): void {
  app.setErrorHandler(async (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof EntityRedirectError && READ_METHODS.has(request.method)) {
      // Wikibase answers a read of a redirected item with 308 to the same resource of the target.
      const path = request.url.replace(`/${error.entityId}`, () => `/${error.target}`) /* verbatim, no `$` patterns */
      return await reply.code(308).header('location', absoluteUrl(request, path)).send()
    }
    const scope = { bodyLimit: request.routeOptions.bodyLimit, bodyPath: request.routeOptions.config?.restBodyPath, params: request.params }
    const { statusCode, body } = restErrorOf(error, scope)
    if (statusCode >= 500) request.log.error({ err: error }, 'wikibase REST API: unexpected error')
    if (body === null) return await reply.code(statusCode).send()
    return await reply.code(statusCode).header('content-language', 'en').send(body)
  })
}
