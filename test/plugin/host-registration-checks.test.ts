import t from 'tap'
import Fastify from 'fastify'
import pg from 'pg'
import wikibase from '../../plugin/index.js'
import { createWikiHost, type HostServices, type WikiHost } from '../../hooks/contract.js'
import { missingHostServices } from '../../plugin/host-requirements.js'
import { sameDatabase, type DatabaseIdentity } from '../../plugin/host-database-check.js'
import { withTransaction } from '../../plugin/db/wiki-database.js'
import { freshDatabase } from '../support/test-database.js'
import { createTestHost } from '../support/test-host.js'

/**
 * Fail fast (issue 23): registration checks the host against the roles asked for and against
 * the plugin's database, and fails with an error naming what is missing and how to provide it.
 */
const fn = async (): Promise<never> => { throw new Error('not called') }
const CLIENT = { pageIdsForTitles: fn, pagesByIds: fn, refreshLinks: fn, purgeWebCache: fn, insertRecentChanges: fn }

t.test('missingHostServices: what each role needs; the services a role does not use stay optional', async t => {
  const names = (services: Record<string, unknown>, roles: Array<'repo' | 'client'>): string[] => missingHostServices(services, new Set(roles)).map(m => m.service)
  const transaction = fn
  t.strictSame(names({ transaction, recordEntityEdit: fn }, ['repo']), [], 'a repo host needs no page services')
  t.strictSame(names({ transaction, ...CLIENT }, ['client']), [], 'a client host needs no recordEntityEdit')
  t.strictSame(names({ transaction }, ['repo']), ['recordEntityEdit'])
  t.strictSame(names({ transaction, recordEntityEdit: fn }, ['repo', 'client']), Object.keys(CLIENT))
  t.strictSame(names({ ...CLIENT }, ['client']), ['transaction'], 'transaction: always')
  t.strictSame(names({ transaction, ...CLIENT, pagesByIds: 'yes' }, ['client']), ['pagesByIds'], 'not a function counts as missing')
  t.strictSame(names({ transaction, recordEntityEdit: null }, ['repo']), ['recordEntityEdit'])
})

t.test('sameDatabase: the database name on one cluster and port; the address only when the cluster cannot be told', async t => {
  const id = (o: Partial<DatabaseIdentity>): DatabaseIdentity => ({ database: 'wiki', systemIdentifier: '1', address: '127.0.0.1', port: 5432, ...o })
  const cases: Array<[string, DatabaseIdentity, DatabaseIdentity, boolean]> = [
    ['identical', id({}), id({}), true],
    ['another address of the same cluster (socket vs TCP)', id({}), id({ address: null }), true],
    ['another database name', id({}), id({ database: 'other' }), false],
    ['another cluster', id({}), id({ systemIdentifier: '2' }), false],
    ['another port of the same cluster id (a copy)', id({}), id({ port: 5433 }), false],
    ['cluster unknown: the address decides', id({ systemIdentifier: null }), id({ systemIdentifier: null, address: '10.0.0.2' }), false],
    ['cluster unknown, same address and port', id({ systemIdentifier: null }), id({ systemIdentifier: null }), true]
  ]
  for (const [name, a, b, same] of cases) t.equal(sameDatabase(a, b), same, name)
})

async function register (options: Record<string, unknown>): Promise<unknown> {
  const app = Fastify({ logger: false })
  try {
    await app.register(wikibase, options as never)
    await app.ready()
    return null
  } catch (error) {
    return error
  } finally {
    await app.close()
  }
}

function hostOn (pool: pg.Pool, services: Partial<HostServices> = {}): WikiHost {
  return createWikiHost({ transaction: async f => await withTransaction(pool, f), ...services } as HostServices)
}

