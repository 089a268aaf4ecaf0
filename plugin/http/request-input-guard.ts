import type { FastifyInstance, FastifyRequest } from 'fastify'
import { WikibaseError } from '../errors.js'
import { jsonDepthExceeds } from './json-depth.js'
import { findValueProblem } from './storable-strings.js'
import { normalizeToNfc } from './unicode-nfc.js'

/**
 * The request layer every route of the plugin sits behind (REST, action API, sites,
 * dispatch stats): JSON bodies deeper than `maxJsonDepth` are refused before they are
 * parsed, and no string PostgreSQL cannot store (U+0000, lone surrogates; see
 * storable-strings.ts) gets past it in the path, the query or the body — in keys or values;
 * every string that passes is then normalised to Unicode NFC, as MediaWiki normalises all
 * input (unicode-nfc.ts). One mechanism for all fields, so a new route or field is covered
 * without a rule of its own.
 */
export class RequestInputError extends WikibaseError {
  override readonly statusCode = 400
  override readonly code: string
  /** Where: `body/labels/en`, `query/summary`, `params/id`; the action API's JSON parameters: `data/labels/en/value`. */
  readonly field: string
  constructor (code: 'invalid-unicode' | 'json-too-deep', field: string, reason: string) {
    super(`${field}: ${reason}`)
    this.name = 'RequestInputError'
    this.code = code
    this.field = field
  }
}

export interface RequestInputLimits {
  /** Deepest nesting of arrays/objects a JSON body (or JSON parameter) may have. */
  maxJsonDepth: number
}

const GUARDED = Symbol.for('fastify-wikibase.request-input-guard')

/** Throws RequestInputError when `text` nests deeper than the limit. */
export function checkJsonDepth (text: string, field: string, limits: RequestInputLimits): void {
  if (jsonDepthExceeds(text, limits.maxJsonDepth)) {
    throw new RequestInputError('json-too-deep', field, `JSON nested deeper than ${limits.maxJsonDepth} levels (option maxRequestJsonDepth)`)
  }
}

/** Throws RequestInputError naming the first unstorable string in `value`, or where it nests too deep. */
export function checkRequestValue (value: unknown, field: string, limits: RequestInputLimits): void {
  const problem = findValueProblem(value, field, limits.maxJsonDepth)
  if (problem === null) return
  if (problem.kind === 'too-deep') throw new RequestInputError('json-too-deep', problem.path, `${problem.reason} (option maxRequestJsonDepth)`)
  throw new RequestInputError('invalid-unicode', problem.path, problem.reason)
}

/**
 * Installs the guard on an encapsulated scope (once: nested scopes inherit it). The JSON
 * parser keeps Fastify's own (its `__proto__`/`constructor` poisoning checks) and adds the
 * depth check on the raw text in front of it, so a deep body costs one linear scan and no
 * parse; the preValidation hook checks what every parser produced (form bodies, other JSON
 * types a route adds a parser for), depth included.
 */
export function installRequestInputGuard (app: FastifyInstance, limits: RequestInputLimits): void {
  if (app.hasDecorator(GUARDED)) return
  app.decorate(GUARDED, true)
  const defaultJson = app.getDefaultJsonParser('error', 'error')
  if (app.hasContentTypeParser('application/json')) app.removeContentTypeParser('application/json')
  // application/json-patch+json: the REST API's PATCH bodies (Wikibase REST API spec), guarded the same way.
  app.addContentTypeParser(['application/json', 'application/json-patch+json'], { parseAs: 'string' }, (request, body, done) => {
    try {
      checkJsonDepth(body as string, 'body', limits)
    } catch (error) {
      done(error as Error, undefined)
      return
    }
    defaultJson(request, body as string, done)
  })
  app.addHook('preValidation', async (request: FastifyRequest) => {
    checkRequestValue(request.params, 'params', limits)
    checkRequestValue(request.query, 'query', limits)
    checkRequestValue(request.body, 'body', limits)
    normalizeToNfc(request.params)
    normalizeToNfc(request.query)
    if (typeof request.body === 'string') request.body = normalizeToNfc(request.body)
    else normalizeToNfc(request.body)
  })
}
