import t from 'tap'
import { reverseDomain, siteDomain, siteProtocol, unreverseDomain } from '../../../plugin/sites/site-domain.js'
import { setLinkPath } from '../../../plugin/sites/site-paths.js'
import { siteToRow } from '../../../plugin/sites/site-row.js'
import { newSite, SITE_TYPE_MEDIAWIKI } from '../../../plugin/sites/site.js'
import type { SiteGlobalId } from '../../../hooks/ids.js'

const generic = (path: string) => setLinkPath(newSite({ globalId: 'acme' as SiteGlobalId }), path)

t.test('§7.20 protocol and domain of the link path', async t => {
  const cases: Array<[string, string, string | null]> = [
    ['//acme.com/', '', 'acme.com'],
    ['https://en.wikipedia.org/wiki/$1', 'https', 'en.wikipedia.org'],
    ['http://user@acme.test:8080/x/$1', 'http', 'acme.test'],
    ['TestPath/$1', '', null]
  ]
  for (const [path, protocol, domain] of cases) {
    t.equal(siteProtocol(generic(path)), protocol, `protocol of ${path}`)
    t.equal(siteDomain(generic(path)), domain, `domain of ${path}`)
  }
  t.equal(siteDomain(newSite({ globalId: 'x' as SiteGlobalId })), null, 'no link path → null')
})

t.test('§7.20 domain reversal as stored', async t => {
  t.equal(reverseDomain('en.wikipedia.org'), 'gro.aidepikiw.ne.')
  t.equal(reverseDomain(null), '.')
  t.equal(unreverseDomain('gro.aidepikiw.ne.'), 'en.wikipedia.org')
  t.equal(unreverseDomain('.'), null)
  const row = siteToRow(setLinkPath(newSite({ globalId: 'enwiki' as SiteGlobalId, type: SITE_TYPE_MEDIAWIKI }), 'https://en.wikipedia.org/wiki/$1'))
  t.equal(row.site_domain, 'gro.aidepikiw.ne.')
  t.equal(row.site_protocol, 'https')
})
