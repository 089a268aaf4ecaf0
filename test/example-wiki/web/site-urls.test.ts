import t from 'tap'
import { pageUrlOf } from '../../../example-wiki/web/site-urls.js'
import { pageUrl } from '../../../plugin/sites/site-page-url.js'
import { newMediaWikiSite } from '../../../plugin/sites/mediawiki-site-input.js'

t.test('the example UI builds sitelink URLs as the plugin does, and none from a path the policy refuses', async t => {
  const cases: Array<[string, string, string | null]> = [
    ['https://de.wikipedia.org/wiki/$1', 'Berlin', 'https://de.wikipedia.org/wiki/Berlin'],
    ['https://de.wikipedia.org/wiki/$1', ' Côte d\'Ivoire ', 'https://de.wikipedia.org/wiki/C%C3%B4te_d%27Ivoire'],
    ['https://de.wikipedia.org/wiki/$1', 'A$$B$&C$\'D', 'https://de.wikipedia.org/wiki/A$$B$%26C$%27D'],
    ['//fr.wikipedia.org/wiki/$1', 'Paris (ville)', '//fr.wikipedia.org/wiki/Paris_(ville)'],
    ['javascript://%0Aalert(document.domain)//$1', 'Berlin', null],
    ['data:text/html,$1', 'x', null],
    ['https://de.wikipedia.org/wiki/', 'Berlin', null]
  ]
  for (const [path, title, expected] of cases) {
    t.equal(pageUrlOf(path, title), expected, `${path} + ${title}`)
    if (expected !== null) {
      const site = newMediaWikiSite({ globalId: 'xwiki', group: 'wikipedia', language: 'de', pagePath: path, filePath: '', interwikiIds: [], navigationIds: [] })
      t.equal(pageUrl(site, title), expected, `the plugin agrees: ${title}`)
    }
  }
})
