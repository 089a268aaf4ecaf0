import t from 'tap'
import type { FastifyBaseLogger } from 'fastify'
import { hostContractSuite } from './host-contract-suite.js'
import { freshDatabase, testPool } from '../support/test-database.js'
import type { HostUser } from '../../hooks/contract.js'
import { migrateEngine } from '../../example-wiki/engine/engine-migrator.js'
import { createWiki } from '../../example-wiki/engine/host-services.js'
import { toPageRecord } from '../../example-wiki/engine/page-store.js'
import { parseTitle } from '../../example-wiki/engine/titles.js'
import { deletePage, movePage, savePage } from '../../example-wiki/engine/wiki-engine.js'

const silent = { level: 'silent', fatal: () => {}, error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, trace: () => {}, silent: () => {} }
const log = { ...silent, child: () => log } as unknown as FastifyBaseLogger
const user: HostUser = { id: 3, name: 'Contract', anonymous: false, bot: false }

// The host contract against the example engine's host: one wiki (example-wiki/engine/host-services.ts
// createWiki) on its own tables in a fresh database, as example-wiki/wiki-app.ts builds it.
hostContractSuite(t, async t => {
  const pool = testPool(t, await freshDatabase(t, 'contractexample'), 6)
  const db = { pool, schema: 'wiki' }
  await migrateEngine(db)
  const wiki = createWiki({ siteId: 'contractwiki', language: 'en', db, log })
  return {
    host: wiki.host,
    pool,
    savePage: async (title, text) => toPageRecord((await savePage(wiki, { title: parseTitle(title), text, comment: 'contract', user })).page),
    deletePage: async title => { await deletePage(wiki, parseTitle(title), user, 'contract') },
    // A plain rename, as the suite's other hosts do (the example leaves a redirect unless told not to).
    movePage: async (from, to) => { await movePage(wiki, parseTitle(from), parseTitle(to), user, 'contract', { leaveRedirect: false }) },
    recentChanges: async () => (await pool.query('SELECT rc_id, rc_timestamp, rc_comment FROM wiki.recentchanges ORDER BY rc_id')).rows
  }
})
