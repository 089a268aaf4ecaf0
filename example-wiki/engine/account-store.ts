import { createHash } from 'node:crypto'
import { table, type Queryable, type WikiDb } from './wiki-db.js'

/** SQL of accounts: users with password hashes, their groups, and login sessions. */
export interface AccountRow {
  user_id: number
  user_name: string
  user_password: string | null
}

const sessionHash = (sessionId: string): Buffer => createHash('sha256').update(sessionId).digest()

/** MediaWiki's user name rules, trimmed: spaces collapsed, first letter upper case. */
export function canonicalUserName (name: string): string {
  const clean = name.replaceAll('_', ' ').trim().replace(/\s+/g, ' ')
  return clean.charAt(0).toUpperCase() + clean.slice(1)
}

export async function findAccount (q: Queryable, db: WikiDb, name: string): Promise<AccountRow | null> {
  const { rows } = await q.query<AccountRow>(
    `SELECT user_id, user_name, user_password FROM ${table(db, 'wiki_user')} WHERE user_name = $1`, [canonicalUserName(name)])
  return rows[0] ?? null
}

/** Creates the account, or sets the password of an existing user of that name; then adds the groups. */
export async function saveAccount (q: Queryable, db: WikiDb, name: string, passwordHash: string, groups: readonly string[]): Promise<number> {
  const { rows } = await q.query<{ user_id: number }>(
    `INSERT INTO ${table(db, 'wiki_user')} (user_name, user_password, user_bot) VALUES ($1, $2, $3)
     ON CONFLICT (user_name) DO UPDATE SET user_password = EXCLUDED.user_password, user_bot = EXCLUDED.user_bot RETURNING user_id`,
    [canonicalUserName(name), passwordHash, groups.includes('bot')])
  const id = rows[0]!.user_id
  await q.query(`INSERT INTO ${table(db, 'user_groups')} (ug_user, ug_group) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`, [id, [...groups]])
  return id
}

export async function groupsOfUser (q: Queryable, db: WikiDb, userId: number): Promise<string[]> {
  const { rows } = await q.query<{ ug_group: string }>(`SELECT ug_group FROM ${table(db, 'user_groups')} WHERE ug_user = $1 ORDER BY ug_group`, [userId])
  return rows.map(r => r.ug_group)
}

export async function anyUserInGroup (q: Queryable, db: WikiDb, group: string): Promise<boolean> {
  const { rows } = await q.query(`SELECT 1 FROM ${table(db, 'user_groups')} WHERE ug_group = $1 LIMIT 1`, [group])
  return rows.length > 0
}

export async function insertLoginSession (q: Queryable, db: WikiDb, sessionId: string, userId: number, lifetimeSeconds: number): Promise<void> {
  await q.query(`DELETE FROM ${table(db, 'wiki_session')} WHERE ws_expires < now()`)
  await q.query(`INSERT INTO ${table(db, 'wiki_session')} (ws_hash, ws_user, ws_expires) VALUES ($1, $2, now() + make_interval(secs => $3))`,
    [sessionHash(sessionId), userId, lifetimeSeconds])
}

/** The user of a live login session, or null. */
export async function sessionUser (q: Queryable, db: WikiDb, sessionId: string): Promise<{ user_id: number, user_name: string, user_bot: boolean } | null> {
  const { rows } = await q.query<{ user_id: number, user_name: string, user_bot: boolean }>(
    `SELECT u.user_id, u.user_name, u.user_bot FROM ${table(db, 'wiki_session')} s JOIN ${table(db, 'wiki_user')} u ON u.user_id = s.ws_user
     WHERE s.ws_hash = $1 AND s.ws_expires > now()`, [sessionHash(sessionId)])
  return rows[0] ?? null
}

export async function deleteLoginSession (q: Queryable, db: WikiDb, sessionId: string): Promise<void> {
  await q.query(`DELETE FROM ${table(db, 'wiki_session')} WHERE ws_hash = $1`, [sessionHash(sessionId)])
}
