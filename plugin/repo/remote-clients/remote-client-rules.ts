import { isSiteGlobalId, type SiteGlobalId } from '../../../hooks/ids.js'
import { FarmClientCollisionError, InvalidPushUrlError, InvalidRemoteClientIdError, type RemoteClientError } from './remote-client-errors.js'

/**
 * Which remote clients may be registered (issue 19): pure rules, the store checks what the
 * database holds. The push URL is where the repo POSTs signed change batches, so it must be a
 * plain absolute http(s) URL: no credentials (they would sit in the repo's table and logs), no
 * fragment, no query (the push path is appended to it), at most {@link MAX_PUSH_URL_LENGTH}.
 * TLS is the deployment's: `http://` is allowed for the loopback and for a TLS-terminating proxy.
 */

export const MAX_PUSH_URL_LENGTH = 2048

/** Why `url` cannot be a push URL, or null. */
export function pushUrlProblem (url: string): string | null {
  if (url.length > MAX_PUSH_URL_LENGTH) return `is longer than ${MAX_PUSH_URL_LENGTH} characters`
  if (/[\s\u0000-\u001f\u007f-\u009f]/u.test(url)) return 'holds whitespace or a control character'
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'is not an absolute URL'
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'is not an http:// or https:// URL'
  if (parsed.username !== '' || parsed.password !== '') return 'holds credentials (user:password@); the client authenticates pushes by their signature'
  if (url.includes('#')) return 'has a fragment'
  if (url.includes('?')) return 'has a query (the push path is appended to it)'
  return null
}

/**
 * The push URL as stored: without a trailing slash, so `pushUrl + remotePaths.push` has one
 * slash. (Only the trailing slashes are dropped; the rest is kept as the operator wrote it.)
 */
export function normalisedPushUrl (url: string): string {
  return url.replace(/\/+$/, '')
}

/** What a registration request must satisfy before the database is asked; null: it may go on. */
export function registrationProblem (siteId: string, pushUrl: string, farmClients: ReadonlySet<string>): RemoteClientError | null {
  if (!isSiteGlobalId(siteId)) return new InvalidRemoteClientIdError(siteId)
  if (farmClients.has(siteId)) return new FarmClientCollisionError(siteId, 'is a configured client of this repo')
  const problem = pushUrlProblem(pushUrl)
  return problem === null ? null : new InvalidPushUrlError(siteId, pushUrl, problem)
}

/** Configured farm clients that are also registered remote clients: a configuration the repo refuses to start with. */
export function collidingClients (farmClients: Iterable<string>, remoteClients: ReadonlySet<string>): SiteGlobalId[] {
  return [...farmClients].filter(site => remoteClients.has(site)).sort() as SiteGlobalId[]
}
