import Type from 'typebox'
import rateLimit from '@fastify/rate-limit'
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { WikiDatabase } from '../../db/wiki-database.js'
import { bearerToken } from '../../remote/credentials.js'
import { MAX_SUBSCRIPTION_UPDATE, type SubscriptionListBody, type SubscriptionUpdateAnswer } from '../../remote/remote-wire.js'
import { updateSubscriptions } from '../../repo-reader/subscriptions.js'
import { subscriptionsOf } from '../dispatch/subscription-store.js'
import { RestApiError } from '../rest/rest-api-error.js'
import { setRestErrorHandler, validationErrorOf } from '../rest/rest-errors.js'
import { authenticateRemoteClient } from './remote-client-store.js'
import type { RemoteClient } from './active-remote-clients.js'
import { MAX_COUNTS, subscriptionChangesOf, subscriptionUpdateProblem } from './subscription-update.js'
import { CLIENT_SUBSCRIPTIONS_PATH, MAX_SUBSCRIPTION_PAGE } from './remote-client-openapi.js'

/** What the remote clients' routes serve from. */
export interface RemoteClientRouteDeps {
  routePrefix: string
  db: WikiDatabase
  /** repoSettings.remoteClientRateLimit: requests per credential per window (seconds). */
  rateLimit: { max: number, timeWindow: number }
}

const SiteParams = Type.Object({ siteId: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,32}$' }) })
const ListQuery = Type.Object({
  after: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SUBSCRIPTION_PAGE }))
}, { additionalProperties: false })
const EntityIdList = Type.Array(Type.String({ maxLength: 64 }), { maxItems: MAX_SUBSCRIPTION_UPDATE })
const UpdateBody = Type.Object({
  subscribe: EntityIdList,
  unsubscribe: EntityIdList,
  counts: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.Integer(), { maxProperties: MAX_COUNTS }))
}, { additionalProperties: false })

/**
 * The repo's routes for its remote clients (issue 19; the contract: plugin/remote/remote-wire.ts):
 * `GET|POST {routePrefix}/wikibase/v1/clients/{siteId}/subscriptions`. Each request carries
 * its client's token (`Authorization: Bearer …`); the client may only touch its own rows.
 * Order of the checks, each before any work of the next: the token (401, or 403 revoked), the
 * path's site (403), the per-credential rate limit (429 with retry-after, before the body is
 * read), the query or body (400 naming the problem). A POST writes the same
 * wb_changes_subscription and wb_entity_usage_counts rows a farm client writes
 * (updateSubscriptions), in one statement: all of the update or nothing.
 */
export function registerRemoteClientRoutes (fastify: FastifyInstance, deps: RemoteClientRouteDeps): void {
  void fastify.register(async context => {
    setRestErrorHandler(context)
    const authenticated = new WeakMap<FastifyRequest, RemoteClient>()
    context.addHook('onRequest', async request => {
      authenticated.set(request, await authenticate(request, deps))
    })
    // In this context only; the limit's key is the authenticated site, so one client's burst
    // never limits another. Counted per process (the library's in-memory store).
    await context.register(rateLimit, {
      max: deps.rateLimit.max,
      timeWindow: deps.rateLimit.timeWindow * 1000,
      hook: 'preParsing',
      keyGenerator: request => authenticated.get(request)!.siteId,
      errorResponseBuilder: (_request, limit) => new RestApiError(429, 'rate-limited',
        `Too many requests: at most ${limit.max} per ${deps.rateLimit.timeWindow} s per client; retry after ${limit.after}`, { max: limit.max })
    })
    const app = context.withTypeProvider<TypeBoxTypeProvider>()
    const path = `${deps.routePrefix}/wikibase${CLIENT_SUBSCRIPTIONS_PATH.replace('{siteId}', ':siteId')}`

    app.get(path, { schema: { params: SiteParams, querystring: ListQuery } }, async (request): Promise<SubscriptionListBody> => {
      const { after = '', limit = MAX_SUBSCRIPTION_PAGE } = request.query
      const page = await subscriptionsOf(deps.db.pool, deps.db, request.params.siteId, after, limit)
      return { subscriptions: page.entityIds, next: page.next }
    })

    app.post(path, { schema: { params: SiteParams, body: UpdateBody }, attachValidation: true }, async (request): Promise<SubscriptionUpdateAnswer> => {
      if (request.validationError !== undefined) throw bodyErrorOf(request.validationError as FastifyError & { validationContext?: string })
      const problem = subscriptionUpdateProblem(request.body)
      if (problem !== null) throw new RestApiError(400, 'invalid-value', `Invalid value at '${problem.path}': ${problem.message}`, { path: problem.path })
      return await updateSubscriptions(deps.db.pool, deps.db, request.params.siteId, subscriptionChangesOf(request.body))
    })
  })
}

/** The request's client, or the 401/403 that refuses it. */
async function authenticate (request: FastifyRequest, deps: RemoteClientRouteDeps): Promise<RemoteClient> {
  const token = bearerToken(request.headers.authorization)
  if (token === null) throw new RestApiError(401, 'unauthorized', 'A client token is required: Authorization: Bearer <token>')
  const { client, revoked } = await authenticateRemoteClient(deps.db.pool, deps.db, token)
  if (revoked) throw new RestApiError(403, 'forbidden', 'This client\'s token was revoked')
  if (client === null) throw new RestApiError(401, 'unauthorized', 'The client token is not valid')
  const site = (request.params as { siteId?: string }).siteId
  if (site !== client.siteId) throw new RestApiError(403, 'forbidden', `The token of ${client.siteId} cannot act for site ${String(site)}`)
  return client
}

/** A body the schema refused; a list over the limit says so. */
function bodyErrorOf (error: FastifyError & { validationContext?: string }): RestApiError {
  const first = error.validation?.[0]
  if (first?.keyword === 'maxItems' || first?.keyword === 'maxProperties') {
    const path = first.instancePath
    return new RestApiError(400, 'invalid-value', `Invalid value at '${path}': at most ${String(first.params.limit)} entries per update`, { path })
  }
  return validationErrorOf(error.validationContext ?? 'body', first as Parameters<typeof validationErrorOf>[1])
}
