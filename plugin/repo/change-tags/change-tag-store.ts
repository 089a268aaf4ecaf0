import { tableName, type Queryable, type WikiDatabase } from '../../db/wiki-database.js'
import type { TagDefinition } from './change-tag-rules.js'

/**
 * The SQL of change tags (migrations/repo/030_change_tags.sql): tag definitions, the tags of
 * entity revisions, and the tag management log.
 */
type Db = Pick<WikiDatabase, 'dataSchema'>

interface DefinitionRow { ctd_id: number, ctd_name: string, ctd_user_defined: boolean, ctd_active: boolean, ctd_description: string, ctd_count: string }

const toDefinition = (row: DefinitionRow): TagDefinition => ({
  id: row.ctd_id, name: row.ctd_name, userDefined: row.ctd_user_defined, active: row.ctd_active, description: row.ctd_description, count: Number(row.ctd_count)
})

/** Every defined tag, by name (byte order, as MediaWiki's ksort of tag names). */
export async function listTagDefinitions (q: Queryable, db: Db, from?: string): Promise<TagDefinition[]> {
  const { rows } = await q.query<DefinitionRow>(
    `SELECT * FROM ${tableName(db, 'wb_change_tag_def')} WHERE $1::text IS NULL OR ctd_name COLLATE "C" >= $1
      ORDER BY ctd_name COLLATE "C"`, [from ?? null])
  return rows.map(toDefinition)
}

/** The definitions of the named tags (those that exist). */
export async function tagDefinitions (q: Queryable, db: Db, names: readonly string[]): Promise<Map<string, TagDefinition>> {
  if (names.length === 0) return new Map()
  const { rows } = await q.query<DefinitionRow>(`SELECT * FROM ${tableName(db, 'wb_change_tag_def')} WHERE ctd_name = ANY($1::text[])`, [names])
  return new Map(rows.map(row => [row.ctd_name, toDefinition(row)]))
}

/** The tag's definition, locked for the rest of the transaction; null when it is not defined. */
export async function lockTagDefinition (q: Queryable, db: Db, name: string): Promise<TagDefinition | null> {
  const { rows } = await q.query<DefinitionRow>(`SELECT * FROM ${tableName(db, 'wb_change_tag_def')} WHERE ctd_name = $1 FOR UPDATE`, [name])
  return rows[0] === undefined ? null : toDefinition(rows[0])
}

/** Defines a tag; false when a concurrent request defined it first. */
export async function defineTag (q: Queryable, db: Db, name: string, userDefined: boolean, description = ''): Promise<boolean> {
  const { rowCount } = await q.query(
    `INSERT INTO ${tableName(db, 'wb_change_tag_def')} (ctd_name, ctd_user_defined, ctd_active, ctd_description)
     VALUES ($1, $2, true, $3) ON CONFLICT (ctd_name) DO NOTHING`, [name, userDefined, description])
  return rowCount === 1
}

export async function setTagActive (q: Queryable, db: Db, id: number, active: boolean): Promise<void> {
  await q.query(`UPDATE ${tableName(db, 'wb_change_tag_def')} SET ctd_active = $2 WHERE ctd_id = $1`, [id, active])
}

/** Removes the tag and every revision's use of it (MediaWiki's deleteTagEverywhere). */
export async function deleteTag (q: Queryable, db: Db, id: number): Promise<void> {
  await q.query(`DELETE FROM ${tableName(db, 'wb_change_tag_def')} WHERE ctd_id = $1`, [id])
}

/** Writes a tag management log entry; returns its id (ApiManageTags' `logid`). */
export async function logTagAction (
  q: Queryable, db: Db, entry: { action: string, tag: string, userId: number, userText: string, reason: string, count?: number }
): Promise<number> {
  const { rows } = await q.query<{ log_id: string }>(
    `INSERT INTO ${tableName(db, 'wb_change_tag_log')} (log_action, log_tag, log_user_id, log_user_text, log_reason, log_count)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING log_id`,
    [entry.action, entry.tag, entry.userId, entry.userText, entry.reason, entry.count ?? null])
  return Number(rows[0]!.log_id)
}

/** Applies tags to a saved revision and counts the uses, in the edit's transaction. */
export async function addRevisionTags (q: Queryable, db: Db, revisionId: number, tags: readonly TagDefinition[]): Promise<void> {
  if (tags.length === 0) return
  const ids = tags.map(tag => tag.id)
  await q.query(
    `INSERT INTO ${tableName(db, 'wb_revision_tags')} (rt_rev_id, rt_tag_id) SELECT $1, unnest($2::int[]) ON CONFLICT DO NOTHING`, [revisionId, ids])
  await q.query(`UPDATE ${tableName(db, 'wb_change_tag_def')} SET ctd_count = ctd_count + 1 WHERE ctd_id = ANY($1::int[])`, [ids])
}

/** The tags of each revision (by name), for revisions that have any. */
export async function revisionTags (q: Queryable, db: Db, revisionIds: readonly number[]): Promise<Map<number, string[]>> {
  if (revisionIds.length === 0) return new Map()
  const { rows } = await q.query<{ rt_rev_id: string, names: string[] }>(
    `SELECT rt.rt_rev_id, array_agg(d.ctd_name ORDER BY d.ctd_name COLLATE "C") AS names
       FROM ${tableName(db, 'wb_revision_tags')} rt JOIN ${tableName(db, 'wb_change_tag_def')} d ON d.ctd_id = rt.rt_tag_id
      WHERE rt.rt_rev_id = ANY($1::bigint[]) GROUP BY rt.rt_rev_id`, [revisionIds])
  return new Map(rows.map(row => [Number(row.rt_rev_id), row.names]))
}
