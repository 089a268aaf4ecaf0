import t from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import wikibase from '../../../../plugin/index.js'
import { REST_SPEC_OPERATIONS, REST_SPEC_VERSION } from '../../../../plugin/repo/rest/rest-spec-operations.js'
import { freshDatabase } from '../../../support/test-database.js'
import { editor } from '../../../support/repo-test-wiki.js'
import { createTestHost } from '../../../support/test-host.js'
import { restSpec, SPEC_ROOT } from '../../../support/rest-spec.js'

/**
 * Every path and method of Wikibase's REST API 1.5 is routed and in the served OpenAPI
 * document under the spec's own path template (parameter names included).
 *
 * PENDING: operations not there yet (issue 21: other branches bring them). The lead empties
 * this set; an operation listed here that is routed and documented fails the test, so the
 * list only shrinks.
 */
const PENDING = new Set<string>([
  // Routed, but with other parameter names than the spec's ({id}, {key}, {statementId}), or not yet routed
  // (fallback GETs, POST aliases, /statements, search, suggest, property-data-types), at this branch's base.
  'GET /v1/property-data-types',
  'GET /v1/entities/items/{item_id}',
  'PATCH /v1/entities/items/{item_id}',
  'GET /v1/entities/items/{item_id}/sitelinks',
  'PATCH /v1/entities/items/{item_id}/sitelinks',
  'GET /v1/entities/items/{item_id}/sitelinks/{site_id}',
  'PUT /v1/entities/items/{item_id}/sitelinks/{site_id}',
  'DELETE /v1/entities/items/{item_id}/sitelinks/{site_id}',
  'GET /v1/entities/items/{item_id}/labels',
  'PATCH /v1/entities/items/{item_id}/labels',
  'GET /v1/entities/items/{item_id}/labels/{language_code}',
  'PUT /v1/entities/items/{item_id}/labels/{language_code}',
  'DELETE /v1/entities/items/{item_id}/labels/{language_code}',
  'GET /v1/entities/items/{item_id}/labels_with_language_fallback/{language_code}',
  'GET /v1/entities/items/{item_id}/descriptions',
  'PATCH /v1/entities/items/{item_id}/descriptions',
  'GET /v1/entities/items/{item_id}/descriptions/{language_code}',
  'PUT /v1/entities/items/{item_id}/descriptions/{language_code}',
  'DELETE /v1/entities/items/{item_id}/descriptions/{language_code}',
  'GET /v1/entities/items/{item_id}/descriptions_with_language_fallback/{language_code}',
  'GET /v1/entities/items/{item_id}/aliases',
  'PATCH /v1/entities/items/{item_id}/aliases',
  'GET /v1/entities/items/{item_id}/aliases/{language_code}',
  'POST /v1/entities/items/{item_id}/aliases/{language_code}',
  'GET /v1/entities/items/{item_id}/statements',
  'POST /v1/entities/items/{item_id}/statements',
  'GET /v1/entities/items/{item_id}/statements/{statement_id}',
  'PUT /v1/entities/items/{item_id}/statements/{statement_id}',
  'PATCH /v1/entities/items/{item_id}/statements/{statement_id}',
  'DELETE /v1/entities/items/{item_id}/statements/{statement_id}',
  'GET /v1/entities/properties/{property_id}',
  'PATCH /v1/entities/properties/{property_id}',
  'GET /v1/entities/properties/{property_id}/labels',
  'PATCH /v1/entities/properties/{property_id}/labels',
  'GET /v1/entities/properties/{property_id}/labels/{language_code}',
  'PUT /v1/entities/properties/{property_id}/labels/{language_code}',
  'DELETE /v1/entities/properties/{property_id}/labels/{language_code}',
  'GET /v1/entities/properties/{property_id}/labels_with_language_fallback/{language_code}',
  'GET /v1/entities/properties/{property_id}/descriptions',
  'PATCH /v1/entities/properties/{property_id}/descriptions',
  'GET /v1/entities/properties/{property_id}/descriptions/{language_code}',
  'PUT /v1/entities/properties/{property_id}/descriptions/{language_code}',
  'DELETE /v1/entities/properties/{property_id}/descriptions/{language_code}',
  'GET /v1/entities/properties/{property_id}/descriptions_with_language_fallback/{language_code}',
  'GET /v1/entities/properties/{property_id}/aliases',
  'PATCH /v1/entities/properties/{property_id}/aliases',
  'GET /v1/entities/properties/{property_id}/aliases/{language_code}',
  'POST /v1/entities/properties/{property_id}/aliases/{language_code}',
  'GET /v1/entities/properties/{property_id}/statements',
  'POST /v1/entities/properties/{property_id}/statements',
  'GET /v1/entities/properties/{property_id}/statements/{statement_id}',
  'PUT /v1/entities/properties/{property_id}/statements/{statement_id}',
  'PATCH /v1/entities/properties/{property_id}/statements/{statement_id}',
  'DELETE /v1/entities/properties/{property_id}/statements/{statement_id}',
  'GET /v1/statements/{statement_id}',
  'PUT /v1/statements/{statement_id}',
  'PATCH /v1/statements/{statement_id}',
  'DELETE /v1/statements/{statement_id}',
  'GET /v1/search/items',
  'GET /v1/search/properties',
  'GET /v1/suggest/items',
  'GET /v1/suggest/properties'
])

