import { createHash, randomBytes } from 'node:crypto'
import { tableName, type WikiDatabase } from '../../db/wiki-database.js'

/**
 * SQL of the action API's server-side sessions (`wb_api_session`) and the wiki's generated
 * secrets (`wb_secret`). Rows are keyed by the SHA-256 of the session id.
 */
export interface StoredSession {
  /** The user, null for an anonymous session (login token only). */
  user: { id: number, name: string, bot: boolean } | null
  expires: Date
}

const hashOf = (sessionId: string): Buffer => createHash('sha256').update(sessionId).digest()

export async function insertSession (db: WikiDatabase, sessionId: string, user: StoredSession['user'], lifetimeSeconds: number): Promise<void> {
  // Expired rows go whenever a session starts: the table holds live sessions only.
  await db.pool.query(`DELETE FROM ${tableName(db, 'wb_api_session')} WHERE session_expires < now()`)
  await db.pool.query(
    `INSERT INTO ${tableName(db, 'wb_api_session')} (session_hash, session_user_id, session_user_name, session_user_bot, session_expires)
     VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
    [hashOf(sessionId), user?.id ?? null, user?.name ?? null, user?.bot ?? false, lifetimeSeconds])
}

/** The live session, its expiry pushed to `lifetimeSeconds` from now once half of it has passed (a write only then). */
export async function touchSession (db: WikiDatabase, sessionId: string, lifetimeSeconds: number): Promise<StoredSession | null> {
  const hash = hashOf(sessionId)
  const { rows } = await db.pool.query<{
    session_user_id: number | null, session_user_name: string | null, session_user_bot: boolean, session_expires: Date, renew: boolean
  }>(
    `SELECT session_user_id, session_user_name, session_user_bot, session_expires,
            session_expires < now() + make_interval(secs => $2 / 2.0) AS renew
     FROM ${tableName(db, 'wb_api_session')} WHERE session_hash = $1 AND session_expires > now()`, [hash, lifetimeSeconds])
  const row = rows[0]
  if (row === undefined) return null
  let expires = row.session_expires
  if (row.renew) {
    const renewed = await db.pool.query<{ session_expires: Date }>(
      `UPDATE ${tableName(db, 'wb_api_session')} SET session_expires = now() + make_interval(secs => $2)
       WHERE session_hash = $1 RETURNING session_expires`, [hash, lifetimeSeconds])
    if (renewed.rows[0] === undefined) return null
    expires = renewed.rows[0].session_expires
  }
  return {
    user: row.session_user_id === null || row.session_user_name === null
      ? null
      : { id: row.session_user_id, name: row.session_user_name, bot: row.session_user_bot },
    expires
  }
}

export async function deleteSession (db: WikiDatabase, sessionId: string): Promise<void> {
  await db.pool.query(`DELETE FROM ${tableName(db, 'wb_api_session')} WHERE session_hash = $1`, [hashOf(sessionId)])
}

/** The wiki's secret `name`, generated (32 random bytes, hex) by whichever process asks first. */
export async function persistedSecret (db: WikiDatabase, name: string): Promise<string> {
  await db.pool.query(`INSERT INTO ${tableName(db, 'wb_secret')} (secret_name, secret_value) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
    [name, randomBytes(32).toString('hex')])
  const { rows } = await db.pool.query<{ secret_value: string }>(`SELECT secret_value FROM ${tableName(db, 'wb_secret')} WHERE secret_name = $1`, [name])
  return rows[0]!.secret_value
}
