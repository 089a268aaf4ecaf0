import Type from 'typebox'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { WikibaseError, bodyTooLargeMessage } from '../../errors.js'
import { RequestInputError } from '../../http/request-input-guard.js'
import { InvalidEntityIdError } from '../../../hooks/ids.js'
import { EntityChangeUpdateError } from '../../changes/entity-change.js'
import { EntityEditError, EntityRedirectError } from '../entities/entity-errors.js'
import { RestApiError } from './rest-api-error.js'

/** Wikibase REST API error body. */
export const RestError = Type.Object({
  code: Type.String(),
  message: Type.String(),
  context: Type.Optional(Type.Record(Type.String(), Type.Unknown()))
})

export interface RestErrorReply { statusCode: number, body: { code: string, message: string, context?: Record<string, unknown> } }

const VALIDATION_CODE: Record<string, string> = {
  params: 'invalid-path-parameter',
  querystring: 'invalid-query-parameter',
  headers: 'invalid-request-header',
  body: 'invalid-value'
}

/** The one place that turns errors into REST responses: client mistakes are 4xx, never 5xx. */
export function restErrorOf (error: unknown, bodyLimit?: number): RestErrorReply {
  if (error instanceof RestApiError) {
    return { statusCode: error.statusCode, body: { code: error.code, message: error.message, ...(error.context === undefined ? {} : { context: error.context }) } }
  }
  if (error instanceof EntityEditError) return { statusCode: error.statusCode, body: { code: error.code, message: error.message, context: error.context } }
  if (error instanceof InvalidEntityIdError) {
    return { statusCode: 400, body: { code: 'invalid-entity-id', message: error.message, context: { value: error.value } } }
  }
  if (error instanceof RequestInputError) return { statusCode: 400, body: requestInputBody(error) }
  if (error instanceof EntityChangeUpdateError) return { statusCode: 400, body: { code: 'invalid-value', message: error.message, context: {} } }
  if (error instanceof WikibaseError && error.statusCode < 500) {
    return { statusCode: error.statusCode, body: { code: error.code, message: error.message, context: {} } }
  }
  const fastifyError = error as Partial<FastifyError> & { validationContext?: string }
  if (fastifyError.validation !== undefined) {
    const first = fastifyError.validation[0]
    const where = fastifyError.validationContext ?? 'body'
    const path = (first?.instancePath ?? '').replace(/^\//, '')
    const missing = (first?.params as { missingProperty?: string } | undefined)?.missingProperty
    const extra = (first?.params as { additionalProperty?: string } | undefined)?.additionalProperty
    const field = [path, missing ?? extra].filter(p => p !== undefined && p !== '').join('/')
    return {
      statusCode: 400,
      body: {
        code: VALIDATION_CODE[where] ?? 'invalid-value',
        message: `${where}${field === '' ? '' : `/${field}`}: ${first?.message ?? 'invalid'}${extra !== undefined ? ` (${extra})` : ''}`,
        context: { path: field, in: where }
      }
    }
  }
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return {
      statusCode: 413,
      body: { code: 'request-too-large', message: bodyTooLargeMessage(bodyLimit), context: bodyLimit === undefined ? {} : { limit: bodyLimit } }
    }
  }
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    const code = fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
      ? 'invalid-request-body'
      : 'invalid-request'
    return { statusCode: fastifyError.statusCode, body: { code, message: fastifyError.message ?? 'bad request', context: {} } }
  }
  return { statusCode: 500, body: { code: 'unexpected-error', message: 'Unexpected error', context: {} } }
}

/** Request-layer refusals in REST's codes: where the field is says which code. */
function requestInputBody (error: RequestInputError): RestErrorReply['body'] {
  const [where = 'body', ...rest] = error.field.split('/')
  const path = rest.join('/')
  if (error.code !== 'invalid-unicode') return { code: 'invalid-request-body', message: error.message, context: { path, in: where } }
  const code = where === 'params' ? 'invalid-path-parameter' : where === 'query' ? 'invalid-query-parameter' : 'invalid-value'
  return { code, message: error.message, context: { path, in: where === 'query' ? 'querystring' : where } }
}

export function setRestErrorHandler (app: FastifyInstance): void {
  app.setErrorHandler(async (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof EntityRedirectError) {
      const location = request.url.replace(`/${error.entityId}`, () => `/${error.target}`) /* verbatim, no `$` patterns */
      return await reply.code(308).header('location', location).send(restErrorOf(error).body)
    }
    const { statusCode, body } = restErrorOf(error, request.routeOptions.bodyLimit)
    if (statusCode >= 500) request.log.error({ err: error }, 'wikibase REST API: unexpected error')
    return await reply.code(statusCode).send(body)
  })
}
