import t from 'tap'
import Fastify from 'fastify'
import pg from 'pg'
import { Writable } from 'node:stream'
import { randomBytes } from 'node:crypto'
import wikibase from '../../../plugin/index.js'
import { endPool } from '../../../plugin/db/end-pool.js'
import { eventually, freshDatabase, testPool } from '../../support/test-database.js'
import { wikibaseInternals } from '../../../plugin/facade.js'

async function connectionsOf (admin: pg.Pool, applicationName: string): Promise<number> {
  const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [applicationName])
  return rows[0]!.n
}

t.test('endPool returns when the connections are closed on the server, not just asked to close', async t => {
  const url = await freshDatabase(t, 'endpool')
  const admin = testPool(t, url, 1)
  for (let round = 0; round < 5; round++) {
    const name = `end-pool-${randomBytes(4).toString('hex')}`
    const pool = new pg.Pool({ connectionString: url, max: 8, application_name: name })
    pool.on('error', () => {})
    const clients = await Promise.all(Array.from({ length: 8 }, async () => await pool.connect()))
    for (const client of clients) client.release()
    t.equal(await connectionsOf(admin, name), 8, 'eight connections open')
    await endPool(pool)
    t.equal(await connectionsOf(admin, name), 0, `round ${round}: none left the moment endPool returns`)
    await endPool(pool) // a second end is harmless
  }
})

t.test('a connection the server terminates is a warning on the plugin\'s pools (code and message only), not a crash or an error log', async t => {
  const url = await freshDatabase(t, 'terminated')
  const lines: string[] = []
  const stream = new Writable({ write (chunk, _encoding, done) { lines.push(...String(chunk).split('\n').filter(Boolean)); done() } })
  const app = Fastify({ logger: { level: 'warn', stream } })
  t.teardown(async () => { await app.close() })
  await app.register(wikibase, { siteId: 'enwiki', roles: ['repo', 'client'], database: url, worker: { enabled: false } })
  await app.ready()
  const pool = wikibaseInternals(app).self.pool
  const clients = await Promise.all([pool.connect(), pool.connect()])
  for (const client of clients) client.release()
  const admin = testPool(t, url, 1)
  await admin.query('SELECT 1')
  const open = pool.totalCount
  await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = \'\'')
  await eventually(async () => pool.totalCount === 0 ? true : undefined)
  t.equal(lines.length, open, 'one line per lost connection')
  for (const line of lines) {
    const { level, msg, code, ...rest } = JSON.parse(line) as Record<string, unknown>
    t.same({ level, msg, code }, { level: 40, msg: 'fastify-wikibase: a database connection was lost: terminating connection due to administrator command', code: '57P01' })
    t.same(Object.keys(rest).sort(), ['hostname', 'pid', 'time'], 'no serialized error or client')
  }
  t.same((await pool.query<{ one: number }>('SELECT 1 AS one')).rows, [{ one: 1 }], 'the pool opens a new connection')
})

t.test('a harness pool survives its connections being terminated', async t => {
  const url = await freshDatabase(t, 'harness')
  const pool = testPool(t, url, 2)
  await Promise.all([pool.query('SELECT 1'), pool.query('SELECT 1')])
  const admin = testPool(t, url, 1)
  await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'wikibase-test' AND pid <> pg_backend_pid()")
  await eventually(async () => pool.totalCount === 0 ? true : undefined)
  t.same((await pool.query<{ one: number }>('SELECT 1 AS one')).rows, [{ one: 1 }])
})
