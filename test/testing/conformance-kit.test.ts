import t, { type Test } from 'tap'
import { AssertionError } from 'node:assert'
import type { FastifyInstance } from 'fastify'
import { startWiki } from '../support/farm.js'
import { freshDatabase } from '../support/test-database.js'
import { createTestHost, type TestHost } from '../support/test-host.js'
import { addSites } from '../support/repo-test-wiki.js'
import { parseTitleText, toPageRecord } from '../support/test-host-tables.js'
import { withTransaction } from '../../plugin/db/wiki-database.js'
import { checkHostConformance, HOST_CONFORMANCE_CHECKS, type HostConformanceAdapter } from '../../testing/index.js'
import { wikibaseInternals } from '../../plugin/facade.js'

/** The test host on a repo+client wiki, and its adapter (as test/hooks/host-conformance-test-host.test.ts). */
async function testHostWiki (t: Test, label: string): Promise<{ app: FastifyInstance, host: TestHost, adapter: HostConformanceAdapter }> {
  const host = createTestHost()
  const app = await startWiki(t, {
    siteId: 'kitwiki', roles: ['repo', 'client'], database: await freshDatabase(t, label), schema: { data: 'kitwiki', queue: 'kitwiki_jobs' },
    host, worker: { pollInterval: 100 }
  })
  host.attach(app)
  await addSites(wikibaseInternals(app).self, ['kitwiki'])
  const adapter: HostConformanceAdapter = {
    savePage: async (title, wikitext) => (await host.save(title, wikitext)).page,
    renderedHtml: async title => {
      const row = await host.tables.findPage(host.tables.pool, parseTitleText(title))
      return row === null ? '' : (await host.parse(toPageRecord(row), row.page_text ?? '')).text
    },
    recentChanges: async () => (await host.recentChanges()).map(r => ({ ...r, rc_timestamp: new Date(r.rc_timestamp) }))
  }
  return { app, host, adapter }
}

t.test('a conformant host: the report lists every check, passed or skipped with its reason', async t => {
  const { app, adapter } = await testHostWiki(t, 'kitreport')
  const report = await checkHostConformance({ app, adapter })
  t.equal(report.passed, true)
  t.strictSame(report.outcomes.map(o => o.name), HOST_CONFORMANCE_CHECKS)
  t.strictSame(report.outcomes.filter(o => o.status === 'skipped').map(o => o.detail), ['the host has no purgeCacheTags: changes purge page batches (purgeWebCache)', 'the adapter has neither deletePage nor movePage'])
})

t.test('RecentChangeSave fired in another transaction than the tx given: the insertRecentChanges check fails, named', async t => {
  const { app, host, adapter } = await testHostWiki(t, 'kitothertx')
  const insert = host.services.insertRecentChanges
  // The mistake: the rows (and their hook) go to a transaction of the host's own, not the plugin's.
  host.services.insertRecentChanges = async rows => await withTransaction(host.tables.pool, async own => await insert(rows, own))
  const error = await checkHostConformance({ app, adapter }).catch((e: unknown) => e)
  t.type(error, AssertionError)
  const message = (error as Error).message
  t.match(message, new RegExp(`^the host fails 1 of ${HOST_CONFORMANCE_CHECKS.length} conformance checks:\\n- insertRecentChanges: ids in the order of rows`))
  t.match(message, /in the transaction of the tx given \(same txid_current\(\)\)/)
  const outcomes = (error as { report: { outcomes: Array<{ name: string, status: string }> } }).report.outcomes
  t.strictSame(outcomes.filter(o => o.status === 'failed').map(o => o.name), HOST_CONFORMANCE_CHECKS.filter(name => name.startsWith('insertRecentChanges:')))
  t.strictSame(outcomes.filter(o => o.status === 'skipped').map(o => o.name), HOST_CONFORMANCE_CHECKS.filter(name => name.startsWith('purgeCacheTags (optional)') || name.startsWith('PageDeleteComplete inside')))
})

t.test('a host that parsed before the kit started: the parse check says to start the kit on a fresh app', async t => {
  const { app, adapter } = await testHostWiki(t, 'kitparsed')
  await adapter.savePage('Before', 'text')
  const error = await checkHostConformance({ app, adapter }).catch((e: unknown) => e)
  t.match((error as Error).message, /- page save: ParserFirstCallInit once before the first parse[^\n]*\n {2}ParserFirstCallInit fired after the kit started listening \(call the kit on a freshly started app/)
})

t.test('a host that never fires RecentChangeSave (optional): every check passes', async t => {
  const { app, host, adapter } = await testHostWiki(t, 'kitnorcsave')
  const callHook = host.hooks.callHook.bind(host.hooks)
  // The host leaves the hook out; the plugin registers no handler for it, so nothing is lost.
  host.hooks.callHook = (async (name: string, ...args: unknown[]) => {
    if (name !== 'RecentChangeSave') await (callHook as (n: string, ...a: unknown[]) => Promise<void>)(name, ...args)
  }) as typeof host.hooks.callHook
  let fired = 0
  host.hooks.hook('RecentChangeSave', () => { fired++ })
  const report = await checkHostConformance({ app, adapter })
  t.equal(fired, 0, 'the host fired no RecentChangeSave')
  t.equal(report.passed, true)
  t.strictSame(report.outcomes.filter(o => o.status !== 'passed').map(o => [o.status, o.detail]), [['skipped', 'the host has no purgeCacheTags: changes purge page batches (purgeWebCache)'], ['skipped', 'the adapter has neither deletePage nor movePage']])
})

t.test('recordEntityEdit answering another shape: the recordEntityEdit check fails, named, with what it answered', async t => {
  const { app, host, adapter } = await testHostWiki(t, 'kitbadrecord')
  const record = host.services.recordEntityEdit
  // The mistake: the host's own field names (page and revision rather than pageId, revisionId, rcId).
  host.services.recordEntityEdit = (async (edit: Parameters<typeof record>[0], tx: Parameters<typeof record>[1]) => {
    const saved = await record(edit, tx)
    return { page: saved.pageId, revision: saved.revisionId, rc: saved.rcId }
  }) as unknown as typeof record
  const error = await checkHostConformance({ app, adapter }).catch((e: unknown) => e)
  t.type(error, AssertionError)
  const outcomes = (error as { report: { outcomes: Array<{ name: string, status: string, detail?: string }> } }).report.outcomes
  const failed = outcomes.filter(o => o.status === 'failed')
  t.strictSame(failed.map(o => o.name), HOST_CONFORMANCE_CHECKS.filter(name => name.startsWith('recordEntityEdit:') || name.startsWith('main flow')))
  t.match(failed[0]!.detail, /^create Q\d+: recordEntityEdit answers \{ pageId, revisionId, rcId \} \(non-negative integers; optional timestamp: a Date\), not \{"page":\d+,"revision":11,"rc":\d+\}/)
})
