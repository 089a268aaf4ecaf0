import type { WikiDatabase } from '../db/wiki-database.js'
import { withSessionLock } from '../db/session-lock.js'
import type { EntityId } from '../../hooks/ids.js'
import { MAX_SUBSCRIPTION_UPDATE, remotePaths, type SubscriptionListBody, type SubscriptionUpdateAnswer, type SubscriptionUpdateBody } from './remote-wire.js'
import { parseJson, type RepoHttp } from './repo-http.js'
import { deleteSent, markForSync, readOutbox } from './subscription-outbox.js'
import { tableName } from '../db/wiki-database.js'

/** What the sync works with: this client's database, its link to the repo, its site id on the repo. */
export interface SubscriptionSyncDeps {
  db: Pick<WikiDatabase, 'siteId' | 'pool' | 'dataSchema' | 'queueSchema'>
  http: RepoHttp
  log: SyncLog
}

/** The logger calls the sync makes (a Fastify logger has them; the CLI gives its own). */
export interface SyncLog {
  debug: (details: object, message: string) => void
  warn: (details: object, message: string) => void
}

/** The repo asked to wait (429): the sync is to run again after `retryAfterSeconds`. */
export class RepoRateLimitedError extends Error {
  constructor (readonly retryAfterSeconds: number) {
    super(`the repo rate-limited this client; retry after ${retryAfterSeconds} s`)
    this.name = 'RepoRateLimitedError'
  }
}

/** The repo refused or failed a subscription request: the job fails and graphile-worker retries it with backoff. */
export class SubscriptionSyncError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'SubscriptionSyncError'
  }
}

/**
 * One run of wikibase:syncSubscriptions: for the outbox's entities, a batch at a time, what
 * this wiki's pages use now (the usage table, not what the saves planned: a later save may
 * have undone an earlier one) becomes the repo's subscription and usage count, by the
 * contract's POST …/clients/{site}/subscriptions; then the rows sent are deleted unless
 * marked again meanwhile. Returns the entities sent.
 */
export async function syncSubscriptions (deps: SubscriptionSyncDeps): Promise<number> {
  // One sync of a wiki at a time, whoever runs it (the job's named queue serialises the jobs,
  // this also the CLI's repair): two syncs reading the usage table at different times could
  // land their requests in the other order and leave the repo with the older answer.
  return await withSessionLock(deps.db.pool, `fastify-wikibase:syncSubscriptions:${deps.db.dataSchema}`, async () => await syncOutbox(deps))
}

async function syncOutbox (deps: SubscriptionSyncDeps): Promise<number> {
  const { db } = deps
  let sent = 0
  for (let after = ''; ;) {
    const batch = await readOutbox(db.pool, db, MAX_SUBSCRIPTION_UPDATE, after)
    if (batch.length === 0) break
    const counts = await countPages(db, batch.map(b => b.entityId))
    await postUpdate(deps, {
      subscribe: batch.filter(b => (counts.get(b.entityId) ?? 0) > 0).map(b => b.entityId),
      unsubscribe: batch.filter(b => (counts.get(b.entityId) ?? 0) === 0).map(b => b.entityId),
      counts: Object.fromEntries(batch.map(b => [b.entityId, counts.get(b.entityId) ?? 0]))
    })
    await deleteSent(db.pool, db, batch)
    sent += batch.length
    after = batch[batch.length - 1]!.entityId
  }
  if (sent > 0) deps.log.debug({ entities: sent }, 'fastify-wikibase: subscriptions synced with the remote repo')
  return sent
}

async function countPages (db: SubscriptionSyncDeps['db'], ids: readonly EntityId[]): Promise<Map<EntityId, number>> {
  const { rows } = await db.pool.query<{ id: EntityId, pages: number }>(
    `SELECT id, (SELECT count(DISTINCT eu_page_id)::int FROM ${tableName(db, 'wbc_entity_usage')} WHERE eu_entity_id = id) AS pages
       FROM unnest($1::text[]) AS id`, [ids])
  return new Map(rows.map(r => [r.id, r.pages]))
}

async function postUpdate (deps: SubscriptionSyncDeps, body: SubscriptionUpdateBody): Promise<void> {
  const answer = await deps.http.request(remotePaths.subscriptions(deps.db.siteId), { method: 'POST', json: body })
  if (answer.status === 200) {
    const counted = parseJson(answer.body) as Partial<SubscriptionUpdateAnswer> | undefined
    if (typeof counted?.subscribed !== 'number' || typeof counted.unsubscribed !== 'number') {
      throw new SubscriptionSyncError('the repo answered the subscription update with 200 but no { subscribed, unsubscribed }')
    }
    return
  }
  if (answer.status === 429) throw new RepoRateLimitedError(retryAfterSeconds(answer.headers.get('retry-after')))
  throw new SubscriptionSyncError(`the repo answered the subscription update with ${answer.status}: ${answer.body.slice(0, 500)}`)
}

/** `retry-after` in seconds (delta form; an HTTP date is read too), between 1 s and an hour. */
export function retryAfterSeconds (header: string | null): number {
  if (header === null) return 1
  const seconds = /^[0-9]{1,9}$/.test(header.trim()) ? Number(header.trim()) : (Date.parse(header) - Date.now()) / 1000
  return Number.isFinite(seconds) ? Math.min(3600, Math.max(1, Math.ceil(seconds))) : 1
}

/** Entities per page of the repo's subscription list. */
const LIST_PAGE = 5000

/**
 * `subscriptions repair` of a remote-mode client: every entity its pages use and every
 * subscription the repo holds for it (listed over GET …/clients/{site}/subscriptions) are
 * marked in the outbox, then synced: afterwards the repo holds exactly what the pages use,
 * with fresh counts. Returns the entities marked.
 */
export async function repairRemoteSubscriptions (deps: SubscriptionSyncDeps): Promise<{ marked: number }> {
  const { db } = deps
  let marked = 0
  for (let after = ''; ;) {
    const { rows } = await db.pool.query<{ id: EntityId }>(
      `SELECT DISTINCT eu_entity_id AS id FROM ${tableName(db, 'wbc_entity_usage')} WHERE eu_entity_id > $1 ORDER BY 1 LIMIT $2`, [after, LIST_PAGE])
    if (rows.length === 0) break
    await markForSync(db.pool, db, rows.map(r => r.id))
    marked += rows.length
    after = rows[rows.length - 1]!.id
  }
  for (let after: string | null = ''; after !== null;) {
    const query = new URLSearchParams({ limit: String(LIST_PAGE), ...(after === '' ? {} : { after }) })
    const answer = await deps.http.request(`${remotePaths.subscriptions(db.siteId)}?${query.toString()}`)
    if (answer.status !== 200) throw new SubscriptionSyncError(`the repo answered the subscription list with ${answer.status}: ${answer.body.slice(0, 500)}`)
    const page = parseJson(answer.body) as Partial<SubscriptionListBody> | undefined
    if (!Array.isArray(page?.subscriptions) || !page.subscriptions.every(s => typeof s === 'string') || (page.next !== null && typeof page.next !== 'string')) {
      throw new SubscriptionSyncError('the repo\'s subscription list is not a list of entity ids')
    }
    await markForSync(db.pool, db, page.subscriptions)
    marked += page.subscriptions.length
    // A cursor that does not move on would loop forever.
    after = page.next === null || page.next <= after ? null : page.next
  }
  await syncSubscriptions(deps)
  return { marked }
}
