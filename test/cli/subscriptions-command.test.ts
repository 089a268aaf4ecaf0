import t from 'tap'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { runSubscriptionsList, runSubscriptionsPurge, type SubscriptionFlags } from '../../cli/subscriptions-command.js'
import { startRepo } from '../support/repo-test-wiki.js'
import { wikibaseInternals } from '../../plugin/facade.js'

/** `subscriptions list|purge` (issue 16.5): orphan sites of the repo, listed and purged by hand. */
t.test('subscriptions list and purge', async t => {
  const app = await startRepo(t, 'clisubs')
  const db = wikibaseInternals(app).self
  await db.pool.query(`INSERT INTO repo.wb_changes_subscription (cs_entity_id, cs_subscriber_id)
    SELECT 'Q' || n, s FROM generate_series(1, 3) AS n, unnest(ARRAY['enwiki', 'oldwiki', 'closedwiki']) AS s`)
  await db.pool.query("INSERT INTO repo.wb_entity_usage_counts VALUES ('Q1', 'oldwiki', 4)")
  const url = (db.pool as unknown as { options: { connectionString: string } }).options.connectionString
  const flags = (more: Partial<SubscriptionFlags>): SubscriptionFlags => ({ database: url, schema: 'repo', queueSchema: 'repo_jobs', siteId: 'repo', progress: false, ...more })
  const lines: string[] = []
  const out = { log: (line: string) => { lines.push(line) } }

  const listed = await runSubscriptionsList(flags({ client: ['enwiki'] }), out)
  t.strictSame(listed.map(l => [l.site, l.subscriptions, l.usageCounts, l.orphan]), [['closedwiki', 3, 0, true], ['enwiki', 3, 0, false], ['oldwiki', 3, 1, true]])
  t.strictSame(lines, [
    'closedwiki: 3 subscriptions, 0 pending deliveries, 0 usage counts (orphan: not a configured client)',
    'enwiki: 3 subscriptions, 0 pending deliveries, 0 usage counts',
    'oldwiki: 3 subscriptions, 0 pending deliveries, 1 usage counts (orphan: not a configured client)'
  ])

  const refusals: Array<[Partial<SubscriptionFlags>, RegExp]> = [
    [{}, /--client <ids\.\.\.>.*or the sites to purge with --site/],
    [{ client: ['enwiki'], site: ['oldwiki'] }, /not both/],
    [{ site: ["old'wiki"] }, /--site "old'wiki" is not a site id/],
    [{ client: ['x'.repeat(33)] }, /--client "x{33}" is not a site id/]
  ]
  for (const [more, message] of refusals) await t.rejects(runSubscriptionsPurge(flags(more), out), message)

  lines.length = 0
  const dry = await runSubscriptionsPurge(flags({ client: ['enwiki'], dryRun: true }), out)
  t.strictSame(dry.map(f => f.site), ['closedwiki', 'oldwiki'])
  t.strictSame(lines, ['would purge closedwiki: 3 subscriptions, 0 pending deliveries, 0 usage counts', 'would purge oldwiki: 3 subscriptions, 0 pending deliveries, 1 usage counts'])
  t.equal((await db.pool.query('SELECT count(*)::int AS n FROM repo.wb_changes_subscription')).rows[0].n, 9, 'a dry run changes nothing')

  lines.length = 0
  await runSubscriptionsPurge(flags({ site: ['closedwiki'] }), out)
  t.strictSame(lines, ['purged closedwiki: 3 subscriptions, 0 pending deliveries, 0 usage counts'])
  await runSubscriptionsPurge(flags({ client: ['enwiki'] }), out)
  t.strictSame((await db.pool.query('SELECT DISTINCT cs_subscriber_id AS s FROM repo.wb_changes_subscription')).rows, [{ s: 'enwiki' }])
  t.equal((await db.pool.query('SELECT count(*)::int AS n FROM repo.wb_entity_usage_counts')).rows[0].n, 0)
  lines.length = 0
  await runSubscriptionsPurge(flags({ client: ['enwiki'] }), out)
  t.strictSame(lines, ['nothing to purge'])
})

t.test('bin/fastify-wikibase.js subscriptions --help lists list and purge', async t => {
  const { stdout } = await promisify(execFile)('./bin/fastify-wikibase.js', ['subscriptions', '--help'], { cwd: new URL('../../', import.meta.url) })
  t.match(stdout, /list \[options\]/)
  t.match(stdout, /purge \[options\]/)
})
