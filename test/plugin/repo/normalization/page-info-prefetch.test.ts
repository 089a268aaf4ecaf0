import t from 'tap'
import { withPrefetchedPageInfo } from '../../../../plugin/repo/normalization/page-info-prefetch.js'
import type { SitePageInfo, SitePageInfoLookup } from '../../../../plugin/repo/normalization/site-page-info-lookup.js'
import { newSite } from '../../../../plugin/sites/site.js'
import type { SiteGlobalId } from '../../../../hooks/ids.js'

const site = newSite({ globalId: 'enwiki' as SiteGlobalId, type: 'mediawiki' })
const PAGE: SitePageInfo = { exists: true, redirectTarget: null }

/** A client that answers every title but `Silent`, counting what it is asked and whether a "transaction" is open. */
function fakeClient (): { fetch: SitePageInfoLookup, asked: string[][], inTransaction: { open: boolean }, whileOpen: number } {
  const state = { asked: [] as string[][], inTransaction: { open: false }, whileOpen: 0, fetch: undefined as unknown as SitePageInfoLookup }
  state.fetch = async (_site, titles) => {
    state.asked.push([...titles])
    if (state.inTransaction.open) state.whileOpen++
    return new Map(titles.filter(title => title !== 'Silent').map(title => [title, PAGE]))
  }
  return state
}

t.test('lookups happen before the transaction; a run that needs more is retried after fetching them', async t => {
  const client = fakeClient()
  const wanted = [['A', 'B'], ['A', 'B']]
  let runs = 0
  const answers = await withPrefetchedPageInfo(client.fetch, async lookup => await lookup(site, ['A']), async lookup => {
    client.inTransaction.open = true
    try {
      // The entity changed after the prepare step: the first run needs B too.
      return await lookup!(site, wanted[runs++]!)
    } finally {
      client.inTransaction.open = false
    }
  })
  t.same([...answers.keys()], ['A', 'B'])
  t.same(client.asked, [['A'], ['B']], 'each title asked once, A before the first run, B between runs')
  t.equal(runs, 2)
  t.equal(client.whileOpen, 0, 'never asked while a run was open')
})

t.test('unanswered titles stay unanswered (left out), asked once; the last run does not retry', async t => {
  const client = fakeClient()
  let runs = 0
  const answers = await withPrefetchedPageInfo(client.fetch, async () => {}, async lookup => { runs++; return await lookup!(site, [`T${runs}`, 'Silent']) }, 2)
  t.same([...answers.keys()], [], 'the last run answers only what was fetched: T2 and Silent were not')
  t.same(client.asked, [['T1', 'Silent']])
  t.equal(runs, 2)
  const again = fakeClient()
  const silent = await withPrefetchedPageInfo(again.fetch, async lookup => await lookup(site, ['Silent']), async lookup => await lookup!(site, ['Silent']))
  t.same([...silent.keys()], [], 'a title the client did not answer is not asked again')
  t.same(again.asked, [['Silent']])
})

t.test('without a lookup the run gets none; errors of the prepare step are left to the run', async t => {
  t.equal(await withPrefetchedPageInfo(undefined, async () => { throw new Error('not called') }, async lookup => lookup), undefined)
  const client = fakeClient()
  t.equal(await withPrefetchedPageInfo(client.fetch, async () => { throw new Error('bad edit') }, async () => 'ran'), 'ran')
  await t.rejects(withPrefetchedPageInfo(client.fetch, async () => {}, async () => { throw new Error('refused') }), { message: 'refused' })
})
