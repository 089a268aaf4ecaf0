import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Test } from 'tap'
import { OpenAPIBackend, type Operation } from 'openapi-backend'

/**
 * Every answer of the REST API checked against Wikibase's OpenAPI document (REST API 1.5,
 * test/fixtures/wikibase-rest-openapi-1.5.json), by openapi-backend's router and Ajv
 * response validators:
 * - the request's path and method must be an operation of the spec, else it is one of our
 *   documented extensions and is skipped;
 * - the status must be one the operation documents, or 413 `request-too-large` (the plugin's
 *   `bodyLimit`: a deviation the README lists — MediaWiki's REST API has no body limit of its own);
 * - a documented body: `Content-Type` exactly one of the documented media types (no
 *   charset: the spec's clients compare it), and the JSON valid against its schema;
 *   304 has no body;
 * - every header the spec marks `required: true` is present and valid against its schema.
 *
 * openapi-backend's own check of the *document* knows only OpenAPI 3.0's document schema and
 * would refuse this 3.1 document, so it runs in `quick` mode (no document check); its
 * response validators are plain Ajv (draft-07). The spec's schemas use only keywords whose
 * meaning draft-07 and 2020-12 share; `assertDraft07Compatible` throws if a 2020-12-only
 * keyword ever appears, so that cannot silently go wrong.
 */

export const SPEC_FILE = fileURLToPath(new URL('../fixtures/wikibase-rest-openapi-1.5.json', import.meta.url))
/** Where the spec's paths (`/v1/…`) sit under a wiki's URL (its `servers[0]` path). */
export const SPEC_ROOT = '/w/rest.php/wikibase'

export interface SpecDocument {
  openapi: string
  info: { version: string }
  paths: Record<string, Record<string, SpecOperation>>
}
export interface SpecOperation {
  operationId: string
  parameters?: Array<{ name: string, in: string, required?: boolean }>
  responses: Record<string, SpecResponse>
}
interface SpecResponse {
  headers?: Record<string, { required?: boolean, schema?: object }>
  content?: Record<string, { schema?: object }>
}

let specDocument: SpecDocument | undefined
/** The fixture spec, parsed once per process (callers must not change it). */
export function restSpec (): SpecDocument {
  specDocument ??= JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as SpecDocument
  return specDocument
}

const DRAFT_2020_ONLY = ['prefixItems', '$defs', '$dynamicRef', '$dynamicAnchor', 'unevaluatedProperties', 'unevaluatedItems',
  'dependentRequired', 'dependentSchemas', 'contentSchema', 'minContains', 'maxContains']

/** Throws if a schema in the document uses a keyword draft-07 Ajv would ignore. */
export function assertDraft07Compatible (document: unknown): void {
  const stack: unknown[] = [document]
  while (stack.length > 0) {
    const value = stack.pop()
    if (typeof value !== 'object' || value === null) continue
    for (const [key, child] of Object.entries(value)) {
      if (DRAFT_2020_ONLY.includes(key)) throw new Error(`the spec uses the JSON Schema 2020-12 keyword ${key}: validate with Ajv2020`)
      if (key !== 'example' && key !== 'examples') stack.push(child)
    }
  }
}

let backend: Promise<OpenAPIBackend> | undefined
async function specBackend (): Promise<OpenAPIBackend> {
  backend ??= (async () => {
    const definition = structuredClone(restSpec())
    assertDraft07Compatible(definition.paths)
    const api = new OpenAPIBackend({ definition: definition as never, quick: true, ignoreTrailingSlashes: false })
    await api.init()
    return api
  })()
  return await backend
}

/** One response that does not match the spec. */
export interface SpecFailure { method: string, url: string, status: number, problem: string }

/** The spec path of a request URL (`/v1/…`), or null when it is not under the REST API's root. */
function specPathOf (url: string): string | null {
  const path = url.split('?')[0]!
  const at = path.indexOf(`${SPEC_ROOT}/v1`)
  if (at === -1) return null
  const rest = path.slice(at + SPEC_ROOT.length)
  return rest === '/v1' || rest.startsWith('/v1/') ? rest : null
}

/** The spec operation a request is, or undefined (an extension, or not the REST API). */
export async function specOperationOf (method: string, url: string): Promise<Operation | undefined> {
  const path = specPathOf(url)
  if (path === null) return undefined
  const api = await specBackend()
  return api.router.matchOperation({ method: method.toLowerCase(), path, headers: {} })
}

