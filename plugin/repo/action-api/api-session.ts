import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { HostUser } from '../../../hooks/contract.js'

/**
 * Action API sessions and tokens, kept in a signed cookie so any web node that shares the
 * secret can read them (no session table). The cookie is `<siteId>_session`; its value starts
 * with the hex HMAC, then `.` and the base64url payload, so it matches the `…session=\w{32}`
 * shape bot libraries (wikibase-edit) look for.
 *
 * Tokens are MediaWiki's: a hex HMAC of the session and the token's purpose, with `+\` at
 * the end; an anonymous user's csrf token is `+\` alone.
 */
export const ANONYMOUS_TOKEN = '+\\'
const SESSION_SECONDS = 30 * 24 * 3600

export interface ApiSession {
  /** Random session id (hex). */
  sid: string
  /** The logged-in user, absent for an anonymous session (one that only holds a login token). */
  user?: { id: number, name: string, bot: boolean }
  /** Expiry, seconds since the epoch. */
  exp: number
}

export class SessionCodec {
  readonly cookieName: string
  private readonly secret: Buffer

  constructor (siteId: string, secret?: string) {
    this.cookieName = `${siteId.replace(/[^A-Za-z0-9_-]/g, '_')}_session`
    this.secret = secret === undefined ? randomBytes(32) : Buffer.from(secret)
  }

  private sign (text: string): string {
    return createHmac('sha256', this.secret).update(text).digest('hex')
  }

  newSession (user?: HostUser): ApiSession {
    const session: ApiSession = { sid: randomBytes(16).toString('hex'), exp: Math.floor(Date.now() / 1000) + SESSION_SECONDS }
    if (user !== undefined && !user.anonymous) session.user = { id: user.id, name: user.name, bot: user.bot }
    return session
  }

  encode (session: ApiSession): string {
    const payload = Buffer.from(JSON.stringify(session)).toString('base64url')
    return `${this.sign(payload)}.${payload}`
  }

  decode (value: string | undefined): ApiSession | null {
    if (value === undefined) return null
    const dot = value.indexOf('.')
    if (dot <= 0) return null
    const signature = Buffer.from(value.slice(0, dot))
    const payload = value.slice(dot + 1)
    const expected = Buffer.from(this.sign(payload))
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return null
    try {
      const session = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as ApiSession
      if (typeof session.sid !== 'string' || typeof session.exp !== 'number' || session.exp < Date.now() / 1000) return null
      return session
    } catch {
      return null
    }
  }

  /** The Set-Cookie header for a session (null: clear it). */
  setCookie (session: ApiSession | null, path: string): string {
    if (session === null) return `${this.cookieName}=; Path=${path}; Max-Age=0; HttpOnly; SameSite=Lax`
    return `${this.cookieName}=${this.encode(session)}; Path=${path}; Max-Age=${SESSION_SECONDS}; HttpOnly; SameSite=Lax`
  }

  /** A token of `purpose` ('csrf', 'login' …) bound to `binding` (a session id or a user). */
  token (purpose: string, binding: string): string {
    return `${this.sign(`${purpose}:${binding}`).slice(0, 40)}${ANONYMOUS_TOKEN}`
  }

  tokenMatches (purpose: string, binding: string, given: string): boolean {
    const expected = Buffer.from(this.token(purpose, binding))
    const actual = Buffer.from(given)
    return expected.length === actual.length && timingSafeEqual(expected, actual)
  }
}

/** Cookie header → name → value (first wins; attributes sent back by naive clients are harmless). */
export function parseCookies (header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>()
  for (const part of (header ?? '').split(/;\s*|,\s*(?=[^;=,\s]+=)/)) {
    const eq = part.indexOf('=')
    if (eq <= 0) continue
    const name = part.slice(0, eq).trim()
    if (!cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim())
  }
  return cookies
}
