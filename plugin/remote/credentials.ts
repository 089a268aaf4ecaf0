import { createHash, createHmac, randomBytes } from 'node:crypto'

/**
 * A remote client's credential and what each side derives from it (repo migration 100).
 * The token is printed once by `clients add`; the repo stores {@link tokenHash} (to check the
 * client's requests) and {@link pushKey} (to sign its pushes); the client, configured with
 * the token, derives the same push key to verify them. Both derivations are one-way and
 * domain-separated, so neither stored value lets anyone call the repo as the client.
 */

/** A fresh token: `wbc_` and 32 random bytes, base64url (256 bits). */
export function newClientToken (): string {
  return `wbc_${randomBytes(32).toString('base64url')}`
}

/** What the repo stores to recognise a token (`rc_token_hash`). */
export function tokenHash (token: string): Buffer {
  return createHash('sha256').update('fastify-wikibase client token\0').update(token, 'utf8').digest()
}

/** The HMAC key of the pushes to the client holding `token` (`rc_push_key`). */
export function pushKey (token: string): Buffer {
  return createHmac('sha256', token).update('fastify-wikibase change push').digest()
}

/** `Authorization: Bearer <token>`'s token, or null. */
export function bearerToken (header: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9_\-.~+/]{1,512}=*)$/.exec(header ?? '')
  return match === null ? null : match[1]!
}
