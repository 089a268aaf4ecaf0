/**
 * The alternative the term index did not take, measured on the same loaded table: a pg_trgm
 * GIN index on the key instead of the btree (migration repo/031), for the same prefix lists
 * (one language and term type, LIKE 'prefix%', in key order, LIMIT). Run last: it drops the
 * btree indexes of the benchmark's throwaway database so that the planner must use the GIN.
 * Skipped when the cluster has no pg_trgm.
 */
import { performance } from 'node:perf_hooks'
import { escapeIdentifier } from 'pg'
import { tableName, type WikiDatabase } from '../plugin/db/wiki-database.js'
import { summary } from './lib/report.js'

export interface TrigramResult { available: boolean, buildSeconds?: number, queries?: Array<{ key: string, btreeP50Ms: number, trigramP50Ms: number, btreePlan: string, trigramPlan: string }> }

const KEYS = ['berl', 'b', 'bahnhof']

async function timeQuery (db: WikiDatabase, key: string, samples: number): Promise<{ p50: number, plan: string }> {
  const sql = `SELECT t.ti_entity_id, t.ti_key FROM ${tableName(db, 'wb_term_index')} t
    WHERE t.ti_language = 'de' AND t.ti_entity_type = 'item' AND t.ti_term_type = 0 AND t.ti_word_pos = 0 AND t.ti_key LIKE $1
    ORDER BY t.ti_key LIMIT 30`
  const times: number[] = []
  for (let i = 0; i < samples + 5; i++) {
    const t0 = performance.now()
    await db.pool.query(sql, [`${key}%`])
    if (i >= 5) times.push(performance.now() - t0)
  }
  const { rows } = await db.pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (COSTS OFF) ${sql}`, [`${key}%`])
  return { p50: summary(times).p50, plan: rows.map(r => r['QUERY PLAN'].trim()).join(' / ') }
}

export async function compareTrigramIndex (db: WikiDatabase, samples: number): Promise<TrigramResult> {
  const { rows } = await db.pool.query('SELECT 1 FROM pg_available_extensions WHERE name = \'pg_trgm\'')
  if (rows.length === 0) return { available: false }
  const btree = new Map<string, { p50: number, plan: string }>()
  for (const key of KEYS) btree.set(key, await timeQuery(db, key, samples))
  await db.pool.query('CREATE EXTENSION IF NOT EXISTS pg_trgm')
  const t0 = performance.now()
  await db.pool.query(`CREATE INDEX wb_term_index_trgm ON ${tableName(db, 'wb_term_index')} USING gin (ti_key gin_trgm_ops)
    WHERE ti_word_pos = 0 AND ti_term_type < 2`)
  const buildSeconds = Math.round((performance.now() - t0) / 100) / 10
  const schema = escapeIdentifier(db.dataSchema)
  await db.pool.query(`DROP INDEX ${schema}.wb_term_index_terms, ${schema}.wb_term_index_words`)
  await db.pool.query(`ANALYZE ${tableName(db, 'wb_term_index')}`)
  const queries = []
  for (const key of KEYS) {
    const trigram = await timeQuery(db, key, samples)
    queries.push({ key, btreeP50Ms: btree.get(key)!.p50, trigramP50Ms: trigram.p50, btreePlan: btree.get(key)!.plan, trigramPlan: trigram.plan })
  }
  return { available: true, buildSeconds, queries }
}
