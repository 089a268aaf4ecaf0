import t from 'tap'
import type { WikibaseRuntime } from '../../plugin/runtime.js'
import { notifyChangeHandler, type ChangeHandlerCall } from '../../jobs/entity-change-notification.js'
import { deserializeChange, isItemChange } from '../../plugin/changes/entity-change.js'

// EntityChangeNotificationJobTest (facts §7.19): the job with a recording change handler.

function changeRow (id: number, type: string, objectId: string): { id: number, type: string, time: string, object_id: string, revision_id: number, user_id: number, info: string } {
  return { id, type, time: '20240101000000', object_id: objectId, revision_id: id, user_id: 0, info: '{}' }
}

function recordingHandler (): { handler: ChangeHandlerCall, calls: Array<{ changes: unknown[], repoSiteId: string, root: unknown }> } {
  const calls: Array<{ changes: unknown[], repoSiteId: string, root: unknown }> = []
  const handler: ChangeHandlerCall = async (changes, repoSiteId, root) => {
    calls.push({ changes: [...changes], repoSiteId, root })
    return []
  }
  return { handler, calls }
}

function runtimeLoggingTo (errors: unknown[]): WikibaseRuntime {
  return { log: { error: (...args: unknown[]) => { errors.push(args) } } } as unknown as WikibaseRuntime
}

t.test('one item change: the handler is called once with that change and root {rootJobSignature: null, rootJobTimestamp: null}', async t => {
  const { handler, calls } = recordingHandler()
  const q1 = changeRow(1, 'wikibase-item~update', 'Q1')
  await notifyChangeHandler({ repoSiteId: 'repo', changes: [q1] }, runtimeLoggingTo([]), handler)
  t.strictSame(calls, [{ changes: [q1], repoSiteId: 'repo', root: { rootJobSignature: null, rootJobTimestamp: null } }])
  t.equal(isItemChange(deserializeChange(q1)), true, 'rebuilt as an ItemChange')
})

t.test('three changes (Q1 item, Q1 item, P18 property): one call with all three; the property one is a plain EntityChange', async t => {
  const { handler, calls } = recordingHandler()
  const rows = [changeRow(1, 'wikibase-item~update', 'Q1'), changeRow(2, 'wikibase-item~update', 'Q1'), changeRow(3, 'wikibase-property~update', 'P18')]
  await notifyChangeHandler({ repoSiteId: 'repo', changes: rows }, runtimeLoggingTo([]), handler)
  t.strictSame(calls, [{ changes: rows, repoSiteId: 'repo', root: { rootJobSignature: null, rootJobTimestamp: null } }])
  t.strictSame(rows.map(row => isItemChange(deserializeChange(row))), [true, true, false])
})

t.test('changes: [] → the handler is never called; an error is logged', async t => {
  const { handler, calls } = recordingHandler()
  const errors: unknown[] = []
  await notifyChangeHandler({ repoSiteId: 'repo', changes: [] }, runtimeLoggingTo(errors), handler)
  t.strictSame(calls, [])
  t.strictSame(errors, [[{ repoSiteId: 'repo' }, 'entityChangeNotification: no changes in the notification']])
})
