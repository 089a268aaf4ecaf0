import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { InvalidTitleError } from '../engine/titles.js'
import { escapeHtml } from '../engine/wikitext-renderer.js'

/** What a user sees of an error: its status and a message that is safe to show. */
export interface ShownError { statusCode: number, message: string }

/**
 * The status and message of an error for the user. Client mistakes (a 4xx of Fastify, a bad
 * title) show their message; anything else — a database error, whose message may name
 * tables, SQL or a server address, a failed connection — is a 500 that shows only the
 * request id. The full error, stack included, goes to the log and nowhere else.
 */
export function shownErrorOf (error: unknown, requestId: string): ShownError {
  if (error instanceof InvalidTitleError) return { statusCode: 400, message: error.message }
  const statusCode = (error as Partial<FastifyError> | null)?.statusCode
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return { statusCode, message: (error as Error).message ?? 'Bad request' }
  }
  return { statusCode: 500, message: `Internal error (request ${requestId}); the details are in the server's log.` }
}

/** The example wiki's error handler (the plugin's routes have their own): a small HTML page, never a stack or an internal message. */
export function setErrorPage (app: FastifyInstance): void {
  app.setErrorHandler(async (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const shown = shownErrorOf(error, request.id)
    if (shown.statusCode >= 500) request.log.error({ err: error }, 'example-wiki: unexpected error')
    const html = `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Error</title><link rel="stylesheet" href="/static/wiki.css"></head>
<body><main><h1 id="firstHeading">Error</h1><p class="error-box" role="alert">${escapeHtml(shown.message)}</p><p><a href="/wiki/Main_Page">Main page</a></p></main></body></html>\n`
    return await reply.code(shown.statusCode).header('content-type', 'text/html; charset=utf-8').send(html)
  })
}
