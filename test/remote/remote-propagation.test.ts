import t from 'tap'
import { eventually } from '../support/test-database.js'
import { changeIdsOf, clientPage, handledChangeIds, injectedRows, REMOTE_SITE, remoteSubscriptions, startRemotePair } from '../support/remote-processes.js'
import { remotePaths, type SubscriptionListBody } from '../../plugin/remote/remote-wire.js'
import { repoEditor } from '../support/remote-http.js'

/**
 * Issue 19 acceptance, propagation: a repo and a remote client (remotewiki of the example) in
 * two processes with two databases, connected only over HTTP. The client's seeded pages use
 * Q84's English label (`London label`), Q64's country and Q183's English label (`Berlin`),
 * none of them through a sitelink: the client reaches the repo's subscriptions endpoint with
 * its token, and an edit reaches its pages and recentchanges by the farm's rules.
 */
const until = async (what: () => Promise<boolean>): Promise<void> => { await eventually(async () => (await what()) ? true : undefined, 60_000) }

t.test('remote client: subscriptions over HTTP, an edit reaches its page and recentchanges, an unused aspect does not, a run coalesces', async t => {
  const pair = await startRemotePair(t, 'rprop')
  const { repo, client } = pair
  const editor = repoEditor(repo.url)

  const used = ['Q183', 'Q64', 'Q84']
  await until(async () => { const held = await remoteSubscriptions(repo); return used.every(id => held.includes(id)) })
  t.same((await remoteSubscriptions(repo)).filter(id => used.includes(id)), used, 'the repo holds the remote client\'s subscriptions to the items its pages use')
  const listed = await fetch(`${repo.url.replace(/\/$/, '')}${remotePaths.subscriptions(REMOTE_SITE)}`, { headers: { authorization: `Bearer ${pair.token}` } })
  t.equal(listed.status, 200, 'the client may read its subscriptions with its token')
  const body = await listed.json() as SubscriptionListBody
  t.same([body.subscriptions.filter(id => used.includes(id)).sort(), body.next], [used, null], '…the same rows, in one page')
  t.same(await injectedRows(client), [], 'no repo change injected before any edit')

  await t.test('an edit to an aspect a page uses: the page shows it, one recentchanges row', async t => {
    const revision = await editor.setLabel('Q84', 'en', 'London (remote edit)')
    await until(async () => (await injectedRows(client)).some(row => row.revision === revision))
    t.same((await injectedRows(client)).filter(row => row.revision === revision), [{ entity: 'Q84', revision, title: 'London_label' }],
      'one row, on the page that uses Q84\'s English label')
    await until(async () => (await clientPage(client, 'London label')).includes('London (remote edit)'))
    t.pass('the page renders the new label')
  })

  await t.test('an edit to an aspect no page uses (a German description): no row, no refresh', async t => {
    const page = async (): Promise<{ touched: number, pending: number }> => (await client.pool.query(
      `SELECT p.page_touched AS touched, (SELECT count(*)::int FROM public.wbc_pending_refresh r WHERE r.pr_namespace = 0 AND r.pr_title = p.page_title) AS pending
         FROM wiki.page p WHERE p.page_namespace = 0 AND p.page_title = 'London_label'`)).rows.map(r => ({ touched: r.touched.getTime() as number, pending: r.pending as number }))[0]!
    // The previous edit's refresh is done (no refresh pending for the page): its state now.
    await until(async () => (await page()).pending === 0)
    const before = await page()
    const unused = await editor.setDescription('Q84', 'de', 'Hauptstadt (nur auf dem Repo)')
    const changeId = (await changeIdsOf(repo, [unused])).get(unused)
    t.ok(changeId !== undefined, 'the description edit is a change for the client (it subscribes to Q84)')
    // Handled in the inbox drain's transaction, with the page updates it queues.
    await until(async () => (await handledChangeIds(client)).includes(changeId!))
    t.same((await injectedRows(client)).filter(row => row.revision === unused), [], 'handled, and no recentchanges row')
    t.same(await page(), before, 'the page is neither refreshed nor queued for a refresh')
    // The filter is the aspect's, not the item's: a label edit of the same item gets its row.
    const used = await editor.setLabel('Q84', 'en', 'London (after the description)')
    await until(async () => (await injectedRows(client)).some(row => row.revision === used))
    t.same((await injectedRows(client)).filter(row => row.revision === used).map(row => row.title), ['London_label'], 'the label edit has one')
  })

  await t.test('a run of one user\'s edits to one item while the client is away: one coalesced row', async t => {
    await client.kill()
    const revisions: number[] = []
    for (const value of ['London (run 1)', 'London (run 2)', 'London (run 3)']) revisions.push(await editor.setLabel('Q84', 'en', value))
    await client.start()
    await until(async () => (await injectedRows(client)).some(row => revisions.includes(row.revision)))
    await until(async () => (await clientPage(client, 'London label')).includes('London (run 3)'))
    t.same((await injectedRows(client)).filter(row => revisions.includes(row.revision)), [{ entity: 'Q84', revision: revisions[2]!, title: 'London_label' }],
      'the three changes arrive together after the outage and are merged into one row of the last revision, as for a farm client')
  })
})
