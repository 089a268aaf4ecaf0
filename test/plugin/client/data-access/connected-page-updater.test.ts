import t from 'tap'
import { languageLinksOf, type SiteSource } from '../../../../plugin/client/data-access/connected-page-updater.js'
import { newSite, SITE_TYPE_MEDIAWIKI, type Site } from '../../../../plugin/sites/site.js'
import type { SiteGlobalId } from '../../../../hooks/ids.js'

const wiki = (globalId: string, language: string, pagePath: string): Site => newSite({
  globalId: globalId as SiteGlobalId, type: SITE_TYPE_MEDIAWIKI, group: 'wikipedia', language, data: { paths: { page_path: pagePath } }
})

/** A sites table as read, bad rows included (written around the validator, or before it checked schemes). */
const table = (sites: Site[]): SiteSource => ({ getSite: async id => sites.find(site => site.globalId === id) ?? null })

t.test('issue 13.4: language links only to http(s) or protocol-relative URLs, whatever row the sites table holds', async t => {
  const sites = table([
    wiki('enwiki', 'en', 'https://en.wikipedia.org/wiki/$1'),
    wiki('dewiki', 'de', 'https://de.wikipedia.org/wiki/$1'),
    wiki('frwiki', 'fr', '//fr.wikipedia.org/wiki/$1'),
    wiki('xxwiki', 'xx', 'javascript://%0Aalert(document.domain)//$1'),
    wiki('yywiki', 'yy', 'JAVASCRIPT:alert(1)//$1'),
    wiki('zzwiki', 'zz', 'data:text/html,<script>alert(1)</script>$1')
  ])
  const sitelinks = Object.fromEntries(['enwiki', 'dewiki', 'frwiki', 'xxwiki', 'yywiki', 'zzwiki'].map(id => [id, { site: id, title: 'Berlin$&', badges: [] }]))
  t.same(await languageLinksOf(sitelinks, 'enwiki', sites), [
    { siteId: 'dewiki', title: 'Berlin$&', url: 'https://de.wikipedia.org/wiki/Berlin$%26', language: 'de' },
    { siteId: 'frwiki', title: 'Berlin$&', url: '//fr.wikipedia.org/wiki/Berlin$%26', language: 'fr' }
  ], 'the bad rows give no link; $& in the title stays as it is')
})
