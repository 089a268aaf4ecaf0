import t from 'tap'
import { withLanguagePrefixes } from '../../../plugin/sites/site-language-prefixes.js'
import { newSite, type Site } from '../../../plugin/sites/site.js'
import type { SiteGlobalId } from '../../../hooks/ids.js'

const site = (globalId: string, group: string, language: string, fields: Partial<Site> = {}): Site =>
  newSite({ globalId: globalId as SiteGlobalId, group, language, ...fields })

t.test('sites of the importing wiki\'s group get their language code as interwiki and navigation id', async t => {
  const sites = [
    site('dewiki', 'wikipedia', 'de'),
    site('be_x_oldwiki', 'wikipedia', 'be-x-old', { interwikiIds: ['be-tarask'] }),
    site('enwiki', 'wikipedia', 'en', { navigationIds: ['en'] }),
    site('nolangwiki', 'wikipedia', ''),
    site('dewiktionary', 'wiktionary', 'de')
  ]
  t.strictSame(withLanguagePrefixes(sites, 'wikipedia'), [
    site('dewiki', 'wikipedia', 'de', { interwikiIds: ['de'], navigationIds: ['de'] }),
    site('be_x_oldwiki', 'wikipedia', 'be-x-old', { interwikiIds: ['be-tarask', 'be-x-old'], navigationIds: ['be-x-old'] }),
    site('enwiki', 'wikipedia', 'en', { interwikiIds: ['en'], navigationIds: ['en'] }),
    site('nolangwiki', 'wikipedia', ''),
    site('dewiktionary', 'wiktionary', 'de')
  ], 'ids it had are kept; no language, or another group: unchanged')
  t.strictSame(withLanguagePrefixes(sites, undefined), sites, 'no group: no prefixes added')
})
