import t from 'tap'
import { freshDatabase, testPool } from '../../support/test-database.js'
import { createTestHost } from '../../support/test-host.js'
import {
  countRecentChangesBySource, injectedToLocalRatio, recentChangeSourceCounts
} from '../../../bench/lib/recent-change-ratio.js'

t.test('recentChangeSourceCounts and injectedToLocalRatio', async t => {
  const cases: Array<[string, Array<{ source: string, rows: number | string }>, { injected: number, local: number, logs: number, other: number }, number | null]> = [
    ['nothing', [], { injected: 0, local: 0, logs: 0, other: 0 }, null],
    ['only injected rows: no ratio', [{ source: 'wb', rows: 5 }], { injected: 5, local: 0, logs: 0, other: 0 }, null],
    ['arwiki-like: 23 injected per 10 edits', [{ source: 'wb', rows: '23' }, { source: 'mw.edit', rows: '8' }, { source: 'mw.new', rows: '2' }],
      { injected: 23, local: 10, logs: 0, other: 0 }, 2.3],
    ['logs and unknown sources are not edits', [{ source: 'wb', rows: 4 }, { source: 'mw.edit', rows: 2 }, { source: 'mw.log', rows: 7 }, { source: 'flow', rows: 1 }],
      { injected: 4, local: 2, logs: 7, other: 1 }, 2]
  ]
  for (const [name, rows, counts, ratio] of cases) {
    const got = recentChangeSourceCounts(rows)
    t.strictSame(got, counts, `${name}: counts`)
    t.equal(injectedToLocalRatio(got), ratio, `${name}: ratio`)
  }
})

t.test('countRecentChangesBySource on the test host\'s table (the bench farms\' host)', async t => {
  const url = await freshDatabase(t, 'rcratio')
  const pool = testPool(t, url, 4)
  const host = createTestHost({ pool, schema: 'host' })
  await host.ready()
  const table = 'host.recentchanges'
  const row = (source: string, time: string) => JSON.stringify({ rc_source: source, rc_timestamp: new Date(time) })
  await pool.query(`INSERT INTO ${table} (row) VALUES ($1), ($2), ($3), ($4), ($5)`, [
    row('wb', '2025-01-01T00:00:00Z'), row('wb', '2025-01-02T00:00:00Z'), row('wb', '2025-01-02T00:00:01Z'),
    row('mw.edit', '2025-01-02T00:00:00Z'), row('mw.log', '2025-01-02T00:00:00Z')
  ])
  t.strictSame(await countRecentChangesBySource(pool, 'host', 'test-host'), { injected: 3, local: 1, logs: 1, other: 0 })
  const since = await countRecentChangesBySource(pool, 'host', 'test-host', new Date('2025-01-02T00:00:00Z'))
  t.strictSame(since, { injected: 2, local: 1, logs: 1, other: 0 }, 'rows from `since` on')
  t.equal(injectedToLocalRatio(since), 2)
})
