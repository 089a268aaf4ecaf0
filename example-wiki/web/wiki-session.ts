import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { HostUser } from '../../hooks/contract.js'
import { deleteLoginSession, insertLoginSession, sessionUser } from '../engine/account-store.js'
import type { WikiDb } from '../engine/wiki-db.js'

/**
 * The UI's sessions. Every visitor of a page gets a session id in the cookie
 * `<siteId>_wikisession` (`<id>.<HMAC of the id>`); a logged-in session is also a row of
 * `wiki_session` (only its SHA-256), so logout ends it wherever the cookie is. The csrf token
 * of every form is an HMAC of the session id: a page of another site can neither read it nor
 * make it, and it changes at login and logout.
 */
export interface WikiSession {
  id: string
  /** The logged-in user; null for an anonymous visitor. */
  user: HostUser | null
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The visitor's session, set by the wiki's onRequest hook (wiki-app.ts). */
    exampleSession?: WikiSession
  }
}

/** The form field of the csrf token (MediaWiki's name). */
export const TOKEN_FIELD = 'wpEditToken'
const LOGIN_SECONDS = 7 * 24 * 3600

export class SessionKeeper {
  readonly cookieName: string

  constructor (private readonly db: WikiDb, siteId: string, private readonly secret: string) {
    this.cookieName = `${siteId.replace(/[^A-Za-z0-9_-]/g, '_')}_wikisession`
  }

  private sign (text: string): string {
    return createHmac('sha256', this.secret).update(text).digest('hex')
  }

  /** The session of the request's cookie; a new anonymous one (cookie set on `reply`) when there is none. */
  async resolve (request: FastifyRequest, reply: FastifyReply, startIfMissing: boolean): Promise<WikiSession | undefined> {
    const id = this.idOfCookie(cookieValue(request.headers.cookie, this.cookieName))
    if (id === null) {
      if (!startIfMissing) return undefined
      return this.start(reply)
    }
    const row = await sessionUser(this.db.pool, this.db, id)
    return { id, user: row === null ? null : { id: row.user_id, name: row.user_name, anonymous: false, bot: row.user_bot } }
  }

  /** A fresh anonymous session (after logout too: the old id is never reused). */
  start (reply: FastifyReply): WikiSession {
    const id = randomBytes(16).toString('hex')
    void reply.header('set-cookie', `${this.cookieName}=${id}.${this.sign(`session:${id}`)}; Path=/; HttpOnly; SameSite=Lax`)
    return { id, user: null }
  }

  /** Login: a new session id for the user (the anonymous one, and its tokens, end). */
  async login (reply: FastifyReply, user: HostUser): Promise<WikiSession> {
    const session = this.start(reply)
    await insertLoginSession(this.db.pool, this.db, session.id, user.id, LOGIN_SECONDS)
    return { id: session.id, user }
  }

  async logout (reply: FastifyReply, session: WikiSession): Promise<WikiSession> {
    await deleteLoginSession(this.db.pool, this.db, session.id)
    return this.start(reply)
  }

  /** Bound to the session id and its user: after logout the old cookie's old tokens no longer match. */
  token (session: WikiSession): string {
    return this.sign(`csrf:${session.id}:${session.user?.id ?? 0}`)
  }

  tokenMatches (session: WikiSession, given: unknown): boolean {
    if (typeof given !== 'string') return false
    const a = Buffer.from(this.token(session))
    const b = Buffer.from(given)
    return a.length === b.length && timingSafeEqual(a, b)
  }

  private idOfCookie (value: string | undefined): string | null {
    const match = /^([0-9a-f]{32})\.([0-9a-f]{64})$/.exec(value ?? '')
    if (match === null) return null
    const a = Buffer.from(this.sign(`session:${match[1]!}`))
    const b = Buffer.from(match[2]!)
    return a.length === b.length && timingSafeEqual(a, b) ? match[1]! : null
  }
}

function cookieValue (header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(/;\s*/)) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

/**
 * Why a form POST is refused before its handler runs, or null: a browser's `Origin` (or
 * `Sec-Fetch-Site: cross-site`) naming another site, or a missing or wrong csrf token.
 */
export function formPostProblem (
  headers: { origin?: string, host?: string, 'sec-fetch-site'?: string }, tokenOk: boolean
): string | null {
  const origin = headers.origin
  if (origin !== undefined) {
    let host: string | null = null
    try {
      const url = new URL(origin)
      host = url.protocol === 'http:' || url.protocol === 'https:' ? url.host : null
    } catch { host = null }
    if (host === null || host.toLowerCase() !== (headers.host ?? '').toLowerCase()) return `the form was sent from another site (${origin})`
  }
  if (headers['sec-fetch-site'] === 'cross-site') return 'the form was sent from another site'
  if (!tokenOk) return 'the form\'s session token is missing or out of date (was it sent from another site, or did you log in or out meanwhile?)'
  return null
}
