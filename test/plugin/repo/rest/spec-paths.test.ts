import t from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import wikibase from '../../../../plugin/index.js'
import { REST_SPEC_OPERATIONS, REST_SPEC_VERSION } from '../../../../plugin/repo/rest/rest-spec-operations.js'
import { freshDatabase, testPool } from '../../../support/test-database.js'
import { editor } from '../../../support/repo-test-wiki.js'
import { createTestHost } from '../../../support/test-host.js'
import { restSpec, SPEC_ROOT } from '../../../support/rest-spec.js'

/**
 * Every path and method of Wikibase's REST API 1.5 is routed and in the served OpenAPI
 * document under the spec's own path template (parameter names included).
 */

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
  await app.register(wikibase, { siteId: 'repo', roles: ['repo'], database: url, worker: { enabled: false }, host: createTestHost({ pool: testPool(t, url) }) })
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
      if (problems.length > 0) missing.push(`${operation}: ${problems.join(', ')}`)
    }
  }
  t.same(missing, [], 'every spec operation is routed and documented')
})
