import type { FastifyRequest } from 'fastify'
import type { HostUser } from '../../hooks/contract.js'

/**
 * The one answer to "who is this request?" for the UI: the logged-in user of the request's
 * session, else an anonymous visitor known by address (edits then show the IP, as MediaWiki).
 */
export function currentUser (request: FastifyRequest): HostUser {
  return request.exampleSession?.user ?? { id: 0, name: request.ip, anonymous: true, bot: false }
}
