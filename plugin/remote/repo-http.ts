import type { RemoteRepo } from '../options.js'

/**
 * The client's HTTP link to a remote repo (issue 19): every request carries the client's
 * bearer token, is aborted after `timeoutMs` (connect to last byte) and reads at most
 * `maxResponseBytes` of the answer. Redirects are never followed: Special:EntityData answers a
 * redirected entity with 301, which the reader resolves itself (one level, as
 * RedirectResolvingEntityLookup does).
 */
export interface RepoHttp {
  /** The repo's base URL (with its routePrefix, no trailing slash). */
  readonly baseUrl: string
  request: (path: string, init?: RepoRequestInit) => Promise<RepoAnswer>
}

export interface RepoRequestInit {
  method?: 'GET' | 'POST'
  /** Sent as JSON. */
  json?: unknown
}

/** An answer read in full (within the limits). */
export interface RepoAnswer {
  status: number
  headers: Headers
  body: string
}

/** The repo could not be asked or did not answer within the limits (timeout, network, oversized answer). */
export class RepoUnavailableError extends Error {
  constructor (message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'RepoUnavailableError'
  }
}

export interface RepoHttpLimits {
  timeoutMs: number
  maxResponseBytes: number
}

export function repoHttp (repo: Pick<RemoteRepo, 'url' | 'token'>, limits: RepoHttpLimits): RepoHttp {
  return {
    baseUrl: repo.url,
    request: async (path, init = {}) => {
      const signal = AbortSignal.timeout(limits.timeoutMs)
      const headers: Record<string, string> = { authorization: `Bearer ${repo.token}`, accept: 'application/json' }
      if (init.json !== undefined) headers['content-type'] = 'application/json'
      let response: Response
      try {
        response = await fetch(`${repo.url}${path}`, {
          method: init.method ?? 'GET',
          headers,
          body: init.json === undefined ? undefined : JSON.stringify(init.json),
          redirect: 'manual',
          signal
        })
      } catch (err) {
        throw new RepoUnavailableError(`the repo at ${repo.url} did not answer ${path}: ${(err as Error).message}`, { cause: err })
      }
      return { status: response.status, headers: response.headers, body: await readBounded(response, limits.maxResponseBytes, path) }
    }
  }
}

/** The body as text, refusing (and cancelling) one larger than `limit` bytes as it streams in. */
async function readBounded (response: Response, limit: number, path: string): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? NaN)
  if (declared > limit) {
    await response.body?.cancel().catch(() => {})
    throw new RepoUnavailableError(`the repo's answer to ${path} is ${declared} bytes, over the limit of ${limit}`)
  }
  if (response.body === null) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > limit) {
        await reader.cancel().catch(() => {})
        throw new RepoUnavailableError(`the repo's answer to ${path} is over the limit of ${limit} bytes`)
      }
      chunks.push(value)
    }
  } catch (err) {
    if (err instanceof RepoUnavailableError) throw err
    throw new RepoUnavailableError(`the repo's answer to ${path} broke off: ${(err as Error).message}`, { cause: err })
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** The parsed JSON of an answer, or undefined when it is not JSON. */
export function parseJson (body: string): unknown {
  try {
    return JSON.parse(body) as unknown
  } catch {
    return undefined
  }
}
