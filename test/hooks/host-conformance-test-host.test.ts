import t from 'tap'
import { startWiki } from '../support/farm.js'
import { freshDatabase } from '../support/test-database.js'
import { createTestHost } from '../support/test-host.js'
import { addSites } from '../support/repo-test-wiki.js'
import { parseTitleText, toPageRecord } from '../support/test-host-tables.js'
import { conformanceSubtests } from '../support/conformance-subtests.js'
import { wikibaseInternals } from '../../plugin/facade.js'

// The conformance kit (fastify-wikibase/testing) against the tests' own host
// (test/support/test-host.ts): one wiki that is repo and client, its host tables in its database.
t.test('the test host passes the host conformance kit', async t => {
  const host = createTestHost()
  const app = await startWiki(t, {
    siteId: 'kitwiki', roles: ['repo', 'client'], database: await freshDatabase(t, 'kittesthost'), schema: { data: 'kitwiki', queue: 'kitwiki_jobs' },
    host, worker: { pollInterval: 100 }
  })
  host.attach(app)
  // The wiki's own site, for its sitelinks (registered by hand until the plugin does it at start).
  await addSites(wikibaseInternals(app).self, ['kitwiki'])
  const page = async (title: string): Promise<ReturnType<typeof toPageRecord> & { text: string | null }> => {
    const row = await host.tables.findPage(host.tables.pool, parseTitleText(title))
    if (row === null) throw new Error(`no page ${title}`)
    return { ...toPageRecord(row), text: row.page_text }
  }
  await conformanceSubtests(t, {
    app,
    adapter: {
      savePage: async (title, wikitext) => (await host.save(title, wikitext)).page,
      deletePage: async title => { await host.delete(title) },
      movePage: async (from, to) => { await host.move(from, to) },
      // This host renders on read: the page's text parsed now.
      renderedHtml: async title => { const p = await page(title); return (await host.parse(p, p.text ?? '')).text },
      recentChanges: async () => (await host.recentChanges()).map(r => ({ ...r, rc_timestamp: new Date(r.rc_timestamp) }))
    }
    // The test host purges page by page (purgeWebCache): tests count those jobs.
  }, ['purgeCacheTags (optional)'])
})
