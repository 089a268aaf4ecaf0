import type { FastifyInstance } from 'fastify'
import { tableName, type WikiDatabase } from '../../plugin/db/wiki-database.js'
import { bearerToken, pushKey, tokenHash } from '../../plugin/remote/credentials.js'
import { remotePaths, type SubscriptionListBody, type SubscriptionUpdateBody } from '../../plugin/remote/remote-wire.js'
import { updateSubscriptions } from '../../plugin/repo-reader/subscriptions.js'

/**
 * The repo's side of the subscription contract (plugin/remote/remote-wire.ts), served by a
 * test over the repo's real store functions until the repo serves it itself (issue 19's
 * registration piece): bearer token → wb_remote_client row, 403 for another site's path, the
 * same wb_changes_subscription / wb_entity_usage_counts writes a farm client makes. Only what
 * the client side needs; the repo's own routes replace it.
 */
export function registerTestSubscriptionRoutes (app: FastifyInstance, repo: WikiDatabase, routePrefix = ''): void {
  const path = `${routePrefix}${remotePaths.subscriptions(':siteId')}`.replace('%3AsiteId', ':siteId')
  const authorised = async (authorization: string | undefined, siteId: string): Promise<number> => {
    const token = bearerToken(authorization)
    if (token === null) return 401
    const { rows } = await repo.pool.query<{ site: string }>(
      `SELECT rc_site_id AS site FROM ${tableName(repo, 'wb_remote_client')} WHERE rc_token_hash = $1 AND rc_revoked IS NULL`, [tokenHash(token)])
    if (rows[0] === undefined) return 401
    return rows[0].site === siteId ? 200 : 403
  }
  app.get(path, async (request, reply) => {
    const { siteId } = request.params as { siteId: string }
    const status = await authorised(request.headers.authorization, siteId)
    if (status !== 200) return await reply.code(status).send({ code: status === 401 ? 'unauthorized' : 'forbidden', message: 'no' })
    const query = request.query as { after?: string, limit?: string }
    const limit = Math.min(5000, Math.max(1, Number(query.limit ?? 5000)))
    const { rows } = await repo.pool.query<{ id: string }>(
      `SELECT cs_entity_id AS id FROM ${tableName(repo, 'wb_changes_subscription')} WHERE cs_subscriber_id = $1 AND cs_entity_id > $2 ORDER BY 1 LIMIT $3`,
      [siteId, query.after ?? '', limit])
    const body: SubscriptionListBody = { subscriptions: rows.map(r => r.id), next: rows.length === limit ? rows[rows.length - 1]!.id : null }
    return body
  })
  app.post(path, async (request, reply) => {
    const { siteId } = request.params as { siteId: string }
    const status = await authorised(request.headers.authorization, siteId)
    if (status !== 200) return await reply.code(status).send({ code: status === 401 ? 'unauthorized' : 'forbidden', message: 'no' })
    const body = request.body as SubscriptionUpdateBody
    await updateSubscriptions(repo.pool, repo, siteId, {
      subscribe: body.subscribe, unsubscribe: body.unsubscribe, counts: new Map(Object.entries(body.counts ?? {}))
    })
    return { subscribed: body.subscribe.length, unsubscribed: body.unsubscribe.length }
  })
}

/** Registers a remote client on the repo as `clients add` does (repo migration 100). */
export async function registerRemoteClient (repo: WikiDatabase, siteId: string, pushUrl: string, token: string): Promise<void> {
  await repo.pool.query(
    `INSERT INTO ${tableName(repo, 'wb_remote_client')} (rc_site_id, rc_push_url, rc_token_hash, rc_push_key) VALUES ($1, $2, $3, $4)`,
    [siteId, pushUrl, tokenHash(token), pushKey(token)])
}
