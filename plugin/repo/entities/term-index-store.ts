import type { ClientBase } from 'pg'
import { tableName, type Queryable, type WikiDatabase } from '../../db/wiki-database.js'
import { entityTypeOf, numericIdOf, type EntityId } from '../../../hooks/ids.js'
import type { WikibaseEntity } from '../../changes/wikibase-entity.js'
import { TERM_TYPE, prefixUpperBound, termIndexRows, type TermIndexRow } from './term-index-rows.js'
import type { MatchList, TermMatch } from './term-match-ranking.js'

/**
 * wb_term_index (migration repo/031): the terms of each entity's latest revision, rewritten
 * with each revision in the writer's transaction (entity-store.ts saveRevision), and the
 * reads of search and suggest. Deleted entities and redirects are left out by the reads.
 */
type Db = Pick<WikiDatabase, 'dataSchema'>

/** Replaces the indexed terms of an entity with those of `entity`. */
export async function replaceEntityTerms (tx: Pick<ClientBase, 'query'>, db: Db, id: EntityId, entity: WikibaseEntity): Promise<void> {
  await tx.query(`DELETE FROM ${tableName(db, 'wb_term_index')} WHERE ti_entity_id = $1`, [id])
  await insertTermRows(tx, db, [{ id, rows: termIndexRows(entity) }])
}

/** Inserts the rows of several entities in one statement (the writer above, reindexing, benchmarks). */
export async function insertTermRows (client: Queryable, db: Db, entities: ReadonlyArray<{ id: EntityId, rows: readonly TermIndexRow[] }>): Promise<void> {
  const columns: [string[], string[], number[], string[], number[], string[], number[], string[]] = [[], [], [], [], [], [], [], []]
  for (const { id, rows } of entities) {
    for (const row of rows) {
      columns[0].push(id); columns[1].push(entityTypeOf(id)); columns[2].push(numericIdOf(id)); columns[3].push(row.language)
      columns[4].push(row.termType); columns[5].push(row.text); columns[6].push(row.wordPos); columns[7].push(row.key)
    }
  }
  if (columns[0].length === 0) return
  await client.query(
    `INSERT INTO ${tableName(db, 'wb_term_index')}
       (ti_entity_id, ti_entity_type, ti_entity_numeric_id, ti_language, ti_term_type, ti_text, ti_word_pos, ti_key)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::smallint[], $6::text[], $7::smallint[], $8::text[])`,
    columns)
}

export interface MatchListsQuery {
  entityType: 'item' | 'property'
  /** The normalised query (term-index-rows.ts searchKey), not empty. */
  key: string
  /** The fallback chain, requested language first. */
  languages: readonly string[]
  /** Also match word starts inside terms (search), not only term starts (suggest). */
  words: boolean
  /** Rows read per list at most. */
  perList: number
}

const LIVE = 'NOT e.entity_deleted AND e.entity_redirect_target IS NULL'

/** The statement readMatchLists sends (exported for the benchmark's EXPLAIN). */
export function matchListsStatement (db: Db, query: MatchListsQuery): { text: string, values: unknown[] } {
  const upper = prefixUpperBound(query.key)
  // [key, upper) is exactly the keys with the prefix (term-index-rows.ts prefixUpperBound);
  // starts_with only where there is no upper bound: as a filter it would make the planner
  // expect few rows and sort a bitmap scan instead of walking the index.
  const range = upper === null ? 't.ti_key >= $3 AND starts_with(t.ti_key, $3)' : 't.ti_key >= $3 AND t.ti_key < $5'
  const part = (words: boolean): string => `
    SELECT l.ord, ty.term_type, ${words ? 'true' : 'false'} AS words, m.*
      FROM unnest($1::text[]) WITH ORDINALITY AS l(language, ord) CROSS JOIN (VALUES (0::smallint), (1::smallint)) AS ty(term_type)
     CROSS JOIN LATERAL (
      SELECT t.ti_entity_id, t.ti_entity_numeric_id, t.ti_text, t.ti_key
        FROM ${tableName(db, 'wb_term_index')} t JOIN ${tableName(db, 'wb_entities')} e ON e.entity_id = t.ti_entity_id
       WHERE t.ti_language = l.language AND t.ti_entity_type = $2 AND t.ti_term_type = ty.term_type
         AND ${words ? 't.ti_word_pos > 0' : 't.ti_word_pos = 0 AND t.ti_term_type < 2'} AND ${range} AND ${LIVE}
       ORDER BY t.ti_key, t.ti_entity_numeric_id
       LIMIT $4) m`
  const values: unknown[] = [query.languages, query.entityType, query.key, query.perList]
  if (upper !== null) values.push(upper)
  return { text: query.words ? `${part(false)} UNION ALL ${part(true)}` : part(false), values }
}