t.test('registration fails naming the missing service, what it must do, and the role that needs it', async t => {
  const url = await freshDatabase(t, 'hostchecks')
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  t.teardown(async () => { await pool.end() })
  const base = { siteId: 'enwiki', database: url, worker: { enabled: false } }

  const repo = await register({ ...base, roles: ['repo'], host: hostOn(pool) })
  t.match(repo, { name: 'InvalidOptionError', option: 'host.services.recordEntityEdit' })
  t.equal((repo as Error).message, 'fastify-wikibase: option "host.services.recordEntityEdit" is required for a repo wiki (roles includes \'repo\'): ' +
    'save the entity page edit as a host revision + recentchanges row in the tx given and resolve to { pageId, revisionId, rcId } (hooks/contract.ts)')

  const client = await register({ ...base, roles: ['client'], repo: { siteId: 'repo' }, host: hostOn(pool, { ...CLIENT, pagesByIds: undefined }) })
  t.equal((client as Error).message, 'fastify-wikibase: option "host.services.pagesByIds" is required for a client wiki (roles includes \'client\'): ' +
    'resolve page ids to the records of the pages that exist, in the order asked (hooks/contract.ts)')

  const both = await register({ ...base, roles: ['repo', 'client'], host: hostOn(pool, { refreshLinks: fn }) })
  t.equal((both as Error).message, [
    'fastify-wikibase: option "host.services" lacks recordEntityEdit, pageIdsForTitles, pagesByIds, purgeWebCache, insertRecentChanges (hooks/contract.ts):',
    'host.services.recordEntityEdit is required for a repo wiki (roles includes \'repo\'): save the entity page edit as a host revision + recentchanges row in the tx given and resolve to { pageId, revisionId, rcId }',
    'host.services.pageIdsForTitles is required for a client wiki (roles includes \'client\'): resolve titles to the ids of the pages that exist (a Map title → page id)',
    'host.services.pagesByIds is required for a client wiki (roles includes \'client\'): resolve page ids to the records of the pages that exist, in the order asked',
    'host.services.purgeWebCache is required for a client wiki (roles includes \'client\'): drop the pages\' cached renderings (MediaWiki\'s HTMLCacheUpdate)',
    'host.services.insertRecentChanges is required for a client wiki (roles includes \'client\'): insert the rows into the host\'s recentchanges (in the tx when given) and resolve to their ids'
  ].join('\n'))

  const noTransaction = await register({ ...base, roles: ['repo'], host: createWikiHost({ recordEntityEdit: fn } as unknown as HostServices) })
  t.equal((noTransaction as Error).message, 'fastify-wikibase: option "host.services.transaction" is required for every wiki with a host: ' +
    'run fn(tx) in a transaction of the wiki\'s database (a pg PoolClient after BEGIN), commit, return its value (hooks/contract.ts)')

  t.equal(await register({ ...base, roles: ['repo'], host: hostOn(pool, { recordEntityEdit: fn }) }), null, 'a repo host with recordEntityEdit only registers')
  t.equal(await register({ ...base, roles: ['client'], repo: { siteId: 'repo' }, host: hostOn(pool, CLIENT) }), null, 'a client host without recordEntityEdit registers')
})

t.test('a host whose transaction runs on another database fails registration, naming the `pool` option', async t => {
  const pluginUrl = await freshDatabase(t, 'hostdbplugin')
  const hostUrl = await freshDatabase(t, 'hostdbhost')
  const hostPool = new pg.Pool({ connectionString: hostUrl, max: 2 })
  t.teardown(async () => { await hostPool.end() })
  const pluginDb = new URL(pluginUrl).pathname.slice(1)
  const hostDb = new URL(hostUrl).pathname.slice(1)
  const base = { siteId: 'repo', roles: ['repo'], worker: { enabled: false } }

  const error = await register({ ...base, database: pluginUrl, host: hostOn(hostPool, { recordEntityEdit: fn }) })
  t.match(error, { name: 'InvalidOptionError', option: 'host.services.transaction' })
  t.match((error as Error).message, new RegExp(`^fastify-wikibase: option "host\\.services\\.transaction" runs on database "${hostDb}" on \\S+, ` +
    `the plugin on database "${pluginDb}" on \\S+: the host's tables and the plugin's must be in one database\\. ` +
    'Pass the host\'s pg pool as the plugin\'s `pool` option \\(or register @fastify/postgres with it and give neither `pool` nor `database`\\), ' +
    'or give `database` the connection string of the host\'s database$'))
  const tables = await hostPool.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')")
  t.equal(tables.rows[0].n, 0, 'nothing was created in the host\'s database')

  t.equal(await register({ ...base, pool: hostPool, host: hostOn(hostPool, { recordEntityEdit: fn }) }), null, 'the host\'s pool as `pool`: registers')

  const notAClient = await register({ ...base, database: pluginUrl, host: createWikiHost({ transaction: async f => await f({} as never), recordEntityEdit: fn }) })
  t.equal((notAClient as Error).message, 'fastify-wikibase: option "host.services.transaction" must call fn with a pg client in an open transaction (a PoolClient after BEGIN)')

  const failing = await register({ ...base, database: pluginUrl, host: createWikiHost({ transaction: async () => { throw new Error('no connection') }, recordEntityEdit: fn }) })
  t.equal((failing as Error).message, 'fastify-wikibase: option "host.services.transaction" failed when the plugin opened a transaction to check the host\'s database: no connection')
})

t.test('a test host given the wiki\'s database registers (the check passes on the same database through another pool)', async t => {
  const url = await freshDatabase(t, 'hostdbsame')
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  t.teardown(async () => { await pool.end() })
  t.equal(await register({ siteId: 'repo', roles: ['repo'], database: url, worker: { enabled: false }, host: createTestHost({ pool }) }), null)
})
