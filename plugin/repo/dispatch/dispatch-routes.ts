import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { WikibaseRuntime } from '../../runtime.js'
import { DispatchStats, dispatchStats } from './dispatch-stats.js'
import { dispatchMetrics } from './dispatch-metrics.js'
import { setRestErrorHandler } from '../rest/rest-errors.js'

/**
 * GET …/wikibase/dispatch-stats (like Special:DispatchStats) and …/wikibase/metrics (Prometheus),
 * in a context of their own: a database error answers `Unexpected error` (and is logged), never
 * the error's message as the host's default handler would.
 */
export function registerDispatchRoutes (fastify: FastifyInstance, runtime: WikibaseRuntime): void {
  void fastify.register(async context => {
    setRestErrorHandler(context)
    dispatchRoutes(context, runtime)
  })
}

function dispatchRoutes (fastify: FastifyInstance, runtime: WikibaseRuntime): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const prefix = runtime.options.routePrefix
  const clients = [...runtime.clients.keys()].sort()
  const { registry, refresh } = dispatchMetrics(runtime.self.pool, runtime.self, clients)
  app.get(`${prefix}/wikibase/dispatch-stats`, {
    schema: { response: { 200: DispatchStats } }
  }, async () => await dispatchStats(runtime.self.pool, runtime.self, clients))
  app.get(`${prefix}/wikibase/metrics`, async (_request, reply) => {
    await refresh()
    const text = await registry.metrics()
    return await reply.type(registry.contentType).send(text)
  })
}
