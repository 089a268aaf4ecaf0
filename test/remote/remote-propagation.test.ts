import t from 'tap'
import { eventually } from '../support/test-database.js'
import { clientPage, injectedRows, REMOTE_SITE, remoteSubscriptions, startRemotePair } from '../support/remote-processes.js'
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

  await t.test('an edit to an aspect no page uses (a German description) injects nothing', async t => {
    const unused = await editor.setDescription('Q84', 'de', 'Hauptstadt (nur auf dem Repo)')
    // A later edit of the same item, which the page uses: once its row is there, the earlier
    // change has been handled (changes of one entity are handled in order) and filtered out.
    const used = await editor.setLabel('Q84', 'en', 'London (after the description)')
    await until(async () => (await injectedRows(client)).some(row => row.revision === used))
    const rows = await injectedRows(client)
    t.same(rows.filter(row => row.revision === unused), [], 'the description edit has no row')
    t.same(rows.filter(row => row.revision === used).map(row => row.title), ['London_label'], 'the label edit has one')
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
