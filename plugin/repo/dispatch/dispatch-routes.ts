import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { DispatchStats } from './dispatch-stats.js'
import type { DispatchMetrics } from './dispatch-metrics.js'
import { setRestErrorHandler } from '../rest/rest-errors.js'

/** What the dispatch routes serve. */
export interface DispatchRouteDeps {
  routePrefix: string
  /** The dispatch backlog of the repo's clients, read now. */
  stats: () => Promise<DispatchStats>
  /** The repo's Prometheus registry of dispatch gauges. */
  metrics: DispatchMetrics
}

/**
 * GET …/wikibase/dispatch-stats (like Special:DispatchStats) and …/wikibase/metrics (Prometheus),
 * in a context of their own: a database error answers `Unexpected error` (and is logged), never
 * the error's message as the host's default handler would.
 */
export function registerDispatchRoutes (fastify: FastifyInstance, deps: DispatchRouteDeps): void {
  void fastify.register(async context => {
    setRestErrorHandler(context)
    dispatchRoutes(context, deps)
  })
}

function dispatchRoutes (fastify: FastifyInstance, deps: DispatchRouteDeps): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { registry, refresh } = deps.metrics
  app.get(`${deps.routePrefix}/wikibase/dispatch-stats`, {
    schema: { response: { 200: DispatchStats } }
  }, async () => await deps.stats())
  app.get(`${deps.routePrefix}/wikibase/metrics`, async (_request, reply) => {
    await refresh()
    const text = await registry.metrics()
    return await reply.type(registry.contentType).send(text)
  })
}
