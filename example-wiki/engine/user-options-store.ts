import { table, type Queryable, type WikiDb } from './wiki-db.js'

/**
 * SQL of MediaWiki's user_properties (migration 060): the preferences a user set. A preference
 * without a row has its default (user-options.ts); a value equal to the default is stored as
 * no row, as MediaWiki's UserOptionsManager does.
 */
export async function storedUserOptions (q: Queryable, db: WikiDb, userId: number): Promise<Map<string, string>> {
  const { rows } = await q.query<{ up_property: string, up_value: string }>(
    `SELECT up_property, up_value FROM ${table(db, 'user_properties')} WHERE up_user = $1`, [userId])
  return new Map(rows.map(r => [r.up_property, r.up_value]))
}

/** Sets (value) or resets to the default (null) each of the user's given options. */
export async function saveUserOptions (q: Queryable, db: WikiDb, userId: number, options: ReadonlyMap<string, string | null>): Promise<void> {
  const set = [...options].filter((entry): entry is [string, string] => entry[1] !== null)
  const reset = [...options].filter(([, value]) => value === null).map(([name]) => name)
  if (reset.length > 0) {
    await q.query(`DELETE FROM ${table(db, 'user_properties')} WHERE up_user = $1 AND up_property = ANY($2::text[])`, [userId, reset])
  }
  if (set.length > 0) {
    await q.query(
      `INSERT INTO ${table(db, 'user_properties')} (up_user, up_property, up_value)
       SELECT $1, p, v FROM unnest($2::text[], $3::text[]) AS o(p, v)
       ON CONFLICT (up_user, up_property) DO UPDATE SET up_value = EXCLUDED.up_value`,
      [userId, set.map(([name]) => name), set.map(([, value]) => value)])
  }
}
