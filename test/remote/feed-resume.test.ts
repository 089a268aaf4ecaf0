import t from 'tap'
import { SseClient } from '../../bench/lib/sse-client.js'
import { startRepoProcess } from '../support/remote-processes.js'
import { repoEditor } from '../support/remote-http.js'

/**
 * Issue 19 acceptance, the change feed across a repo restart: a listener that has seen the
 * feed up to some event reconnects with `Last-Event-ID` after the repo's process was
 * SIGKILLed and started again, and gets every later change — those committed before the crash
 * that it had not seen, those made after the restart, then live ones — each once, in order.
 */
t.test('the feed resumes from Last-Event-ID across a repo restart: no gap, no duplicate', async t => {
  const repo = await startRepoProcess(t, 'rfeed')
  const editor = repoEditor(repo.url)
  const feedUrl = `${repo.url}wikibase/v1/changes?entity=Q84,Q183`
  const edit = async (i: number): Promise<number> => await editor.setLabel(i % 2 === 0 ? 'Q84' : 'Q183', 'en', `feed ${i}`)
  const listen = async (lastEventId: number): Promise<SseClient> => {
    const listener = new SseClient(feedUrl, { 'last-event-id': String(lastEventId) })
    t.teardown(() => { listener.close() })
    t.equal(await listener.ready, 200, 'the stream opens')
    return listener
  }

  const before = [await edit(1), await edit(2), await edit(3)]
  const list = await (await fetch(feedUrl, { headers: { accept: 'application/json' } })).json() as { changes: Array<{ id: number, revisionId: number }> }
  const feedId = new Map(list.changes.map(event => [event.revisionId, event.id]))
  t.ok(before.every(revision => feedId.has(revision)), 'the three edits are in the feed')

  // A listener that had seen the first edit reads the second, then goes away.
  const first = await listen(feedId.get(before[0]!)!)
  await first.waitFor(l => l.events.length >= 2, 30_000)
  t.same(first.events.map(e => e.data.revisionId), before.slice(1), 'after the first edit: the second and third')
  const lastSeen = first.events[0]!.id
  first.close()

  await repo.kill()
  t.notOk(repo.running(), 'the repo process is gone (SIGKILL)')
  await repo.start()
  const after = [await edit(4), await edit(5)]

  const resumed = await listen(lastSeen)
  const expected = [before[2]!, ...after]
  await resumed.waitFor(l => l.events.length >= expected.length, 30_000)
  const live = await edit(6)
  await resumed.waitFor(l => l.events.some(e => e.data.revisionId === live), 30_000)
  t.same(resumed.events.map(e => e.data.revisionId), [...expected, live],
    'the unseen edit from before the crash, the two after the restart, then the live one: each once, in order')
  const ids = resumed.events.map(e => e.id)
  t.ok(ids.every((id, i) => i === 0 || id > ids[i - 1]!) && ids[0]! > lastSeen, 'event ids strictly increase from the last one seen')
})
