/**
 * Conditional requests (RFC 9110 §13) against an entity's latest revision, as the Wikibase
 * REST API evaluates them (RequestPreconditionCheck with MediaWiki's ConditionalHeaderUtil,
 * repo/domains/crud/src/RouteHandlers/Middleware/): the revision's validators are the ETag
 * `"<revision id>"` and its timestamp as Last-Modified. Pure: headers and validators in,
 * the status the precondition answers (304, 412) or null (go on) out.
 *
 * Order (RFC 9110 §13.2.2): If-Match, else If-Unmodified-Since → 412; If-None-Match → 304
 * for GET/HEAD, 412 for others; else (GET/HEAD) If-Modified-Since → 304. If-Match compares
 * strongly, If-None-Match weakly; a date header that is not an HTTP date is ignored; dates
 * compare in whole seconds (HTTP dates have no fractions).
 */
export interface ConditionalHeaders {
  ifMatch?: string
  ifNoneMatch?: string
  ifModifiedSince?: string
  ifUnmodifiedSince?: string
}

export interface RevisionValidators {
  revisionId: number
  timestamp: Date
}

/** The conditional headers of a request (Fastify's lower-case header map). */
export function conditionalHeadersOf (headers: Record<string, string | string[] | undefined>): ConditionalHeaders {
  const one = (name: string): string | undefined => {
    const value = headers[name]
    return Array.isArray(value) ? value.join(', ') : value
  }
  return {
    ifMatch: one('if-match'), ifNoneMatch: one('if-none-match'), ifModifiedSince: one('if-modified-since'), ifUnmodifiedSince: one('if-unmodified-since')
  }
}

export function hasConditionalHeaders (headers: ConditionalHeaders): boolean {
  return headers.ifMatch !== undefined || headers.ifNoneMatch !== undefined || headers.ifModifiedSince !== undefined || headers.ifUnmodifiedSince !== undefined
}

/** The entity tags of an If-Match / If-None-Match list; `*` is returned as ['*']. */
export function parseEntityTags (header: string): Array<{ weak: boolean, tag: string }> | ['*'] {
  if (header.trim() === '*') return ['*']
  const tags: Array<{ weak: boolean, tag: string }> = []
  for (const match of header.matchAll(/(W\/)?"([^"]*)"/g)) tags.push({ weak: match[1] !== undefined, tag: match[2]! })
  return tags
}

function matches (header: string, revisionId: number, strong: boolean): boolean {
  const tags = parseEntityTags(header)
  if (tags[0] === '*') return true
  const current = String(revisionId)
  return (tags as Array<{ weak: boolean, tag: string }>).some(t => t.tag === current && !(strong && t.weak))
}

/** Seconds since the epoch of an HTTP date, or null when the header is not one. */
function httpDateSeconds (header: string): number | null {
  const ms = Date.parse(header)
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000)
}

export function preconditionStatus (method: string, headers: ConditionalHeaders, current: RevisionValidators): 304 | 412 | null {
  const read = method === 'GET' || method === 'HEAD'
  const modified = Math.floor(current.timestamp.getTime() / 1000)
  if (headers.ifMatch !== undefined) {
    if (!matches(headers.ifMatch, current.revisionId, true)) return 412
  } else if (headers.ifUnmodifiedSince !== undefined) {
    const since = httpDateSeconds(headers.ifUnmodifiedSince)
    if (since !== null && modified > since) return 412
  }
  if (headers.ifNoneMatch !== undefined) {
    if (matches(headers.ifNoneMatch, current.revisionId, false)) return read ? 304 : 412
  } else if (read && headers.ifModifiedSince !== undefined) {
    const since = httpDateSeconds(headers.ifModifiedSince)
    if (since !== null && modified <= since) return 304
  }
  return null
}
