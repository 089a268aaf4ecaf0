import { REST_SPEC_OPERATIONS, REST_SPEC_VERSION } from './rest-spec-operations.js'

/**
 * The OpenAPI document served at `…/v1/openapi.json`: what @fastify/swagger generates from
 * the REST routes' own schemas, laid out as Wikibase's (OpenAPI 3.1.0, `info.version` the
 * spec version implemented, server `<routePrefix>/w/rest.php/wikibase`, paths `/v1/…`), with
 * every operation that is not one of the spec's marked `x-fastify-wikibase-extension: true`
 * (e.g. the list of entity ids, deleting and undeleting an entity).
 */
export const EXTENSION_FLAG = 'x-fastify-wikibase-extension'
const API_ROOT = '/w/rest.php/wikibase'
const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options']

interface GeneratedDocument {
  paths?: Record<string, Record<string, unknown>>
  components?: unknown
}

/** A path template with its parameter names blanked: `/v1/entities/items/{}`. */
const shapeOf = (template: string): string => template.replace(/\{[^}]*\}/g, '{}')

const SPEC_SHAPES = new Set(REST_SPEC_OPERATIONS.flatMap(([path, methods]) => methods.map(method => `${method} ${shapeOf(path)}`)))

/** Whether `method path` (a `/v1/…` template) is an operation of the spec, whatever its parameters are named. */
export function isSpecOperation (method: string, path: string): boolean {
  return SPEC_SHAPES.has(`${method.toLowerCase()} ${shapeOf(path)}`)
}

/** `extraPaths`: operations served outside the API's root (each path item names its server), marked extensions. */
export function restOpenApiDocument (
  generated: GeneratedDocument, routePrefix: string, extraPaths: Record<string, Record<string, unknown>> = {}
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const [key, item] of Object.entries(generated.paths ?? {})) {
    const at = key.indexOf(`${API_ROOT}/v1`)
    if (at === -1) continue
    const path = key.slice(at + API_ROOT.length)
    const operations: Record<string, unknown> = {}
    for (const [method, operation] of Object.entries(item)) {
      operations[method] = METHODS.includes(method) && !isSpecOperation(method, path)
        ? { ...(operation as object), [EXTENSION_FLAG]: true }
        : operation
    }
    paths[path] = operations
  }
  for (const [path, item] of Object.entries(extraPaths)) {
    paths[path] = Object.fromEntries(Object.entries(item).map(([key, value]) =>
      [key, METHODS.includes(key) ? { ...(value as object), [EXTENSION_FLAG]: true } : value]))
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Wikibase REST API (fastify-wikibase)',
      version: REST_SPEC_VERSION,
      description: `Wikibase REST API ${REST_SPEC_VERSION} as implemented by fastify-wikibase; ` +
        `operations marked ${EXTENSION_FLAG} are not part of Wikibase's API`
    },
    servers: [{ url: `${routePrefix}${API_ROOT}` }],
    paths,
    ...(generated.components === undefined ? {} : { components: generated.components })
  }
}
