import { timingSafeEqual } from 'node:crypto'
import { tableName, withTransaction, type Queryable, type WikiDatabase } from '../../db/wiki-database.js'
import type { SiteGlobalId } from '../../../hooks/ids.js'
import { newClientToken, pushKey, tokenHash } from '../../remote/credentials.js'
import { footprintOf } from '../dispatch/orphan-subscription-store.js'
import { purgeSubscriber } from '../dispatch/orphan-sweep.js'
import type { SubscriberFootprint } from '../dispatch/orphan-subscribers.js'
import { FarmClientCollisionError, RemoteClientExistsError, RemoteClientNotFoundError } from './remote-client-errors.js'
import { normalisedPushUrl, registrationProblem } from './remote-client-rules.js'
import { findRemoteClients, toRemoteClient, type RemoteClient, type RemoteClientRow } from './active-remote-clients.js'

type Db = Pick<WikiDatabase, 'dataSchema'>

/**
 * `wb_remote_client` (repo migration 100): the client wikis outside the repo's farm. The
 * token is never stored: registration returns it once, the table keeps its hash (to
 * authenticate the client's calls) and the push key derived from it (to sign pushes).
 */

/** A row as `clients list` shows it: no secret, no hash. */
export interface RemoteClientListing {
  siteId: SiteGlobalId
  pushUrl: string
  created: Date
  revoked: Date | null
}

type Row = RemoteClientRow & { rc_token_hash: Buffer }

export interface Registration {
  siteId: string
  pushUrl: string
  /** The repo's configured farm clients (the CLI has no configuration: it passes none and relies on the rows check). */
  farmClients?: ReadonlySet<string>
}

/**
 * Registers a remote client and returns it with its token, the only time the token exists
 * outside the client. Refused: an invalid site id or push URL, a configured farm client, a
 * site that already holds subscriptions, deliveries or usage counts on the repo (a farm
 * client, or a removed one not swept yet), a site already registered (revoked or not).
 */
