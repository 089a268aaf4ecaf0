import t from 'tap'
import Fastify from 'fastify'
import { validateAgainstSpec } from './rest-spec.js'

t.test('the spec harness: what it reports and what it skips', async t => {
  const app = Fastify()
  const spec = validateAgainstSpec(app, t, { strict: false })
  const base = '/w/rest.php/wikibase/v1/entities/items'
  // As the plugin's REST scope does (rest-response-headers.ts), for Q1 only: Fastify adds a charset.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.includes('/Q1/')) void reply.header('content-type', 'application/json')
    return payload
  })
  app.get(`${base}/:id/labels/:lang`, async (request, reply) => {
    const { id } = request.params as { id: string }
    if (id === 'Q1') return await reply.header('etag', '"1"').header('last-modified', 'Thu, 01 Jan 2026 00:00:00 GMT').header('content-type', 'application/json').send('"Berlin"')
    if (id === 'Q2') return await reply.code(404).send({ code: 'resource-not-found', message: 'The requested resource does not exist' })
    if (id === 'Q3') return await reply.code(418).send({ code: 'teapot', message: 'x' })
    return await reply.header('etag', '"1"').header('last-modified', 'x').send({ not: 'a string' })
  })
  app.get(base, async () => ({ ids: [] })) /* GET of the list is no spec operation: an extension, skipped */
  for (const id of ['Q1', 'Q2', 'Q3', 'Q4']) await app.inject(`${base}/${id}/labels/en`)
  await app.inject(base)
  await app.close()
  t.equal(spec.checked(), 4, 'the extension was skipped')
  t.same(spec.failures.map(f => `${f.url} ${f.status}: ${f.problem}`), [
    `${base}/Q2/labels/en 404: missing required header Content-Language`,
    `${base}/Q2/labels/en 404: Content-Type "application/json; charset=utf-8", spec: application/json`,
    `${base}/Q3/labels/en 418: status 418 is not documented for getItemLabel`,
    `${base}/Q4/labels/en 200: Content-Type "application/json; charset=utf-8", spec: application/json`,
    `${base}/Q4/labels/en 200: body: must be string {"type":"string"}`
  ])
})
