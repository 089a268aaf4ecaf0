import t, { type Test } from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import fastifyPostgres from '@fastify/postgres'
import wikibase, { type WikibaseOptions } from '../../plugin/index.js'
import { freshDatabase, testPool } from '../support/test-database.js'
import { wikibaseInternals } from '../../plugin/facade.js'

// Every wiki serves the action API, so every one keeps its sessions and their signing secret.
const SHARED = ['site_identifiers', 'sites', 'wb_api_session', 'wb_job_workers', 'wb_migrations_shared', 'wb_secret']
const REPO = ['wb_changes', 'wb_changes_subscription', 'wb_items_per_site', 'wb_migrations_repo']
const CLIENT = ['wb_migrations_client', 'wbc_entity_usage']

async function tablesIn (t: Test, url: string, schema: string): Promise<string[]> {
  const pool = testPool(t, url)
  const { rows } = await pool.query<{ table_name: string }>(
    'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name', [schema])
  return rows.map(r => r.table_name)
}

async function start (options: WikibaseOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false })
  await app.register(wikibase, options)
  await app.ready()
  return app
}

t.test('registering each role on a bare Fastify app creates exactly that role\'s tables', async t => {
  const url = await freshDatabase(t, 'roles')
  const tablesOf: Record<string, string[]> = {}
  for (const roles of [['repo'], ['client'], ['repo', 'client']] as Array<WikibaseOptions['roles']>) {
    const schema = roles.join('')
    const app = await start({
      siteId: schema,
      roles,
      database: url,
      schema: { data: schema, queue: `${schema}_jobs` },
      repo: roles.includes('repo') ? undefined : { siteId: 'repowiki', schema: { data: 'repowiki', queue: 'repowiki_jobs' } }
    })
    tablesOf[schema] = await tablesIn(t, url, schema)
    t.ok(wikibaseInternals(app).worker, `${schema}: the worker runs in-process`)
    await app.close()
  }
  const { repo, client, repoclient } = tablesOf as Record<'repo' | 'client' | 'repoclient', string[]>
  t.same(repo.filter(name => client.includes(name)), SHARED, 'a repo and a client share only the sites tables, the worker heartbeats and the API sessions')
  t.same(repoclient, [...new Set([...repo, ...client])].sort(), 'a wiki with both roles has exactly the union')
  t.same(REPO.filter(name => !repo.includes(name)), [], 'the repo has Wikibase\'s repo tables')
  t.same(CLIENT.filter(name => !client.includes(name)), [], 'the client has Wikibase\'s client tables')
  t.same(client.filter(name => name.startsWith('wb_') && !SHARED.includes(name) && name !== 'wb_migrations_client'), [], 'the client has no repo table')
  const pool = testPool(t, url)
  const { rows } = await pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name <> 'wikibase-test'")
  t.equal(rows[0]!.n, 0, 'closing the apps released every connection they opened')
})

t.test('a repo that is also a client dispatches to itself; a repo lists its clients', async t => {
  const url = await freshDatabase(t, 'clients')
  const app = await start({
    siteId: 'repowiki',
    roles: ['repo', 'client'],
    database: url,
    schema: { data: 'repowiki', queue: 'repowiki_jobs' },
    clients: [{ siteId: 'enwiki', schema: { data: 'enwiki', queue: 'enwiki_jobs' } }],
    worker: { enabled: false }
  })
  t.same([...wikibaseInternals(app).clients.keys()].sort(), ['enwiki', 'repowiki'])
  t.equal(wikibaseInternals(app).clients.get('repowiki' as never), wikibaseInternals(app).self)
  t.equal(wikibaseInternals(app).clients.get('enwiki' as never)?.pool, wikibaseInternals(app).self.pool, 'wikis in one database share one pool')
  t.equal(wikibaseInternals(app).repo, wikibaseInternals(app).self)
  t.equal(wikibaseInternals(app).worker, null, 'worker.enabled false starts no runner')
  await app.close()
})

t.test('starting twice is idempotent, and two processes starting at once both succeed', async t => {
  const url = await freshDatabase(t, 'concurrent')
  const options: WikibaseOptions = { siteId: 'enwiki', roles: ['repo', 'client'], database: url, schema: { data: 'enwiki', queue: 'enwiki_jobs' } }
  const apps = await Promise.all([start(options), start(options), start(options)])
  await Promise.all(apps.map(async app => await app.close()))
  const again = await start(options)
  await again.close()
  const pool = testPool(t, url)
  for (const set of ['shared', 'repo', 'client']) {
    const { rows } = await pool.query<{ name: string }>(`SELECT name FROM enwiki.wb_migrations_${set} ORDER BY id`)
    const names = rows.map(r => r.name)
    t.same(names, [...new Set(names)], `${set}: each migration recorded once`)
    t.ok(names.length >= 1, `${set}: migrations were applied`)
  }
})

t.test('without "database" the host\'s @fastify/postgres pool is used', async t => {
  const url = await freshDatabase(t, 'hostpool')
  const app = Fastify({ logger: false })
  await app.register(fastifyPostgres, { connectionString: url })
  await app.register(wikibase, { siteId: 'enwiki', roles: ['client'], repo: { siteId: 'repowiki' }, worker: { enabled: false } })
  await app.ready()
  t.equal(wikibaseInternals(app).self.pool, app.pg.pool)
  t.equal(wikibaseInternals(app).self.dataSchema, 'public')
  t.equal(wikibaseInternals(app).self.queueSchema, 'wikibase_jobs')
  const tables = await tablesIn(t, url, 'public')
  t.same([...CLIENT, ...SHARED].filter(name => !tables.includes(name)), [], 'the client tables are in the public schema')
  await app.close()
})

