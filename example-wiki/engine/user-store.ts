import type { HostUser } from '../../hooks/contract.js'
import { table, type Queryable, type WikiDb } from './wiki-db.js'

/** The user behind a name typed in an edit form ('' = anonymous, shown by address). */
export async function userNamed (q: Queryable, db: WikiDb, name: string, address: string): Promise<HostUser> {
  const clean = name.trim().replace(/\s+/g, ' ')
  if (clean === '') return { id: 0, name: address, anonymous: true, bot: false }
  const { rows } = await q.query<{ user_id: number, user_name: string, user_bot: boolean }>(
    `INSERT INTO ${table(db, 'wiki_user')} (user_name) VALUES ($1)
     ON CONFLICT (user_name) DO UPDATE SET user_name = EXCLUDED.user_name RETURNING user_id, user_name, user_bot`, [clean])
  const row = rows[0]!
  return { id: row.user_id, name: row.user_name, anonymous: false, bot: row.user_bot }
}

export async function settingOf (q: Queryable, db: WikiDb, name: string): Promise<string | null> {
  const { rows } = await q.query<{ fs_value: string }>(`SELECT fs_value FROM ${table(db, 'farm_setting')} WHERE fs_name = $1`, [name])
  return rows[0]?.fs_value ?? null
}

export async function setSetting (q: Queryable, db: WikiDb, name: string, value: string): Promise<void> {
  await q.query(`INSERT INTO ${table(db, 'farm_setting')} (fs_name, fs_value) VALUES ($1, $2)
    ON CONFLICT (fs_name) DO UPDATE SET fs_value = EXCLUDED.fs_value`, [name, value])
}
