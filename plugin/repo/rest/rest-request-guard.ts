import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { HostUser, WikiHost } from '../../../hooks/contract.js'
import { WikibaseError } from '../../errors.js'
import type { ApiSessions } from '../../action-api/session/api-sessions.js'
import { csrfTokenMatches, identify, type RequestIdentity } from '../../action-api/session/request-identity.js'
import { assertUserRights, type RightsCheck } from '../user-rights.js'

/**
 * The rules every request of the REST API passes before its handler, so no route can forget
 * them:
 * - a write (POST, PUT, PATCH, DELETE) sends `application/json` (PATCH also
 *   `application/json-patch+json`) or no body at all; anything else is 415. A plain HTML form
 *   can send neither JSON nor an empty body without a type, so a cross-site form cannot write.
 * - a write whose credential a browser sends by itself (a cookie session: the plugin's own
 *   action-API session, or the host's `request.wikiSessionId`) carries that session's csrf
 *   token in its body (`token`), as MediaWiki's REST TokenAwareHandlerTrait asks; 403
 *   `rest-badtoken-missing` / `rest-badtoken` otherwise. Anonymous callers without a session
 *   and host credentials that are not cookies (OAuth) need none.
 * - a read needs the `read` right (403 `permission-denied`).
 */
export class RestRequestError extends WikibaseError {
  override readonly statusCode: number
  override readonly code: string
  constructor (statusCode: number, code: string, message: string) {
    super(message)
    this.name = 'RestRequestError'
    this.statusCode = statusCode
    this.code = code
  }
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const JSON_TYPES = ['application/json']
const PATCH_TYPES = ['application/json', 'application/json-patch+json']

/** The media type of a Content-Type header, lower case, without parameters. */
export function mediaTypeOf (header: string): string {
  return header.split(';')[0]!.trim().toLowerCase()
}

function hasBody (request: FastifyRequest): boolean {
  const length = request.headers['content-length']
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
}

/** Null when the request may go on, else why it is 415. */
export function contentTypeProblem (method: string, contentType: string | undefined, bodySent: boolean): string | null {
  if (!WRITE_METHODS.has(method)) return null
  const allowed = method === 'PATCH' ? PATCH_TYPES : JSON_TYPES
  if (contentType === undefined || contentType.trim() === '') {
    return bodySent ? `a request body needs Content-Type ${allowed.join(' or ')}` : null
  }
  const type = mediaTypeOf(contentType)
  return allowed.includes(type) ? null : `Content-Type ${JSON.stringify(type)} is not accepted here; send ${allowed.join(' or ')}`
}

const identities = new WeakMap<FastifyRequest, RequestIdentity>()

/** The caller of a REST request, as the guard found it (anonymous before the guard ran). */
export function restIdentityOf (request: FastifyRequest): RequestIdentity {
  return identities.get(request) ?? { user: { id: 0, name: request.ip, anonymous: true, bot: false }, session: null, binding: null }
}

/** Who the guard asks: the plugin's own sessions (null: none) and the host's user rights. */
export interface RestRequestGuardDeps {
  sessions: ApiSessions | null
  host: WikiHost | undefined
}

export function registerRestRequestGuard (scope: FastifyInstance, deps: RestRequestGuardDeps, userOf?: (request: FastifyRequest) => HostUser): void {
  // Its parser (application/json-patch+json) is the request-input guard's: depth-checked before parsing.
  scope.addHook('onRequest', async request => {
    const problem = contentTypeProblem(request.method, request.headers['content-type'], hasBody(request))
    if (problem !== null) throw new RestRequestError(415, 'unsupported-content-type', problem)
  })

  scope.addHook('preHandler', async request => {
    const sessions = deps.sessions
    let identity: RequestIdentity = sessions === null ? restIdentityOf(request) : await identify(request, sessions, deps.host)
    if (userOf !== undefined) identity = { ...identity, user: userOf(request) }
    identities.set(request, identity)
    if (WRITE_METHODS.has(request.method)) {
      if (identity.binding?.cookieSession !== true || sessions === null) return
      const token = (request.body as { token?: unknown } | undefined)?.token
      if (typeof token !== 'string' || token === '') {
        throw new RestRequestError(403, 'rest-badtoken-missing',
          'this request is authenticated by a session cookie: send the session\'s csrf token (action API meta=tokens) as "token" in the body')
      }
      if (!csrfTokenMatches(identity, sessions, token)) throw new RestRequestError(403, 'rest-badtoken', 'the csrf token does not belong to this session')
      return
    }
    await assertUserRights(restRightsCheck(request, deps.host), ['read'])
  })
}

/** The rights check of a REST request's caller; a failing host check is logged and refused. */
export function restRightsCheck (request: FastifyRequest, host: WikiHost | undefined): RightsCheck {
  return {
    host,
    user: restIdentityOf(request).user,
    onHostError: (err: unknown) => { request.log.warn({ err }, 'wikibase REST API: the host rights check failed; refused') }
  }
}
