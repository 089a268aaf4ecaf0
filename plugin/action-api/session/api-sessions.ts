import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { WikiDatabase } from '../../db/wiki-database.js'
import { deleteSession, insertSession, persistedSecret, touchSession, type StoredSession } from './session-store.js'

/**
 * The repo's action-API sessions: stored server-side (session-store.ts), so logout ends them
 * and every process that shares the database and the secret knows them. The cookie
 * `<siteId>_session` carries only `<id>.<HMAC of the id>`: 32 hex characters first, the
 * `…session=\w{32}` shape bot libraries (wikibase-edit) look for.
 *
 * Tokens are MediaWiki's: a hex HMAC of what they are bound to and their purpose, with `+\`
 * at the end; an anonymous user's csrf token is `+\` alone.
 */
export const ANONYMOUS_TOKEN = '+\\'

export interface LiveSession extends StoredSession {
  id: string
}

export class ApiSessions {
  readonly cookieName: string

  constructor (
    private readonly db: WikiDatabase,
    siteId: string,
    private readonly secret: string,
    /** Idle lifetime in seconds: a session unused this long ends (MediaWiki's $wgObjectCacheSessionExpiry). */
    readonly lifetimeSeconds: number
  ) {
    this.cookieName = `${siteId.replace(/[^A-Za-z0-9_-]/g, '_')}_session`
  }

  private sign (text: string): string {
    return createHmac('sha256', this.secret).update(text).digest('hex')
  }

  /** The session id of a signed cookie value, or null when it is not one of ours. */
  idOfCookie (value: string | undefined): string | null {
    if (value === undefined) return null
    const match = /^([0-9a-f]{32})\.([0-9a-f]{64})$/.exec(value)
    if (match === null) return null
    return equalStrings(this.sign(`session:${match[1]!}`), match[2]!) ? match[1]! : null
  }

  /** The live session named by the request's cookie header, or null. */
  async fromCookieHeader (header: string | undefined): Promise<LiveSession | null> {
    const id = this.idOfCookie(parseCookies(header).get(this.cookieName))
    if (id === null) return null
    const stored = await touchSession(this.db, id, this.lifetimeSeconds)
    return stored === null ? null : { id, ...stored }
  }

  /** Starts a session (a fresh id, as MediaWiki gives a new one at login). */
  async start (user: StoredSession['user']): Promise<LiveSession> {
    const id = randomBytes(16).toString('hex')
    await insertSession(this.db, id, user, this.lifetimeSeconds)
    return { id, user, expires: new Date(Date.now() + this.lifetimeSeconds * 1000) }
  }

  async end (id: string): Promise<void> {
    await deleteSession(this.db, id)
  }

  /** The Set-Cookie header for a session (null: clear the cookie). */
  setCookie (session: LiveSession | null, path: string): string {
    if (session === null) return `${this.cookieName}=; Path=${path}; Max-Age=0; HttpOnly; SameSite=Lax`
    return `${this.cookieName}=${session.id}.${this.sign(`session:${session.id}`)}; Path=${path}; HttpOnly; SameSite=Lax`
  }

  /** A token of `purpose` ('csrf', 'login' …) bound to `binding` (a session or a user). */
  token (purpose: string, binding: string): string {
    return `${this.sign(`token:${purpose}:${binding}`).slice(0, 40)}${ANONYMOUS_TOKEN}`
  }

  tokenMatches (purpose: string, binding: string, given: string): boolean {
    return equalStrings(this.token(purpose, binding), given)
  }
}

function equalStrings (expected: string, given: string): boolean {
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
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

/** The wiki's sessions: keyed by the `sessionSecret` option, else by a secret generated once and kept in the wiki's database. */
export async function openApiSessions (
  db: WikiDatabase, options: { siteId: string, sessionSecret: string | undefined, sessionExpiry: number }): Promise<ApiSessions> {
  return new ApiSessions(db, options.siteId, options.sessionSecret ?? await persistedSecret(db, 'session'), options.sessionExpiry)
}
