import t from 'tap'
import { hostFirstPageInfoLookup } from '../../../../plugin/repo/normalization/host-page-info-lookup.js'
import type { SitePageInfo, SitePageInfoLookup } from '../../../../plugin/repo/normalization/site-page-info-lookup.js'
import { newMediaWikiSite } from '../../../../plugin/sites/mediawiki-site-input.js'
import type { HostServices } from '../../../../hooks/contract.js'

/** The host's `sitePageInfo` answers first; a site it does not serve goes to the HTTP lookup. */

const enwiki = newMediaWikiSite({ globalId: 'enwiki', group: 'wikipedia', pagePath: 'https://en.example/wiki/$1', filePath: 'https://en.example/w/$1' })
const dewiki = newMediaWikiSite({ globalId: 'dewiki', group: 'wikipedia', pagePath: 'https://de.example/wiki/$1', filePath: 'https://de.example/w/$1' })

function recordingHttp (): { lookup: SitePageInfoLookup, asked: Array<[string, readonly string[]]> } {
  const asked: Array<[string, readonly string[]]> = []
  return {
    asked,
    lookup: async (site, titles) => {
      asked.push([site.globalId, titles])
      return new Map(titles.map(title => [title, { exists: true, redirectTarget: 'From HTTP' }]))
    }
  }
}

const servesEnwiki: NonNullable<HostServices['sitePageInfo']> = async (siteId, titles) => siteId !== 'enwiki'
  ? undefined
  : new Map(titles.map(title => [title, title === 'Londinium' ? { exists: true, redirectTarget: 'London' } : { exists: title === 'London', redirectTarget: null }]))

t.test('the host answers for a site it serves; the HTTP lookup is not asked', async t => {
  const http = recordingHttp()
  const lookup = hostFirstPageInfoLookup(servesEnwiki, http.lookup)!
  t.same([...(await lookup(enwiki, ['London', 'Londinium', 'Nowhere'])).entries()], [
    ['London', { exists: true, redirectTarget: null }],
    ['Londinium', { exists: true, redirectTarget: 'London' }],
    ['Nowhere', { exists: false, redirectTarget: null }]
  ])
  t.same(http.asked, [])
})

t.test('a site the host does not serve (undefined) is asked over HTTP', async t => {
  const http = recordingHttp()
  const lookup = hostFirstPageInfoLookup(servesEnwiki, http.lookup)!
  t.same([...(await lookup(dewiki, ['Berlin'])).entries()], [['Berlin', { exists: true, redirectTarget: 'From HTTP' }]])
  t.same(http.asked, [['dewiki', ['Berlin']]])
})

t.test('a host service that throws counts as not serving the site', async t => {
  const http = recordingHttp()
  const lookup = hostFirstPageInfoLookup(async () => { throw new Error('database down') }, http.lookup)!
  t.same([...(await lookup(enwiki, ['London'])).keys()], ['London'])
  t.same(http.asked, [['enwiki', ['London']]])
})

t.test('without a host service the HTTP lookup is used as it is; without either there is none', async t => {
  const http = recordingHttp()
  t.equal(hostFirstPageInfoLookup(undefined, http.lookup), http.lookup)
  t.equal(hostFirstPageInfoLookup(undefined, undefined), undefined)
})

t.test('a host answer keeps only well-formed entries for the titles asked (others: unanswered)', async t => {
  const odd = new Map<string, unknown>([
    ['London', { exists: true, redirectTarget: null }],
    ['Extra', { exists: true, redirectTarget: null }],
    ['Broken', { exists: 'yes' }],
    ['Null', null],
    ['Empty target', { exists: true, redirectTarget: '' }]
  ]) as Map<string, SitePageInfo>
  const lookup = hostFirstPageInfoLookup(async () => odd, undefined)!
  t.same([...(await lookup(enwiki, ['London', 'Broken', 'Null', 'Empty target', 'Unasked'])).entries()], [
    ['London', { exists: true, redirectTarget: null }],
    ['Empty target', { exists: true, redirectTarget: null }]
  ])
  const notAMap = hostFirstPageInfoLookup(async () => ({}) as unknown as Map<string, SitePageInfo>, undefined)!
  t.same([...(await notAMap(enwiki, ['London'])).entries()], [])
})
