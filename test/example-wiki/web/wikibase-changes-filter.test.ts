import t from 'tap'
import { requestBool, showWikibaseOptionName, wikibaseChangesFilter, type WikibaseChangesFilterInput } from '../../../example-wiki/web/wikibase-changes-filter.js'

const base: WikibaseChangesFilterInput = { isClient: true, showExternalRecentChanges: true, page: 'RecentChanges', query: {}, showOption: '0' }

t.test('the repo-changes filter, as ChangesListSpecialPageHookHandler decides it', async t => {
  const cases: Array<[string, Partial<WikibaseChangesFilterInput>, { offered: boolean, hide: boolean }]> = [
    ['default: hidden (rcshowwikidata is off by default)', {}, { offered: true, hide: true }],
    ['the preference on: shown', { showOption: '1' }, { offered: true, hide: false }],
    ['the URL shows them over the preference', { query: { hidewikidata: '0' } }, { offered: true, hide: false }],
    ['the URL hides them over the preference', { query: { hidewikidata: '1' }, showOption: '1' }, { offered: true, hide: true }],
    ['hideWikibase (the filter\'s current name)', { query: { hideWikibase: '0' } }, { offered: true, hide: false }],
    ['an empty value is false (WebRequest::getBool)', { query: { hidewikidata: '' } }, { offered: true, hide: false }],
    ['any other value is true', { query: { hidewikidata: 'yes' }, showOption: '1' }, { offered: true, hide: true }],
    ['a repeated parameter: the first', { query: { hidewikidata: ['0', '1'] } }, { offered: true, hide: false }],
    ['showExternalRecentChanges off: always hidden, no toggle', { showExternalRecentChanges: false, showOption: '1', query: { hidewikidata: '0' } }, { offered: false, hide: true }],
    ['not a client: nothing to filter', { isClient: false, query: { hidewikidata: '1' } }, { offered: false, hide: false }],
    ['Watchlist: same rules with its option', { page: 'Watchlist', showOption: '1' }, { offered: true, hide: false }]
  ]
  for (const [name, input, expected] of cases) t.same(wikibaseChangesFilter({ ...base, ...input }), expected, name)
})

t.test('the option of each page and PHP truthiness', async t => {
  t.equal(showWikibaseOptionName('RecentChanges'), 'rcshowwikidata')
  t.equal(showWikibaseOptionName('Watchlist'), 'wlshowwikibase')
  t.same(['', '0', '1', 'false', 'true'].map(requestBool), [false, false, true, true, true])
})
