import type { FastifyInstance } from 'fastify'
import { restIdentityOf } from './rest-request-guard.js'

/**
 * Headers every answer of the REST API carries, as Wikibase's:
 * - `Content-Type: application/json` without Fastify's `; charset=utf-8` (JSON is UTF-8 by
 *   definition, RFC 8259, and the spec's clients compare the media type as written);
 * - `Content-Language: en` on a successful DELETE, whose answer is an English message
 *   ("Label deleted"; error answers get it from rest-errors.ts);
 * - `X-Authenticated-User: <name>` when the request is a logged-in user's (Wikibase's
 *   AuthenticationMiddleware, repo/domains/crud/src/RouteHandlers/Middleware/).
 */
export function installRestResponseHeaders (scope: FastifyInstance): void {
  scope.addHook('onSend', async (request, reply, payload) => {
    const type = reply.getHeader('content-type')
    if (typeof type === 'string' && /^application\/json\s*;/i.test(type)) void reply.header('content-type', 'application/json')
    if (request.method === 'DELETE' && reply.statusCode < 300) void reply.header('content-language', 'en')
    const user = restIdentityOf(request).user
    if (!user.anonymous && user.name !== '') void reply.header('x-authenticated-user', user.name)
    return payload
  })
}
