import { table, type Queryable, type WikiDb } from './wiki-db.js'

export async function settingOf (q: Queryable, db: WikiDb, name: string): Promise<string | null> {
  const { rows } = await q.query<{ fs_value: string }>(`SELECT fs_value FROM ${table(db, 'farm_setting')} WHERE fs_name = $1`, [name])
  return rows[0]?.fs_value ?? null
}

export async function setSetting (q: Queryable, db: WikiDb, name: string, value: string): Promise<void> {
  await q.query(`INSERT INTO ${table(db, 'farm_setting')} (fs_name, fs_value) VALUES ($1, $2)
    ON CONFLICT (fs_name) DO UPDATE SET fs_value = EXCLUDED.fs_value`, [name, value])
}

/** The setting, first set to `make()` by whichever process asks first (so all processes agree). */
export async function initialSetting (q: Queryable, db: WikiDb, name: string, make: () => string): Promise<string> {
  await q.query(`INSERT INTO ${table(db, 'farm_setting')} (fs_name, fs_value) VALUES ($1, $2) ON CONFLICT (fs_name) DO NOTHING`, [name, make()])
  return (await settingOf(q, db, name))!
}
