import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { InvalidTitleError } from '../engine/titles.js'
import { renderPage, type UiContext } from './ui-context.js'
import { findValueProblem } from '../../plugin/http/storable-strings.js'

/**
 * The wiki's answer to a request it cannot serve, as MediaWiki's error pages: a client
 * mistake (a bad title, a malformed URL escape, a value the database cannot store, any 4xx
 * Fastify raised) is an HTML page with its status and the reason, escaped by the template;
 * only a real server fault is a 500 (logged, no details shown).
 */
export class BadRequestError extends Error {
  readonly statusCode = 400
}

export function registerErrorPages (ctx: UiContext): void {
  // U+0000 and lone surrogates: refused with a 400 before any handler sends them to PostgreSQL.
  ctx.app.addHook('preValidation', async (request: FastifyRequest) => {
    // The plugin's own rule (plugin/http/storable-strings.ts), so the wiki and the plugin refuse the same strings.
    const problem = findValueProblem({ params: request.params, query: request.query, body: request.body }, 'request')
    if (problem !== null) throw new BadRequestError(`${problem.path.replace(/^request\//, '')}: ${problem.reason}`)
  })
  ctx.app.setErrorHandler(async (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const status = statusOf(error)
    if (status >= 500) request.log.error({ err: error }, 'example wiki: unexpected error')
    const message = status >= 500 ? 'An internal error occurred; it has been logged.' : (error as Error).message
    const pageTitle = status === 400 && error instanceof InvalidTitleError ? 'Bad title' : 'Bad request'
    return await renderPage(ctx, reply, 'list', { pageTitle, error: message, items: [] }, status)
  })
}

function statusOf (error: unknown): number {
  if (error instanceof InvalidTitleError || error instanceof URIError || error instanceof BadRequestError) return 400
  const code = (error as Partial<FastifyError>).statusCode
  return typeof code === 'number' && code >= 400 && code < 600 ? code : 500
}
