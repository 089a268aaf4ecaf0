import t from 'tap'
import { eventually } from '../support/test-database.js'
import { changeIdsOf, clientPage, handledChangeIds, injectedRows, remoteSubscriptions, startRemotePair } from '../support/remote-processes.js'
import { repoEditor } from '../support/remote-http.js'

/**
 * Issue 19 acceptance, the outage: the remote client's process is SIGKILLed while the repo
 * keeps taking edits of items its pages use. The repo's pushes fail and its delivery job
 * retries with backoff (seen in the repo's queue); edits go on past that point. Restarted, the
 * client catches up: every change is handled, none twice, each page's injected rows in
 * revision order, each page showing its item's last label. The outage lasts 30 s, as the
 * acceptance asks (an input of the scenario, not a wait for a condition): by then the repo's
 * retry of the failed push is backed off beyond the restart (graphile-worker's exp(attempts)
 * seconds), so the catch-up comes from the client's own pull of the feed at its start; the
 * repo's late retries then bring only changes the client has handled.
 */
const OUTAGE_MS = 30_000
const EDITS_BEFORE_FAILURE = 6
const EDITS_AFTER_FAILURE = 6
const ITEMS = [{ id: 'Q84', page: 'London_label' }, { id: 'Q183', page: 'Berlin' }]

const until = async (what: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> => { await eventually(async () => (await what()) ? true : undefined, timeoutMs) }

t.test('remote client killed while the repo edits, then restarted: catches up in order, nothing lost or doubled', async t => {
  const { repo, client } = await startRemotePair(t, 'routage')
  await until(async () => { const held = await remoteSubscriptions(repo); return ITEMS.every(item => held.includes(item.id)) })
  // Every drain of the inbox that commits logs the change ids it took, with its transaction id:
  // a change in two committed drains was handled twice.
  await client.pool.query(`
    CREATE TABLE public.test_delivery_log (change_id bigint NOT NULL, txid bigint NOT NULL);
    CREATE FUNCTION public.test_log_delivery() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO public.test_delivery_log VALUES (OLD.ci_change_id, txid_current()); RETURN NULL; END $$;
    CREATE TRIGGER test_log_delivery AFTER DELETE ON public.wbc_change_inbox FOR EACH ROW EXECUTE FUNCTION public.test_log_delivery();`)
  const editor = repoEditor(repo.url)
  const edits: Array<{ id: string, page: string, revision: number, label: string }> = []
  const edit = async (i: number): Promise<void> => {
    const item = ITEMS[i % ITEMS.length]!
    const label = `${item.id} outage ${i}`
    edits.push({ ...item, revision: await editor.setLabel(item.id, 'en', label), label })
  }

  const warm = await editor.setLabel('Q84', 'en', 'London (before the outage)')
  await until(async () => (await injectedRows(client)).some(row => row.revision === warm))
  await client.kill()
  const killedAt = Date.now()
  t.notOk(client.running(), 'the client process is gone (SIGKILL)')
  for (let i = 0; i < EDITS_BEFORE_FAILURE; i++) await edit(i)
  // The repo tried to push and failed: a job of its queue failed and waits for its next attempt.
  await until(async () => (await repo.pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM wikibase_jobs._private_jobs WHERE attempts > 0 AND last_error IS NOT NULL AND run_at > now()')).rows[0]!.n > 0)
  t.pass('a push to the dead client failed and is retried later (backoff)')
  for (let i = EDITS_BEFORE_FAILURE; i < EDITS_BEFORE_FAILURE + EDITS_AFTER_FAILURE; i++) await edit(i)
  await new Promise(resolve => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - killedAt))))

  await client.start()
  const changeIds = await changeIdsOf(repo, edits.map(e => e.revision))
  t.equal(changeIds.size, edits.length, 'every edit is a change for the client (wb_changes ids in the feed)')
  const expected = [...changeIds.values()].sort((a, b) => a - b)
  await until(async () => { const handled = new Set(await handledChangeIds(client)); return expected.every(id => handled.has(id)) })
  t.pass('every change made during the outage was handled: nothing lost')

  // Recentchanges rows are injected by jobs the drain queued: wait for each page's last one.
  const lastOf = (id: string): number => edits.filter(e => e.id === id).at(-1)!.revision
  await until(async () => {
    const rows = await injectedRows(client)
    return ITEMS.every(item => rows.some(row => row.entity === item.id && row.title === item.page && row.revision === lastOf(item.id)))
  })
  const { rows: doubled } = await client.pool.query('SELECT change_id FROM public.test_delivery_log GROUP BY change_id HAVING count(DISTINCT txid) > 1')
  t.same(doubled, [], 'no change handled by two drains')
  const rows = await injectedRows(client)
  const keys = rows.map(row => `${row.entity}:${row.revision}:${row.title}`)
  t.same(keys.filter((key, i) => keys.indexOf(key) !== i), [], 'no recentchanges row twice')
  for (const item of ITEMS) {
    const own = edits.filter(e => e.id === item.id)
    const revisions = rows.filter(row => row.entity === item.id && row.title === item.page).map(row => row.revision)
    t.same(revisions, [...revisions].sort((a, b) => a - b), `${item.page}: its rows in revision order`)
    t.equal(revisions.at(-1), lastOf(item.id), `${item.page}: the last row is ${item.id}'s last revision`)
    await until(async () => (await clientPage(client, item.page)).includes(own.at(-1)!.label), 60_000)
    t.pass(`${item.page} shows ${item.id}'s last label`)
  }
})
