/**
 * (6) Term search at scale: a repo whose term index holds `terms` labels and aliases of
 * synthetic multilingual items (lib/term-generator.ts; plus their word-start rows and
 * descriptions), loaded in bulk through the store's own row builder and insert (so keys are
 * the production keys), then GET …/v1/search/items and …/v1/suggest/items through the real
 * HTTP route (app.inject: routing, the REST guard, validation, both queries, serialisation):
 * p50/p95 per query, the plan of the match query (EXPLAIN ANALYZE: the partial indexes, no
 * sequential scan), the cost of an edit's index rewrite on the loaded table, and the same
 * prefix lists on a pg_trgm GIN index instead (term-search-trigram.ts).
 */
import { randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { startWikiApps } from './lib/farm.js'
import { dropDatabase, createDatabase } from './lib/bench-cluster.js'
import { printTable, summary } from './lib/report.js'
import { generateItem } from './lib/term-generator.js'
import { prng } from './lib/prng.js'
import { compareTrigramIndex } from './term-search-trigram.js'
import { tableName, type WikiDatabase } from '../plugin/db/wiki-database.js'
import { insertTermRows, matchListsStatement } from '../plugin/repo/entities/term-index-store.js'
import { termIndexRows, searchKey } from '../plugin/repo/entities/term-index-rows.js'
import { languageFallbackChain } from '../plugin/language/language-fallback.js'
import { createEntity, editEntity, type EditContext } from '../plugin/repo/entities/entity-editor.js'
import type { EntityId } from '../hooks/ids.js'
import type { WikibaseEntity } from '../plugin/changes/wikibase-entity.js'
import { wikibaseInternals } from '../plugin/facade.js'

export interface TermSearchConfig {
  /** Labels and aliases to load (the matched terms; word rows and descriptions come on top). */
  terms: number
  /** Measured requests per query (after `warmup`). */
  samples: number
  warmup: number
  /** Label edits measured on the loaded index. */
  edits: number
}

const V1 = '/w/rest.php/wikibase/v1'
/** Of the loaded items, every this-many-th is marked deleted (the filter must cost nothing). */
const DELETED_EVERY = 100

const QUERIES = [
  { name: 'search Berl de', path: 'search/items?q=Berl&language=de' },
  { name: 'suggest Berl de', path: 'suggest/items?q=Berl&language=de' },
  { name: 'search Berlin de-at (chain de-at, de, en)', path: 'search/items?q=Berlin&language=de-at' },
  { name: 'suggest B en (short prefix)', path: 'suggest/items?q=B&language=en' },
  { name: 'search Bahnhof de limit=50', path: 'search/items?q=Bahnhof&language=de&limit=50' },
  { name: 'suggest Berl de offset=40', path: 'suggest/items?q=Berl&language=de&offset=40' },
  { name: 'search xyzzy en (no match)', path: 'search/items?q=xyzzy&language=en' }
]

async function load (db: WikiDatabase, config: TermSearchConfig): Promise<{ items: number, matchedTerms: number, rows: number, seconds: number }> {
  const t0 = performance.now()
  const random = prng(21)
  let matchedTerms = 0
  let items = 0
  let batch: Array<{ id: EntityId, rows: ReturnType<typeof termIndexRows> }> = []
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return
    const first = Number(batch[0]!.id.slice(1))
    await db.pool.query(
      `INSERT INTO ${tableName(db, 'wb_entities')} (entity_id, entity_type, entity_numeric_id, entity_latest_rev, entity_deleted)
       SELECT 'Q' || n, 'item', n, 1, n % ${DELETED_EVERY} = 0 FROM generate_series($1::bigint, $2::bigint) n`, [first, first + batch.length - 1])
    await insertTermRows(db.pool, db, batch)
    batch = []
  }
  while (matchedTerms < config.terms) {
    const { entity, matchedTerms: n } = generateItem(random)
    items++
    matchedTerms += n
    batch.push({ id: `Q${items}` as EntityId, rows: termIndexRows(entity) })
    if (batch.length === 2000) await flush()
  }
  await flush()
  await db.pool.query(`UPDATE ${tableName(db, 'wb_id_counters')} SET id_value = $1 WHERE id_type = 'item'`, [items])
  await db.pool.query(`ANALYZE ${tableName(db, 'wb_entities')}`)
  await db.pool.query(`ANALYZE ${tableName(db, 'wb_term_index')}`)
  const { rows } = await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${tableName(db, 'wb_term_index')}`)
  return { items, matchedTerms, rows: Number(rows[0]!.n), seconds: Math.round((performance.now() - t0) / 100) / 10 }
}

async function explain (db: WikiDatabase, q: string, language: string, words: boolean): Promise<{ plan: string[], indexes: string[], seqScan: boolean }> {
  const { text, values } = matchListsStatement(db, { entityType: 'item', key: searchKey(q), languages: languageFallbackChain(language), words, perList: 30 })
  const { rows } = await db.pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${text}`, values)
  const plan = rows.map(r => r['QUERY PLAN'])
  const indexes = [...new Set(plan.flatMap(line => [...line.matchAll(/using (\w+)/gi)].map(m => m[1]!)))]
  return { plan, indexes, seqScan: plan.some(line => /Seq Scan on wb_term_index/.test(line)) }
}

