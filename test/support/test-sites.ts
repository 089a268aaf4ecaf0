/**
 * MediaWiki core's TestSites fixture (tests/phpunit/includes/Site/TestSites.php, facts §7.20):
 * the sites MediaWiki's and Wikibase's site tests run against.
 */
import { siteRules } from '../../plugin/sites/site-rules.js'
import { PATH_FILE, PATH_LINK, PATH_PAGE } from '../../plugin/sites/site-paths.js'
import { newSite, SITE_TYPE_MEDIAWIKI, type Site } from '../../plugin/sites/site.js'
import type { SiteGlobalId } from '../../hooks/ids.js'

const id = (s: string): SiteGlobalId => s as SiteGlobalId

/** de, en, fa (right-to-left), nl, nn, no, sr, sv. */
export const TEST_SITE_LANGUAGES = ['de', 'en', 'fa', 'nl', 'nn', 'no', 'sr', 'sv'] as const

export function testSites (): Site[] {
  return [
    newSite({ globalId: id('foobar') }),
    newSite({
      globalId: id('enwiktionary'), type: SITE_TYPE_MEDIAWIKI, group: 'wiktionary', language: 'en',
      navigationIds: ['enwiktionary'],
      data: { paths: { [PATH_PAGE]: 'https://en.wiktionary.org/wiki/$1', [PATH_FILE]: 'https://en.wiktionary.org/w/$1' } }
    }),
    newSite({
      globalId: id('dewiktionary'), type: SITE_TYPE_MEDIAWIKI, group: 'wiktionary', language: 'de',
      interwikiIds: ['dewiktionary', 'wiktionaryde'],
      data: { paths: { [PATH_PAGE]: 'https://de.wiktionary.org/wiki/$1', [PATH_FILE]: 'https://de.wiktionary.org/w/$1' } }
    }),
    newSite({
      globalId: id('spam'), group: 'spam', language: 'en',
      navigationIds: ['spam', 'spamz'], interwikiIds: ['spamzz'],
      data: { paths: { [PATH_LINK]: 'http://spamzz.test/testing/' } }
    }),
    ...TEST_SITE_LANGUAGES.map(lang => newSite({
      globalId: id(`${lang}wiki`), type: SITE_TYPE_MEDIAWIKI, group: 'wikipedia', language: lang,
      interwikiIds: [lang], navigationIds: [lang],
      data: { paths: { [PATH_PAGE]: `https://${lang}.wikipedia.org/wiki/$1`, [PATH_FILE]: `https://${lang}.wikipedia.org/w/$1` } }
    }))
  ]
}

/** The fixture uses the group `spam` and a link path without `$1`; MediaWiki accepts both, the registry when told so. */
export const TEST_SITES_RULES = siteRules({ extraGroups: ['spam'], allowPathsWithoutPlaceholder: true })

/** A site as read back, without the internal id the registry gave it. */
export function withoutInternalId ({ internalId: _id, ...site }: Site): Site {
  return site
}
