import type { FastifyRequest } from 'fastify'
import type { HostUser, WikiHost } from '../../../hooks/contract.js'
import { userHasRight } from '../../repo/user-rights.js'
import { ANONYMOUS_TOKEN, type ApiSessions, type LiveSession } from './api-sessions.js'

/**
 * Who makes a request of the repo's REST and action API, and what its CSRF tokens are bound
 * to. In order: the host's `request.wikiUser` (bound to `request.wikiSessionId` when the host
 * says it came from a cookie session), else the plugin's own action-API session (from
 * action=login), else an anonymous user known by address. A session user's rights, `bot`
 * included, are asked of the host on every request, never kept in the session.
 */
export interface RequestIdentity {
  user: HostUser
  /** The plugin's own session from the cookie (logged in or not), null without one. */
  session: LiveSession | null
  /**
   * What the csrf token is bound to; null for an anonymous caller (its token is `+\`).
   * `cookieSession` says whether a browser would send the credential by itself: then REST writes
   * need the token too.
   */
  binding: { key: string, cookieSession: boolean } | null
}

export async function identify (request: FastifyRequest, sessions: ApiSessions, host: WikiHost | undefined): Promise<RequestIdentity> {
  const session = await sessions.fromCookieHeader(request.headers.cookie)
  const hostUser = request.wikiUser
  if (hostUser !== undefined && !hostUser.anonymous) {
    const sessionId = request.wikiSessionId
    return {
      user: hostUser,
      session,
      binding: sessionId !== undefined && sessionId !== ''
        ? { key: `host-session:${sessionId}`, cookieSession: true }
        : { key: `user:${hostUser.id}:${hostUser.name}`, cookieSession: false }
    }
  }
  if (session?.user != null) {
    // A bot account as the host said at login, and still holding `bot` now.
    const user: HostUser = { id: session.user.id, name: session.user.name, anonymous: false, bot: session.user.bot }
    user.bot = user.bot && await userHasRight({ host, user }, 'bot')
    return { user, session, binding: { key: `session:${session.id}`, cookieSession: true } }
  }
  return { user: hostUser ?? { id: 0, name: request.ip, anonymous: true, bot: false }, session, binding: null }
}

export function csrfToken (identity: RequestIdentity, sessions: ApiSessions): string {
  return identity.binding === null ? ANONYMOUS_TOKEN : sessions.token('csrf', identity.binding.key)
}

export function csrfTokenMatches (identity: RequestIdentity, sessions: ApiSessions, given: string): boolean {
  return identity.binding === null ? given === ANONYMOUS_TOKEN : sessions.tokenMatches('csrf', identity.binding.key, given)
}
