import t from 'tap'
import { clientApiPageInfoLookup, pageInfoFromQuery } from '../../../../plugin/repo/normalization/site-page-info-lookup.js'
import { newMediaWikiSite } from '../../../../plugin/sites/mediawiki-site-input.js'

t.test('page records of a formatversion=2 query answer', async t => {
  const answer = {
    query: {
      normalized: [{ from: 'old_name', to: 'Old name' }, { from: 'x', to: 'X' }],
      redirects: [{ from: 'Old name', to: 'New name' }],
      pages: [{ title: 'New name', pageid: 3 }, { title: 'X', missing: true }, { title: 'Here', pageid: 4 }]
    }
  }
  t.same([...pageInfoFromQuery(answer, ['old_name', 'x', 'Here', 'Unasked'])], [
    ['old_name', { exists: true, redirectTarget: 'New name' }],
    ['x', { exists: false, redirectTarget: null }],
    ['Here', { exists: true, redirectTarget: null }]
  ])
  for (const bad of [null, 'text', {}, { query: null }, { query: { pages: 'x' } }]) t.same(pageInfoFromQuery(bad, ['A']).size, 0, JSON.stringify(bad))
})

t.test('the client API lookup: URL, and no answer when the client cannot be asked', async t => {
  const urls: string[] = []
  const ok = clientApiPageInfoLookup({
    fetch: async url => {
      urls.push(String(url))
      return new Response(JSON.stringify({ query: { pages: [{ title: 'A b' }] } }))
    }
  })
  const site = newMediaWikiSite({ globalId: 'enwiki', filePath: '//en.example/w/$1' })
  t.same([...await ok(site, ['A b'])], [['A b', { exists: true, redirectTarget: null }]])
  t.same(urls, ['https://en.example/w/api.php?action=query&titles=A+b&redirects=1&format=json&formatversion=2'])
  t.same((await ok(newMediaWikiSite({ globalId: 'dewiki' }), ['A'])).size, 0, 'no file path: not asked')
  const failing = clientApiPageInfoLookup({ fetch: async () => { throw new Error('offline') } })
  t.same((await failing(site, ['A'])).size, 0, 'offline')
  const huge = clientApiPageInfoLookup({ maxBytes: 10, fetch: async () => new Response(JSON.stringify({ query: { pages: [{ title: 'A' }] } })) })
  t.same((await huge(site, ['A'])).size, 0, 'an answer over the byte bound is dropped')
  const status = clientApiPageInfoLookup({ fetch: async () => new Response('{}', { status: 500 }) })
  t.same((await status(site, ['A'])).size, 0, 'an HTTP error')
})