function bodyText (payload: unknown): string | null {
  if (payload === null || payload === undefined) return null
  if (typeof payload === 'string') return payload
  if (Buffer.isBuffer(payload)) return payload.toString('utf8')
  return null /* a stream: not sent by the REST API */
}

/** The problems of one response against one spec operation (empty: it matches). */
export async function specProblems (operation: Operation, status: number, headers: Record<string, unknown>, body: string | null): Promise<string[]> {
  const api = await specBackend()
  const documented = (operation.responses as Record<string, SpecResponse>)[String(status)]
  if (documented === undefined && status === 413 && body !== null && /"code":"request-too-large"/.test(body)) return []
  if (documented === undefined) return [`status ${status} is not documented for ${operation.operationId}`]
  const problems: string[] = []
  for (const [name, header] of Object.entries(documented.headers ?? {})) {
    if (header.required === true && headers[name.toLowerCase()] === undefined) problems.push(`missing required header ${name}`)
  }
  const headerCheck = api.validator.validateResponseHeaders(headers, operation, { statusCode: status, setMatchType: 'any' as never })
  for (const error of headerCheck.errors ?? []) problems.push(`header ${error.instancePath}: ${error.message ?? 'invalid'}`)
  const hasBody = body !== null && body !== ''
  if (documented.content === undefined) {
    if (status === 304 && hasBody) problems.push('304 with a body')
    return problems
  }
  const contentType = String(headers['content-type'] ?? '')
  if (!Object.keys(documented.content).includes(contentType)) {
    problems.push(`Content-Type ${JSON.stringify(contentType)}, spec: ${Object.keys(documented.content).join(' or ')}`)
  }
  if (!hasBody) return [...problems, 'no body']
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return [...problems, `body is not JSON: ${body.slice(0, 80)}`]
  }
  const check = api.validator.validateResponse(json, operation, status)
  for (const error of (check.errors ?? []).slice(0, 5)) {
    problems.push(`body${error.instancePath}: ${error.message ?? 'invalid'}${error.params === undefined ? '' : ` ${JSON.stringify(error.params)}`}`)
  }
  return problems
}

export interface SpecValidationOptions {
  /**
   * Default true: the test fails listing each response that does not match. False: the
   * failures are only printed as comments (while routes are still being brought to the spec).
   */
  strict?: boolean
}

export interface SpecValidation {
  /** The failures seen so far. */
  readonly failures: SpecFailure[]
  /** Responses checked (not skipped) so far. */
  readonly checked: () => number
}

/**
 * Checks every response `app` sends to a `…/w/rest.php/wikibase/v1/…` request against the
 * spec (the body as serialized, the headers as sent; a later onSend hook that rewrites the
 * body, e.g. compression, would not be seen); at `t`'s end, fails (on `t`'s parent, which is still running, so the failure is
 * reported as such) once per failing response. Call it right after `Fastify()`, before any
 * plugin or route is registered: hooks reach only routes of scopes created after them.
 */
export function validateAgainstSpec (app: FastifyInstance, t: Test, options: SpecValidationOptions = {}): SpecValidation {
  const failures: SpecFailure[] = []
  let checked = 0
  // The body as serialized (onSend), checked once the response is final (onResponse): this
  // hook's onSend runs before the REST scope's own onSend hooks, which still set headers.
  const bodies = new WeakMap<FastifyRequest, string | null>()
  app.addHook('onSend', async (request: FastifyRequest, _reply: FastifyReply, payload: unknown) => {
    bodies.set(request, bodyText(payload))
    return payload
  })
  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    const operation = await specOperationOf(request.method, request.url)
    if (operation === undefined) return
    checked++
    const status = reply.statusCode
    const problems = await specProblems(operation, status, reply.getHeaders() as Record<string, unknown>, bodies.get(request) ?? null)
    for (const problem of problems) failures.push({ method: request.method, url: request.url, status, problem })
  })
  t.teardown(() => {
    if (failures.length === 0) return
    const report = failures.map(f => `${f.method} ${f.url} → ${f.status}: ${f.problem}`)
    const target = (t as unknown as { parent?: Test }).parent ?? t
    if (options.strict === false) {
      target.comment(`REST responses not matching the spec (collecting only):\n${report.join('\n')}`)
      return
    }
    for (const line of report) target.fail(`REST response does not match the spec: ${line}`)
  })
  return { failures, checked: () => checked }
}
