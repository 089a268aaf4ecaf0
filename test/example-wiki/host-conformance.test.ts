import t from 'tap'
import { freshDatabase } from '../support/test-database.js'
import { addSites } from '../support/repo-test-wiki.js'
import { conformanceSubtests } from '../support/conformance-subtests.js'
import type { HostUser } from '../../hooks/contract.js'
import { buildWikiApp } from '../../example-wiki/wiki-app.js'
import { toPageRecord } from '../../example-wiki/engine/page-store.js'
import { parseTitle } from '../../example-wiki/engine/titles.js'
import { deletePage, movePage, savePage, viewPage } from '../../example-wiki/engine/wiki-engine.js'
import { TOKEN_HEADER, USER_HEADER, USER_TOKEN } from '../../example-wiki/web/plugin-api.js'
import { wikibaseInternals } from '../../plugin/facade.js'

const user: HostUser = { id: 3, name: 'Conformance', anonymous: false, bot: false }

// The conformance kit (fastify-wikibase/testing) against the example engine: one wiki that is
// repo and client, built as the farm builds each wiki (example-wiki/wiki-app.ts).
t.test('the example engine passes the host conformance kit', async t => {
  const { app, wiki } = await buildWikiApp({
    siteId: 'kitwiki', language: 'en', roles: ['repo', 'client'], database: await freshDatabase(t, 'kitexample'), repoId: 'kitwiki',
    farm: () => [], logger: false, pollInterval: 100
  })
  t.teardown(async () => { await app.close() })
  await app.ready()
  // The wiki's own site, for its sitelinks (registered by hand until the plugin does it at start).
  await addSites(wikibaseInternals(app).self, ['kitwiki'])
  await conformanceSubtests(t, {
    app,
    adapter: {
      savePage: async (title, text) => toPageRecord((await savePage(wiki, { title: parseTitle(title), text, comment: 'conformance', user })).page),
      deletePage: async title => { await deletePage(wiki, parseTitle(title), user, 'conformance') },
      movePage: async (from, to) => { await movePage(wiki, parseTitle(from), parseTitle(to), user, 'conformance', { leaveRedirect: false }) },
      renderedHtml: async title => (await viewPage(wiki, parseTitle(title)))?.rendered.html ?? '',
      recentChanges: async () => (await wiki.db.pool.query(
        'SELECT rc_id, rc_timestamp, rc_namespace, rc_title, rc_comment, rc_source FROM wiki.recentchanges ORDER BY rc_id')).rows,
      restHeaders: { [USER_HEADER]: JSON.stringify(user), [TOKEN_HEADER]: USER_TOKEN }
    }
  })
})