export async function termSearchBench (config: TermSearchConfig): Promise<Record<string, unknown>> {
  const name = `wb_bench_terms_${randomBytes(3).toString('hex')}`
  const url = await createDatabase(name)
  const { wikis, close } = await startWikiApps([{
    options: { siteId: 'repo', roles: ['repo'], database: url, schema: { data: 'repo', queue: 'repo_jobs' }, worker: { enabled: false } },
    hostSchema: 'host'
  }], false)
  try {
    const { app, host } = wikis[0]!
    const db = wikibaseInternals(app).self
    const loaded = await load(db, config)
    process.stdout.write(`# term-search: ${loaded.items} items, ${loaded.matchedTerms} labels+aliases, ${loaded.rows} index rows, loaded in ${loaded.seconds} s\n`)

    const queries = []
    for (const query of QUERIES) {
      const times: number[] = []
      let results = 0
      for (let i = 0; i < config.warmup + config.samples; i++) {
        const t0 = performance.now()
        const response = await app.inject(`${V1}/${query.path}`)
        const ms = performance.now() - t0
        if (response.statusCode !== 200) throw new Error(`${query.path}: ${response.statusCode} ${response.body}`)
        results = (response.json() as { results: unknown[] }).results.length
        if (i >= config.warmup) times.push(ms)
      }
      const s = summary(times)
      queries.push({ query: query.name, path: query.path, results, p50Ms: s.p50, p95Ms: s.p95, maxMs: s.max, n: s.n })
    }
    printTable('term search through GET …/v1/{search,suggest}/items (ms per request)', queries)

    const plans = {
      search: await explain(db, 'Berl', 'de', true),
      suggest: await explain(db, 'Berl', 'de', false)
    }
    process.stdout.write(`\n## EXPLAIN ANALYZE of the match query, search q=Berl language=de\n${plans.search.plan.join('\n')}\n`)

    // An edit rewrites the entity's rows in its transaction: its cost on the loaded index.
    const ctx: EditContext = { db, host, user: { id: 5, name: 'Editor', anonymous: false, bot: false } }
    const created = await createEntity(ctx, 'item', { type: 'item', labels: { de: { language: 'de', value: 'Berlin' } } } as unknown as WikibaseEntity)
    const editTimes: number[] = []
    for (let i = 0; i < config.edits; i++) {
      const t0 = performance.now()
      await editEntity(ctx, created.entityId, entity => ({ ...entity, labels: { de: { language: 'de', value: `Berlin ${i}` }, en: { language: 'en', value: `Berlin ${i}` } } }))
      editTimes.push(performance.now() - t0)
    }
    const edits = summary(editTimes)
    printTable('label edit (whole edit transaction, index rows rewritten inside it; ms)', [{ n: edits.n, p50Ms: edits.p50, p95Ms: edits.p95 }])
    // Last: it replaces the btree indexes of this throwaway database.
    const trigram = await compareTrigramIndex(db, Math.min(config.samples, 100))
    if (trigram.queries !== undefined) {
      printTable(`one prefix list (de labels, LIMIT 30): btree vs pg_trgm GIN (built in ${trigram.buildSeconds} s); SQL only, ms`,
        trigram.queries.map(q => ({ key: q.key, btreeP50Ms: q.btreeP50Ms, trigramP50Ms: q.trigramP50Ms })))
    }
    return {
      config,
      loaded,
      queries,
      plans: { search: { indexes: plans.search.indexes, seqScan: plans.search.seqScan, plan: plans.search.plan }, suggest: { indexes: plans.suggest.indexes, seqScan: plans.suggest.seqScan } },
      labelEdit: { p50Ms: edits.p50, p95Ms: edits.p95, n: edits.n },
      trigram
    }
  } finally {
    await close()
    await dropDatabase(name)
  }
}
