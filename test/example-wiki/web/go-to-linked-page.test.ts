import t from 'tap'
import { fileURLToPath } from 'node:url'
import { eventually, freshDatabase } from '../../support/test-database.js'
import { buildWikiApp } from '../../../example-wiki/wiki-app.js'
import { importEntities } from '../../../cli/entities-command.js'
import { newMediaWikiSite } from '../../../plugin/sites/mediawiki-site-input.js'
import { importSites } from '../../../plugin/sites/site-store.js'
import { wikibaseInternals } from '../../../plugin/facade.js'

const ENTITIES = fileURLToPath(new URL('../../../example-wiki/seed/entities/', import.meta.url))

t.test('Special:GoToLinkedPage: to the sitelinked page through the sites table; what is wrong, said', async t => {
  const database = await freshDatabase(t, 'gotolinked')
  const repo = await buildWikiApp({ siteId: 'repowiki', language: 'en', roles: ['repo', 'client'], database, clients: [], repoId: 'repowiki', farm: () => [], logger: false })
  t.teardown(async () => { await repo.app.close() })
  t.same((await importEntities(wikibaseInternals(repo.app).self, `${ENTITIES}Q64.json`, { checkSites: false })).failed, [])
  await importSites(wikibaseInternals(repo.app).self, [newMediaWikiSite({ globalId: 'enwiki', group: 'wikipedia', language: 'en', pagePath: 'http://en.example:9/wiki/$1', filePath: '', interwikiIds: ['en'], navigationIds: ['en'] })])
  await eventually(async () => (await repo.app.inject({ url: '/wiki/Special:GoToLinkedPage/enwiki/Q64' })).statusCode === 302 ? true : undefined)
  const get = async (url: string): Promise<{ status: number, location?: string, body: string }> => {
    const reply = await repo.app.inject({ url })
    return { status: reply.statusCode, location: reply.headers.location as string | undefined, body: reply.body }
  }
  const cases: Array<[string, number, string]> = [
    ['/wiki/Special:GoToLinkedPage/enwiki/Q64', 302, 'http://en.example:9/wiki/Berlin'],
    ['/wiki/Special:GoToLinkedPage?site=enwiki&itemid=q64', 302, 'http://en.example:9/wiki/Berlin'],
    ['/wiki/Special:GoToLinkedPage/dewiki/Q64', 404, 'The site “dewiki” is not in this wiki&#39;s sites table.'],
    ['/wiki/Special:GoToLinkedPage/xxwiki/Q64', 404, 'The repo does not know the site “xxwiki”.'],
    ['/wiki/Special:GoToLinkedPage/enwiki/Q5', 404, 'Q5 has no sitelink to “enwiki”, or there is no item Q5.'],
    ['/wiki/Special:GoToLinkedPage/enwiki/P17', 400, '“P17” is not an item id.'],
    ['/wiki/Special:GoToLinkedPage?site=enwiki&itemid=%22%3E%3Cscript%3E', 400, '“&quot;&gt;&lt;SCRIPT&gt;” is not an item id.'],
    ['/wiki/Special:GoToLinkedPage', 200, 'name="itemid"']
  ]
  for (const [url, status, expected] of cases) {
    const reply = await get(url)
    t.equal(reply.status, status, url)
    if (status === 302) t.equal(reply.location, expected, url)
    else t.ok(reply.body.includes(expected), `${url}: ${expected}`)
    t.notOk(reply.body.includes('<SCRIPT>'), `${url}: nothing unescaped`)
  }
})