/**
 * One list per language, term type (label, alias) and, for search, whole terms / word
 * starts, of rows whose key starts with the query key, each in index order (key, entity
 * number) and cut at `perList`: a LATERAL subquery per list, so each is one ordered range
 * scan of a partial index that stops at its LIMIT.
 */
export async function readMatchLists (client: Queryable, db: Db, query: MatchListsQuery): Promise<MatchList[]> {
  const { text, values } = matchListsStatement(db, query)
  const { rows } = await client.query<{
    ord: string, term_type: number, words: boolean, ti_entity_id: string, ti_entity_numeric_id: string, ti_text: string, ti_key: string
  }>(text, values)
  const lists = new Map<string, MatchList>()
  const listKey = (rank: number, termType: number, words: boolean): string => `${rank}:${termType}:${String(words)}`
  for (let rank = 0; rank < query.languages.length; rank++) {
    for (const termType of [TERM_TYPE.label, TERM_TYPE.alias]) {
      for (const words of query.words ? [false, true] : [false]) {
        lists.set(listKey(rank, termType, words), { languageRank: rank, termType, words, rows: [], truncated: false })
      }
    }
  }
  for (const row of rows) {
    const rank = Number(row.ord) - 1
    const match: TermMatch = {
      entityId: row.ti_entity_id,
      numericId: Number(row.ti_entity_numeric_id),
      termType: row.term_type,
      language: query.languages[rank]!,
      text: row.ti_text,
      key: row.ti_key
    }
    lists.get(listKey(rank, row.term_type, row.words))!.rows.push(match)
  }
  for (const list of lists.values()) list.truncated = list.rows.length >= query.perList
  return [...lists.values()]
}

export interface DisplayTerm { language: string, value: string }
export interface DisplayTerms { label: DisplayTerm | null, description: DisplayTerm | null }

/** Label and description of each entity in the first language of the chain that has one. */
export async function readDisplayTerms (client: Queryable, db: Db, ids: readonly string[], languages: readonly string[]): Promise<Map<string, DisplayTerms>> {
  const out = new Map<string, DisplayTerms>(ids.map(id => [id, { label: null, description: null }]))
  if (ids.length === 0) return out
  const { rows } = await client.query<{ ti_entity_id: string, ti_term_type: number, ti_language: string, ti_text: string }>(
    `SELECT ti_entity_id, ti_term_type, ti_language, ti_text FROM ${tableName(db, 'wb_term_index')}
      WHERE ti_entity_id = ANY($1::text[]) AND ti_word_pos = 0 AND ti_term_type IN (${TERM_TYPE.label}, ${TERM_TYPE.description})
        AND ti_language = ANY($2::text[])`,
    [ids, languages])
  const position = (language: string): number => languages.indexOf(language)
  for (const row of rows) {
    const terms = out.get(row.ti_entity_id)!
    const slot = row.ti_term_type === TERM_TYPE.label ? 'label' : 'description'
    const current = terms[slot]
    if (current === null || position(row.ti_language) < position(current.language)) terms[slot] = { language: row.ti_language, value: row.ti_text }
  }
  return out
}

/**
 * The next entities with a revision (deleted ones too: restoring one does not rewrite its
 * terms) after `after` in (type, number) order, their rows locked until the transaction ends
 * so that a concurrent edit's terms are not overwritten with an older revision's.
 */
export async function lockIndexableEntities (
  tx: Pick<ClientBase, 'query'>, db: Db, after: { type: string, numericId: number }, limit: number
): Promise<Array<{ id: EntityId, type: string, numericId: number }>> {
  const { rows } = await tx.query<{ entity_id: string, entity_type: string, entity_numeric_id: string }>(
    `SELECT entity_id, entity_type, entity_numeric_id FROM ${tableName(db, 'wb_entities')}
      WHERE entity_latest_rev > 0 AND (entity_type, entity_numeric_id) > ($1, $2)
      ORDER BY entity_type, entity_numeric_id LIMIT $3 FOR UPDATE`, [after.type, after.numericId, limit])
  return rows.map(r => ({ id: r.entity_id as EntityId, type: r.entity_type, numericId: Number(r.entity_numeric_id) }))
}

/** Whether entities saved before the term index existed may still lack their rows (migration repo/031). */
export async function termIndexBackfillPending (client: Queryable, db: Db): Promise<boolean> {
  return (await client.query(`SELECT 1 FROM ${tableName(db, 'wb_term_index_backfill')}`)).rowCount !== 0
}

/** The backfill is done: every entity's terms are in the index. */
export async function finishTermIndexBackfill (client: Queryable, db: Db): Promise<void> {
  await client.query(`DELETE FROM ${tableName(db, 'wb_term_index_backfill')}`)
}