t.test('a bad option fails registration with an error naming the option, and creates nothing', async t => {
  const url = await freshDatabase(t, 'badoptions')
  const base = { siteId: 'enwiki', roles: ['repo'], database: url, schema: { data: 'badwiki' } }
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['siteId missing', { ...base, siteId: undefined }, /option "siteId" is required/],
    ['siteId malformed', { ...base, siteId: 'en wiki' }, /option "siteId" must match pattern/],
    ['unknown role', { ...base, roles: ['mirror'] }, /option "roles\.0"/],
    ['no role', { ...base, roles: [] }, /option "roles"/],
    ['concurrency 0', { ...base, worker: { concurrency: 0 } }, /option "worker\.concurrency" must be >= 1/],
    ['unknown option', { ...base, colour: 'blue' }, /option "colour" is unknown/],
    ['unknown client setting', { ...base, client: { purgeCacheBatchSize: 300, injectRecentChange: false } }, /option "client\.injectRecentChange" is unknown/],
    ['batch size as string', { ...base, client: { purgeCacheBatchSize: '300' } }, /option "client\.purgeCacheBatchSize"/],
    ['database not a URL', { ...base, database: 'localhost' }, /option "database" must match pattern/],
    ['client without repo', { ...base, roles: ['client'] }, /option "repo" is required for a client wiki/],
    ['pool and database', { ...base, pool: { query () {}, connect () {} } }, /option "pool" cannot be given together with "database"/],
    ['pool not a pool', { ...base, database: undefined, pool: 42 }, /option "pool" must be a pg Pool/],
    ['schema with capitals', { ...base, schema: { data: 'EnWiki' } }, /option "schema\.data" must match pattern/],
    ['duplicate client', { ...base, clients: [{ siteId: 'dewiki' }, { siteId: 'dewiki' }] }, /option "clients\.1\.siteId" repeats the client dewiki/],
    ['session secret too short', { ...base, sessionSecret: 'secret' }, /option "sessionSecret"/],
    ['session expiry below a minute', { ...base, sessionExpiry: 5 }, /option "sessionExpiry" must be >= 60/],
    ['a talk namespace for items', { ...base, repoSettings: { entityNamespaces: { item: 121 } } }, /option "repoSettings\.entityNamespaces\.item"/],
    ['items and properties in one namespace', { ...base, repoSettings: { entityNamespaces: { item: 120, property: 120 } } },
      /option "repoSettings\.entityNamespaces" items and properties need namespaces of their own/],
    ['properties in the main namespace', { ...base, repoSettings: { entityNamespaces: { item: 120, property: 0 } } }, /option "repoSettings\.entityNamespaces"/]
  ]
  for (const [name, options, message] of cases) {
    const app = Fastify({ logger: false })
    app.register(wikibase, options as unknown as WikibaseOptions)
    await t.rejects(async () => { await app.ready() }, { name: 'InvalidOptionError', message }, name)
    await app.close()
  }
  t.same(await tablesIn(t, url, 'badwiki'), [], 'no table was created')
})

t.test('client settings get Wikibase\'s defaults', async t => {
  const url = await freshDatabase(t, 'defaults')
  const app = await start({ siteId: 'enwiki', roles: ['repo', 'client'], database: url, worker: { enabled: false } })
  t.same(wikibaseInternals(app).options.client, {
    injectRecentChanges: true,
    showExternalRecentChanges: true,
    purgeCacheBatchSize: 300,
    recentChangesBatchSize: 300,
    recentChangesFilter: 'all',
    inboxBatchSize: 500,
    pageRefreshBatchSize: 100,
    pageRefreshRate: 0,
    pendingRefreshView: 'render',
    entityUsageModifierLimits: { D: 30, L: 30, C: 10 },
    entityUsagePerPageLimit: 100,
    addEntityUsagesBatchSize: 500,
    disabledUsageAspects: [],
    enableImplicitDescriptionUsage: false,
    allowLocalShortDesc: false,
    allowDataTransclusion: true,
    allowArbitraryDataAccess: true,
    allowDataAccessInUserLanguage: false,
    entityAccessLimit: 250,
    referencedEntityIdAccessLimit: 3,
    referencedEntityIdMaxDepth: 4,
    referencedEntityIdMaxReferencedEntityVisits: 50,
    propertyOrder: [],
    propagateChangesToRepo: true,
    badgeClassNames: {},
    otherProjectsLinks: [],
    remoteRepoTimeout: 10_000,
    remoteRepoMaxResponseBytes: 8 * 1024 * 1024,
    repoSiteName: 'Wikidata'
  })
  await app.close()
})

t.test('a database that cannot be reached fails registration, and close still ends what was opened', async t => {
  const url = new URL(await freshDatabase(t, 'unreachable'))
  url.pathname = '/no_such_database_here'
  const app = Fastify({ logger: false })
  app.register(wikibase, { siteId: 'enwiki', roles: ['repo'], database: url.toString() })
  await t.rejects(async () => { await app.ready() }, /database "no_such_database_here" does not exist/)
  await app.close()
  t.pass('closed')
})
