import type { FastifyRequest } from 'fastify'

/**
 * The absolute URL of `path` (starting with `/`) on the server the request reached: the spec
 * asks for absolute `Location` headers (201 of a created entity or statement, 307/308).
 * Protocol and host are Fastify's `request.protocol` and `request.host`, which follow
 * `X-Forwarded-Proto` / `X-Forwarded-Host` only when the host's Fastify has `trustProxy`.
 */
export function absoluteUrl (request: FastifyRequest, path: string): string {
  return `${request.protocol}://${request.host}${path}`
}