export async function registerRemoteClient (db: WikiDatabase, registration: Registration): Promise<{ client: RemoteClient, token: string }> {
  const { siteId } = registration
  const problem = registrationProblem(siteId, registration.pushUrl, registration.farmClients ?? new Set())
  if (problem !== null) throw problem
  const token = newClientToken()
  const pushUrl = normalisedPushUrl(registration.pushUrl)
  return await withTransaction(db.pool, async tx => {
    // Serialises registrations of one site id with each other (the primary key would too, but
    // the rows check below must not race with a purge or a second registration).
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${db.dataSchema}:remote-client:${siteId}`])
    if (await remoteClientExists(tx, db, siteId)) throw new RemoteClientExistsError(siteId)
    const footprint = await footprintOf(tx, db, siteId)
    if (footprint.subscriptions + footprint.deliveries + footprint.usageCounts > 0) {
      throw new FarmClientCollisionError(siteId,
        'already holds subscriptions, deliveries or usage counts on this repo (a farm client, or a removed one: `subscriptions purge --site` first)')
    }
    const { rows } = await tx.query<Row>(
      `INSERT INTO ${tableName(db, 'wb_remote_client')} (rc_site_id, rc_push_url, rc_token_hash, rc_push_key)
       VALUES ($1, $2, $3, $4) RETURNING rc_site_id, rc_push_url, rc_push_key, rc_token_hash`,
      [siteId, pushUrl, tokenHash(token), pushKey(token)])
    return { client: toRemoteClient(rows[0]!), token }
  })
}

async function remoteClientExists (q: Queryable, db: Db, siteId: string): Promise<boolean> {
  const { rows } = await q.query(`SELECT 1 FROM ${tableName(db, 'wb_remote_client')} WHERE rc_site_id = $1`, [siteId])
  return rows.length > 0
}

/** The registered, unrevoked remote client `siteId`, or null. */
export async function findRemoteClient (q: Queryable, db: Db, siteId: string): Promise<RemoteClient | null> {
  return (await findRemoteClients(q, db, [siteId])).get(siteId) ?? null
}

/** Every registered remote client, revoked ones too, by site id; no secrets. */
export async function listRemoteClients (q: Queryable, db: Db): Promise<RemoteClientListing[]> {
  const { rows } = await q.query<{ rc_site_id: string, rc_push_url: string, rc_created: Date, rc_revoked: Date | null }>(
    `SELECT rc_site_id, rc_push_url, rc_created, rc_revoked FROM ${tableName(db, 'wb_remote_client')} ORDER BY rc_site_id`)
  return rows.map(r => ({ siteId: r.rc_site_id as SiteGlobalId, pushUrl: r.rc_push_url, created: r.rc_created, revoked: r.rc_revoked }))
}

/**
 * The remote client holding `token` (the bearer token of a request), or null: unknown or
 * revoked. Found by the token's hash (a unique index); the hashes are compared again in
 * constant time so the lookup's timing says nothing about near misses.
 */
export async function authenticateRemoteClient (q: Queryable, db: Db, token: string): Promise<{ client: RemoteClient | null, revoked: boolean }> {
  const hash = tokenHash(token)
  const { rows } = await q.query<Row & { rc_revoked: Date | null }>(
    `SELECT rc_site_id, rc_push_url, rc_push_key, rc_token_hash, rc_revoked FROM ${tableName(db, 'wb_remote_client')} WHERE rc_token_hash = $1`, [hash])
  const row = rows[0]
  if (row === undefined || !timingSafeEqual(row.rc_token_hash, hash)) return { client: null, revoked: false }
  return row.rc_revoked === null ? { client: toRemoteClient(row), revoked: false } : { client: null, revoked: true }
}

/**
 * Gives an unrevoked client a new token (and, when given, a new push URL), returned this once:
 * for a lost or leaked token without dropping the client's subscriptions. The old token and
 * push key stop working at once. Refused: an unknown or revoked client, an invalid URL.
 */
export async function renewRemoteClient (db: WikiDatabase, siteId: string, pushUrl?: string): Promise<{ client: RemoteClient, token: string }> {
  const current = await findRemoteClient(db.pool, db, siteId)
  if (current === null) throw new RemoteClientNotFoundError(siteId)
  const problem = registrationProblem(siteId, pushUrl ?? current.pushUrl, new Set())
  if (problem !== null) throw problem
  const token = newClientToken()
  const { rows } = await db.pool.query<Row>(
    `UPDATE ${tableName(db, 'wb_remote_client')} SET rc_token_hash = $2, rc_push_key = $3, rc_push_url = $4
      WHERE rc_site_id = $1 AND rc_revoked IS NULL RETURNING rc_site_id, rc_push_url, rc_push_key, rc_token_hash`,
    [siteId, tokenHash(token), pushKey(token), normalisedPushUrl(pushUrl ?? current.pushUrl)])
  if (rows[0] === undefined) throw new RemoteClientNotFoundError(siteId)
  return { client: toRemoteClient(rows[0]), token }
}

/** Moves an unrevoked client's push URL (its wiki moved); its token stays. */
export async function moveRemoteClient (db: WikiDatabase, siteId: string, pushUrl: string): Promise<RemoteClient> {
  const problem = registrationProblem(siteId, pushUrl, new Set())
  if (problem !== null) throw problem
  const { rows } = await db.pool.query<Row>(
    `UPDATE ${tableName(db, 'wb_remote_client')} SET rc_push_url = $2
      WHERE rc_site_id = $1 AND rc_revoked IS NULL RETURNING rc_site_id, rc_push_url, rc_push_key, rc_token_hash`,
    [siteId, normalisedPushUrl(pushUrl)])
  if (rows[0] === undefined) throw new RemoteClientNotFoundError(siteId)
  return toRemoteClient(rows[0])
}

/** Revokes the client: refused everywhere from now on; its row stays. Idempotent (the first revocation's time is kept). */
export async function revokeRemoteClient (q: Queryable, db: Db, siteId: string): Promise<Date> {
  const { rows } = await q.query<{ revoked: Date }>(
    `UPDATE ${tableName(db, 'wb_remote_client')} SET rc_revoked = coalesce(rc_revoked, now()) WHERE rc_site_id = $1 RETURNING rc_revoked AS revoked`, [siteId])
  if (rows[0] === undefined) throw new RemoteClientNotFoundError(siteId)
  return rows[0].revoked
}

/**
 * Revokes the client, drops what it holds on the repo (pending deliveries first, then
 * subscriptions and usage counts, in batches: orphan-sweep.ts), then deletes its row.
 * Revoked first, so nothing it sends during the purge is accepted.
 */
export async function purgeRemoteClient (db: WikiDatabase, siteId: string): Promise<SubscriberFootprint> {
  await revokeRemoteClient(db.pool, db, siteId)
  const removed = await purgeSubscriber(db, siteId)
  await db.pool.query(`DELETE FROM ${tableName(db, 'wb_remote_client')} WHERE rc_site_id = $1`, [siteId])
  return removed
}
