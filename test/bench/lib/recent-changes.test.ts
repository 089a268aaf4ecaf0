import t from 'tap'
import type pg from 'pg'
import { freshDatabase, testPool } from '../../support/test-database.js'
import { createTestHost } from '../../support/test-host.js'
import { newestInjectedRevisions, showingLast } from '../../../bench/lib/recent-changes.js'
import type { Wiki } from '../../../bench/lib/farm.js'

t.test('showingLast: an entity shows its last revision when the newest row holds it or a later one', async t => {
  const last = new Map([['Q1', 10], ['Q2', 20], ['Q3', 30]])
  t.equal(showingLast(last, new Map()), 0, 'no rows')
  t.equal(showingLast(last, new Map([['Q1', 9], ['Q2', 20], ['Q3', 31]])), 2, 'Q1 behind; Q2 exact; Q3 a later (coalesced) revision')
  t.equal(showingLast(last, new Map([['Q4', 99]])), 0, 'rows of other entities do not count')
})

t.test('newestInjectedRevisions reads the test host\'s recentchanges (per schema, as a one-database farm keeps them)', async t => {
  const url = await freshDatabase(t, 'rcnewest')
  const pool = testPool(t, url, 4)
  const clients = ['host0', 'host1']
  for (const schema of clients) await createTestHost({ pool, schema }).ready()
  const injected = (entity: string, revision: number): string =>
    JSON.stringify({ rc_source: 'wb', rc_params: { 'wikibase-repo-change': { object_id: entity, revision_id: revision } } })
  await pool.query('INSERT INTO host0.recentchanges (row) VALUES ($1), ($2), ($3), ($4)', [
    injected('Q1', 4), injected('Q1', 12), injected('Q2', 7), JSON.stringify({ rc_source: 'mw.edit', rc_params: {} })
  ])
  await pool.query('INSERT INTO host1.recentchanges (row) VALUES ($1)', [injected('Q1', 3)])
  const wiki = (hostSchema: string): Wiki => ({ pool: pool as pg.Pool, hostSchema } as unknown as Wiki)
  t.strictSame([...await newestInjectedRevisions(wiki('host0'))].sort(), [['Q1', 12], ['Q2', 7]], 'newest per entity; local rows left out')
  t.strictSame([...await newestInjectedRevisions(wiki('host1'))], [['Q1', 3]], 'each schema its own rows')
})
