import t from 'tap'
import { otherProjectsSidebar } from '../../../../plugin/client/sidebar/other-projects-sidebar-generator.js'
import { otherProjectsSiteIds } from '../../../../plugin/client/sidebar/other-projects-sites-generator.js'
import { newSite, SITE_TYPE_MEDIAWIKI, type Site } from '../../../../plugin/sites/site.js'
import type { SiteGlobalId } from '../../../../hooks/ids.js'

const site = (globalId: string, group: string, language: string, pagePath = `https://${globalId}.example/wiki/$1`): Site => newSite({
  globalId: globalId as SiteGlobalId, type: SITE_TYPE_MEDIAWIKI, group, language, data: { paths: { page_path: pagePath } }
})
const SITES = [
  site('enwiki', 'wikipedia', 'en'), site('dewiki', 'wikipedia', 'de'),
  site('commonswiki', 'commons', 'en'),
  site('enwikivoyage', 'wikivoyage', 'en'), site('dewikivoyage', 'wikivoyage', 'de'),
  site('frwikiquote', 'wikiquote', 'fr'), site('frwikiquote2', 'wikiquote', 'fr'),
  site('wikidatawiki', 'wikidata', 'en'), site('badwiki', 'bad', 'en', 'javascript:alert(1)//$1')
]
const siteOf = async (id: string): Promise<Site | null> => SITES.find(s => s.globalId === id) ?? null
const badgesOf = async (badges: readonly string[]) => badges.length === 0 ? { class: '', label: '' } : { class: badges.map(b => `badge-${b}`).join(' '), label: 'Featured' }

t.test('default other-projects sites as OtherProjectsSitesGenerator: one per other group, the only site or the one in our language', async t => {
  t.same(otherProjectsSiteIds('enwiki', SITES), ['badwiki', 'commonswiki', 'wikidatawiki', 'enwikivoyage'])
  t.same(otherProjectsSiteIds('dewiki', SITES), ['badwiki', 'commonswiki', 'wikidatawiki', 'dewikivoyage'])
  t.same(otherProjectsSiteIds('nowiki', SITES), [], 'this wiki not in the sites table: none')
})

t.test('sidebar links: only listed sites, sorted by group then site id, badges applied, bad URLs left out', async t => {
  const sitelinks = {
    enwiki: { site: 'enwiki', title: 'Berlin', badges: [] },
    enwikivoyage: { site: 'enwikivoyage', title: 'Berlin', badges: ['Q17559452'] },
    dewikivoyage: { site: 'dewikivoyage', title: 'Berlin', badges: [] },
    commonswiki: { site: 'commonswiki', title: 'Category:Berlin', badges: [] },
    badwiki: { site: 'badwiki', title: 'X', badges: [] },
    unknownwiki: { site: 'unknownwiki', title: 'X', badges: [] }
  }
  t.same(await otherProjectsSidebar(sitelinks, ['enwikivoyage', 'commonswiki', 'badwiki', 'unknownwiki', 'wikidatawiki'], siteOf, badgesOf), [
    { siteId: 'commonswiki', group: 'commons', msg: 'wikibase-otherprojects-commons', class: 'wb-otherproject-link wb-otherproject-commons', href: 'https://commonswiki.example/wiki/Category:Berlin', title: 'Category:Berlin', hreflang: 'en' },
    {
      siteId: 'enwikivoyage', group: 'wikivoyage', msg: 'wikibase-otherprojects-wikivoyage', class: 'wb-otherproject-link wb-otherproject-wikivoyage badge-Q17559452',
      href: 'https://enwikivoyage.example/wiki/Berlin', title: 'Berlin', hreflang: 'en', itemTitle: 'Featured'
    }
  ])
  t.same(await otherProjectsSidebar(sitelinks, [], siteOf, badgesOf), [], 'no sites to output: no links')
})
