import t from 'tap'
import { groupSitelinks, guessSite } from '../../../example-wiki/web/sitelink-groups.js'

t.test('a site the sites table lacks is placed by its global id', async t => {
  const cases: Array<[string, { group: string, language: string }]> = [
    ['enwiki', { group: 'wikipedia', language: 'en' }],
    ['zh_min_nanwiki', { group: 'wikipedia', language: 'zh-min-nan' }],
    ['be_x_oldwiki', { group: 'wikipedia', language: 'be-x-old' }],
    ['dewikivoyage', { group: 'wikivoyage', language: 'de' }],
    ['enwikiquote', { group: 'wikiquote', language: 'en' }],
    ['frwiktionary', { group: 'wiktionary', language: 'fr' }],
    ['dewikisource', { group: 'wikisource', language: 'de' }],
    ['commonswiki', { group: 'special', language: 'en' }],
    ['specieswiki', { group: 'special', language: 'en' }],
    ['wikidatawiki', { group: 'special', language: 'en' }],
    ['nonsense', { group: 'special', language: '' }]
  ]
  for (const [site, expected] of cases) t.same(guessSite(site), expected, site)
})

t.test('groups in siteLinkGroups order, sites sorted, known sites linked, badges by label', async t => {
  const known = new Map([['enwiki', { group: 'wikipedia', language: 'en', pageUrl: (title: string) => `http://en.local/wiki/${title}` }]])
  const groups = groupSitelinks({
    commonswiki: { title: 'Category:Berlin', badges: [] },
    enwikivoyage: { title: 'Berlin', badges: ['Q17559452'] },
    enwiki: { title: 'Berlin', badges: ['Q17437798', 'Q99'] },
    dewiki: { title: 'Berlin', badges: [] },
    dewikinews: { title: 'Kategorie:Berlin', badges: [] }
  }, known, id => ({ Q17437798: 'good article', Q17559452: 'recommended article' } as Record<string, string>)[id] ?? id)
  t.same(groups.map(g => [g.heading, g.links.map(l => l.siteId)]), [
    ['Wikipedia', ['dewiki', 'enwiki']],
    ['Wikinews', ['dewikinews']],
    ['Wikivoyage', ['enwikivoyage']],
    ['Other sites', ['commonswiki']]
  ])
  const en = groups[0]!.links[1]!
  t.same(en, { siteId: 'enwiki', language: 'en', languageName: 'English', title: 'Berlin', url: 'http://en.local/wiki/Berlin', badges: [{ id: 'Q17437798', label: 'good article' }, { id: 'Q99', label: 'Q99' }] })
  t.equal(groups[0]!.links[0]!.url, null, 'a site the sites table lacks has no link')
  t.equal(groups[0]!.links[0]!.languageName, 'Deutsch')
  t.same(groupSitelinks({}, known, id => id), [])
})

t.test('a known site of a group outside siteLinkGroups (commons in the sites table) is shown under "Other sites"', async t => {
  const known = new Map([['commonswiki', { group: 'commons', language: 'en', pageUrl: (title: string) => `https://commons.local/wiki/${title}` }]])
  const groups = groupSitelinks({ commonswiki: { title: 'Berlin', badges: [] }, metawiki: { title: 'Berlin', badges: [] } }, known, id => id)
  t.same(groups.map(g => [g.heading, g.links.map(l => [l.siteId, l.url])]), [['Other sites', [['commonswiki', 'https://commons.local/wiki/Berlin'], ['metawiki', null]]]])
})
