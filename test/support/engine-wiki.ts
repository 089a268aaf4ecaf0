import pg from 'pg'
import { createWiki } from '../../example-wiki/engine/host-services.js'
import { migrateEngine } from '../../example-wiki/engine/engine-migrator.js'
import { freshDatabase } from './test-database.js'

/** A quiet logger for engines under test. */
const quietLog = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => quietLog } as any

interface EngineWiki {
  /** The connection string of the wiki's fresh database. */
  url: string
  pool: pg.Pool
  db: { pool: pg.Pool, schema: string }
  wiki: ReturnType<typeof createWiki>
}

/**
 * The example engine as a host on a fresh database of its own (named `label`), its tables
 * migrated and its pool ended when the test ends; the plugin is registered by the test.
 */
export async function engineWiki (
  t: { teardown: (fn: () => unknown) => void }, label: string, siteId: string, options: { language?: string, poolSize?: number } = {}
): Promise<EngineWiki> {
  const url = await freshDatabase(t, label)
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 12 })
  t.teardown(async () => { await pool.end() })
  const db = { pool, schema: 'wiki' }
  await migrateEngine(db)
  return { url, pool, db, wiki: createWiki({ siteId, language: options.language ?? 'en', db, log: quietLog }) }
}
