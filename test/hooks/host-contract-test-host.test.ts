import t from 'tap'
import { hostContractSuite } from './host-contract-suite.js'
import { freshDatabase, testPool } from '../support/test-database.js'
import { createTestHost } from '../support/test-host.js'

// The host contract against the tests' own host (test/support/test-host.ts).
hostContractSuite(t, async t => {
  const pool = testPool(t, await freshDatabase(t, 'contracttesthost'), 6)
  const host = createTestHost({ pool })
  return {
    host,
    pool,
    savePage: async (title, wikitext) => (await host.save(title, wikitext)).page,
    deletePage: async title => { await host.delete(title) },
    movePage: async (from, to) => { await host.move(from, to) },
    recentChanges: async () => (await host.recentChanges()).map(r => ({ rc_id: r.rc_id, rc_timestamp: new Date(r.rc_timestamp), rc_comment: r.rc_comment }))
  }
})
