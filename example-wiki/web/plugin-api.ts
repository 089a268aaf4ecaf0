import type { FastifyInstance } from 'fastify'
import { randomBytes } from 'node:crypto'
import type { HostUser } from '../../hooks/contract.js'

/** What the plugin answered; `missing` when the route is not there (feature not wired yet). */
export interface PluginReply<T> {
  status: number
  body: T
  etag: string | undefined
  missing: boolean
}

export const REST_BASE = '/w/rest.php/wikibase/v1'

/** A per-process secret: only the wiki's own in-process calls may say who the user is. */
export const USER_TOKEN = randomBytes(16).toString('hex')
export const USER_HEADER = 'x-example-wiki-user'
export const TOKEN_HEADER = 'x-example-wiki-token'

/**
 * Calls one of the plugin's HTTP routes in-process (app.inject), as a page of the wiki would
 * call a sibling service: the UI knows the plugin only through its public routes.
 */
export async function callPlugin<T = any> (app: FastifyInstance, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string,
  options: { body?: unknown, form?: Record<string, string>, ifMatch?: string, user?: HostUser } = {}): Promise<PluginReply<T>> {
  const headers: Record<string, string> = {}
  // The action API reads form posts (application/x-www-form-urlencoded), as MediaWiki's does.
  if (options.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded'
  if (options.ifMatch !== undefined && options.ifMatch !== '') headers['if-match'] = options.ifMatch
  if (options.user !== undefined) {
    headers[USER_HEADER] = JSON.stringify(options.user)
    headers[TOKEN_HEADER] = USER_TOKEN
  }
  const response = await app.inject({
    method, url, headers,
    ...(options.form !== undefined
      ? { payload: new URLSearchParams(options.form).toString() }
      : options.body === undefined ? {} : { payload: options.body as Record<string, unknown> })
  })
  const text = response.body
  let body: unknown = text
  try { body = text === '' ? null : JSON.parse(text) } catch { /* not JSON */ }
  const missing = response.statusCode === 404 && typeof body === 'object' && body !== null &&
    (body as { message?: string }).message?.startsWith('Route ') === true
  return { status: response.statusCode, body: body as T, etag: response.headers.etag as string | undefined, missing }
}

/** The plugin's error message of a failed call. */
export function errorMessage (reply: PluginReply<unknown>): string {
  const body = reply.body as { message?: string, code?: string } | null
  return `${reply.status}${body?.code !== undefined ? ` ${body.code}` : ''}: ${body?.message ?? String(reply.body)}`
}
