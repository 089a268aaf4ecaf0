import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { InvalidTitleError } from '../engine/titles.js'
import { renderPage, type UiContext } from './ui-context.js'

/**
 * The wiki's answer to a request it cannot serve, as MediaWiki's error pages: a client
 * mistake (a bad title, a malformed URL escape, a value the database cannot store, any 4xx
 * Fastify raised) is an HTML page with its status and the reason, escaped by the template;
 * only a real server fault is a 500 (logged, no details shown).
 */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** Where in a request (query, form or JSON body, path) a string holds what PostgreSQL cannot store; null when none. */
export function unstorableField (value: unknown, path: string): string | null {
  const stack: Array<[unknown, string]> = [[value, path]]
  while (stack.length > 0) {
    const [current, at] = stack.pop()!
    if (typeof current === 'string') {
      if (UNSTORABLE.test(current)) return at
    } else if (current !== null && typeof current === 'object') {
      for (const [key, inner] of Object.entries(current)) {
        if (UNSTORABLE.test(key)) return `${at}/(key)`
        stack.push([inner, `${at}/${key}`])
      }
    }
  }
  return null
}

export class BadRequestError extends Error {
  readonly statusCode = 400
}

export function registerErrorPages (ctx: UiContext): void {
  // U+0000 and lone surrogates: refused with a 400 before any handler sends them to PostgreSQL.
  ctx.app.addHook('preValidation', async (request: FastifyRequest) => {
    const where = unstorableField({ params: request.params, query: request.query, body: request.body }, 'request')
    if (where !== null) throw new BadRequestError(`${where.replace(/^request\//, '')}: contains U+0000 or a lone surrogate, which cannot be stored`)
  })
  ctx.app.setErrorHandler(async (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const status = statusOf(error)
    if (status >= 500) request.log.error({ err: error }, 'example wiki: unexpected error')
    const message = status >= 500 ? 'An internal error occurred; it has been logged.' : (error as Error).message
    return await renderPage(ctx, reply, 'list', { pageTitle: status === 400 && error instanceof InvalidTitleError ? 'Bad title' : 'Bad request', error: message, items: [] }, status)
  })
}

function statusOf (error: unknown): number {
  if (error instanceof InvalidTitleError || error instanceof URIError || error instanceof BadRequestError) return 400
  const code = (error as Partial<FastifyError>).statusCode
  return typeof code === 'number' && code >= 400 && code < 600 ? code : 500
}
