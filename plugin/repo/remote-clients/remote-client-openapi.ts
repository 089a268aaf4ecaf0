import { MAX_SUBSCRIPTION_UPDATE } from '../../remote/remote-wire.js'
import { MAX_COUNTS } from './subscription-update.js'

/** The subscriptions path under `{routePrefix}/wikibase` (plugin/remote/remote-wire.ts). */
export const CLIENT_SUBSCRIPTIONS_PATH = '/v1/clients/{siteId}/subscriptions'

/** Entity ids per page of the listing: its `limit` at most and by default. */
export const MAX_SUBSCRIPTION_PAGE = 5000

const error = (description: string): Record<string, unknown> => ({
  description,
  content: {
    'application/json': { schema: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } } }
  }
})

const AUTH = 'Authenticated with the client\'s token (`Authorization: Bearer <token>`, printed once by `fastify-wikibase clients add`). '

const refusals = {
  401: error('`unauthorized`: no token, or not a valid one'),
  403: error('`forbidden`: the token is revoked, or `siteId` is another client'),
  429: error('`rate-limited`: beyond repoSettings.remoteClientRateLimit for this client; `retry-after` gives the seconds to wait')
}

const ids = { type: 'array', maxItems: MAX_SUBSCRIPTION_UPDATE, items: { type: 'string', examples: ['Q42'] } }

/**
 * The remote clients' subscription operations for the repo's OpenAPI document
 * (rest/rest-openapi-document.ts), served under `{routePrefix}/wikibase` like the change feed.
 */
export function remoteClientPathItems (routePrefix: string): Record<string, Record<string, unknown>> {
  const siteId = { name: 'siteId', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,32}$', examples: ['remotewiki'] } }
  return {
    [CLIENT_SUBSCRIPTIONS_PATH]: {
      servers: [{ url: `${routePrefix}/wikibase` }],
      get: {
        operationId: 'getRemoteClientSubscriptions',
        summary: 'The entities a remote client subscribes to, by id, a page at a time',
        description: AUTH,
        parameters: [
          siteId,
          { name: 'after', in: 'query', schema: { type: 'string', description: 'The `next` of the previous page' } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_SUBSCRIPTION_PAGE, default: MAX_SUBSCRIPTION_PAGE } }
        ],
        responses: {
          200: {
            description: 'A page of the subscriptions',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['subscriptions', 'next'],
                  properties: {
                    subscriptions: { type: 'array', items: { type: 'string' } },
                    next: { type: ['string', 'null'], description: 'null on the last page' }
                  }
                }
              }
            }
          },
          400: error('A query parameter is invalid'),
          ...refusals
        }
      },
      post: {
        operationId: 'updateRemoteClientSubscriptions',
        summary: 'Subscribe a remote client to entities and unsubscribe it, with its usage counts',
        description: `${AUTH}The same subscription rows a client in the repo's farm writes. All of the update is written or none of it.`,
        parameters: [siteId],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['subscribe', 'unsubscribe'],
                properties: {
                  subscribe: ids,
                  unsubscribe: { ...ids, description: 'Disjoint from `subscribe`' },
                  counts: {
                    type: 'object',
                    maxProperties: MAX_COUNTS,
                    additionalProperties: { type: 'integer', minimum: 0 },
                    description: 'Pages of the client using each entity (a recount; 0 removes the entity\'s count)'
                  }
                }
              }
            }
          }
        },
        responses: {
          200: {
            description: 'The subscriptions added and removed (pairs already in that state are not counted)',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['subscribed', 'unsubscribed'],
                  properties: { subscribed: { type: 'integer' }, unsubscribed: { type: 'integer' } }
                }
              }
            }
          },
          400: error('The body is invalid: the message names the entry (not an entity id, named twice, in both lists, a bad count, a list too long)'),
          ...refusals
        }
      }
    }
  }
}