const HTTP_METHODS = ['get', 'put', 'post', 'patch', 'delete']
const EXAMPLE_PARAMETERS: Record<string, string> = {
  item_id: 'Q1', property_id: 'P1', language_code: 'en', site_id: 'enwiki', statement_id: 'Q1$5D4C4B9A-2A6E-4E0C-9C1B-0F4A3B2C1D0E'
}

function concretePath (template: string): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = EXAMPLE_PARAMETERS[name]
    if (value === undefined) throw new Error(`no example value for the path parameter ${name}`)
    return encodeURIComponent(value)
  })
}

t.test('every path and method of the spec is routed and documented', async t => {
  const spec = restSpec()
  t.equal(spec.info.version, REST_SPEC_VERSION)
  const specOperations = Object.entries(spec.paths).map(([path, item]) => [path, HTTP_METHODS.filter(m => m in item)] as const)
  t.same(REST_SPEC_OPERATIONS, specOperations, 'rest-spec-operations.ts lists the spec\'s operations')

  const url = await freshDatabase(t, 'specpaths')
  const app: FastifyInstance = Fastify({ logger: false })
  await app.register(wikibase, { siteId: 'repo', roles: ['repo'], database: url, worker: { enabled: false }, host: createTestHost() })
  app.addHook('onRequest', async request => { request.wikiUser = editor })
  await app.ready()
  t.teardown(async () => { await app.close() })
  const served = (await app.inject(`${SPEC_ROOT}/v1/openapi.json`)).json() as { paths: Record<string, Record<string, unknown>> }

  const missing: string[] = []
  for (const [template, methods] of specOperations) {
    for (const method of methods) {
      const operation = `${method.toUpperCase()} ${template}`
      const response = await app.inject({ method: method.toUpperCase() as 'GET', url: `${SPEC_ROOT}${concretePath(template)}`, ...(method === 'get' ? {} : { payload: {} }) })
      const body = response.body.startsWith('{') ? response.json() as { message?: unknown } : {}
      const routed = !(response.statusCode === 404 && typeof body.message === 'string' && /^Route .+ not found$/.test(body.message))
      const documented = served.paths[template]?.[method] !== undefined
      const problems = [routed ? null : 'not routed', documented ? null : 'not in the served OpenAPI document'].filter(p => p !== null)
      if (PENDING.has(operation)) {
        t.not(problems.length, 0, `${operation} is routed and documented now: remove it from PENDING`)
        continue
      }
      if (problems.length > 0) missing.push(`${operation}: ${problems.join(', ')}`)
    }
  }
  t.same(missing, [], 'every spec operation is routed and documented')
  for (const operation of PENDING) {
    const [method = '', template = ''] = operation.split(' ')
    t.ok(specOperations.some(([p, ms]) => p === template && ms.includes(method.toLowerCase())), `PENDING lists a spec operation: ${operation}`)
  }
})
