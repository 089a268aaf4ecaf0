/**
 * Times the import of the full Wikimedia site matrix (not a test; timing is not asserted).
 *   DATABASE_URL=postgres://… npx tsx test/sites/measure-site-import.ts --run
 * Without --run it does nothing, so `tap test/sites/` (which loads every file here) skips it.
 */
import pg from 'pg'
import { readFileSync } from 'node:fs'
import Fastify from 'fastify'
import wikibase from '../../plugin/index.js'
import { parseSiteMatrix } from '../../plugin/sites/site-matrix-parser.js'
import { importSites } from '../../plugin/sites/site-store.js'

const url = process.env.DATABASE_URL
if (!process.argv.includes('--run')) process.exit(0)
if (url === undefined) throw new Error('set DATABASE_URL')
const schema = `sites_measure_${process.pid}`
const app = Fastify({ logger: false })
await app.register(wikibase, { siteId: 'measurewiki', roles: ['client'], repo: { siteId: 'repowiki' }, database: url, schema: { data: schema, queue: `${schema}_jobs` }, worker: { enabled: false } })
await app.ready()
try {
  const text = readFileSync(new URL('../fixtures/sites/wikimedia-sitematrix-2026-03.json', import.meta.url), 'utf8')
  for (const run of ['first', 'second', 'third']) {
    const started = performance.now()
    const sites = parseSiteMatrix(JSON.parse(text), { siteGroup: 'wikipedia' })
    const parsed = performance.now()
    const report = await importSites(app.wikibase.self, sites)
    const done = performance.now()
    console.log(`${run} import: ${sites.length} sites, parse ${(parsed - started).toFixed(1)} ms, import ${(done - parsed).toFixed(1)} ms, total ${(done - started).toFixed(1)} ms`, report)
  }
} finally {
  const pool = new pg.Pool({ connectionString: url })
  await pool.query(`DROP SCHEMA ${schema} CASCADE; DROP SCHEMA ${schema}_jobs CASCADE`)
  await pool.end()
  await app.close()
}
