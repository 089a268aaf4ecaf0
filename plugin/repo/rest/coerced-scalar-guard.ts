import type { FastifyInstance, FastifyRequest } from 'fastify'
import { jsonPointer, restErrors } from './rest-api-error.js'

/**
 * Fastify's default Ajv coerces body scalars to the schema's type: `{"label": 1e400}`
 * (a number JSON.parse reads as Infinity) became the label "Infinity", `{"label": 5}` the
 * label "5", `{"bot": "yes"}` … `true`, `{"tags": "x"}` the list `["x"]`. Wikibase's REST
 * API refuses a value of the wrong JSON type (`invalid-value`). Ajv's options belong to the
 * host's Fastify instance, so the plugin's REST routes note the type of every scalar of the
 * parsed body before validation and refuse, after it, any that validation turned into
 * something else, naming its place (a JSON Pointer into the body). Linear in the body,
 * which bodyLimit bounds.
 */
const NOTED = Symbol('wikibase.bodyScalars')
type Noted = FastifyRequest & { [NOTED]?: Array<{ path: string[], type: string }> }

function bodyScalars (body: unknown): Array<{ path: string[], type: string }> {
  const found: Array<{ path: string[], type: string }> = []
  const stack: Array<{ value: unknown, path: string[] }> = [{ value: body, path: [] }]
  while (stack.length > 0) {
    const { value, path } = stack.pop()!
    if (value === null || typeof value !== 'object') found.push({ path, type: value === null ? 'null' : typeof value })
    else for (const [key, child] of Object.entries(value)) stack.push({ value: child, path: [...path, key] })
  }
  return found
}

function valueAt (body: unknown, path: string[]): unknown {
  let value = body
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined
    value = (value as Record<string, unknown>)[key]
  }
  return value
}

export function refuseCoercedScalars (app: FastifyInstance): void {
  app.addHook('preValidation', async (request: Noted) => {
    if (typeof request.body === 'object' && request.body !== null) request[NOTED] = bodyScalars(request.body)
  })
  app.addHook('preHandler', async (request: Noted) => {
    for (const { path, type } of request[NOTED] ?? []) {
      const now = valueAt(request.body, path)
      if (now !== undefined && (now === null ? 'null' : typeof now) !== type) {
        // Wikibase: a value of the wrong JSON type is `invalid-value` at its place in the body.
        throw restErrors.invalidValue(jsonPointer(...path))
      }
    }
  })
}
