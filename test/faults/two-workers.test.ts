import t from 'tap'
import { createItems, drained, editLabel, startFarm, usePages } from '../../bench/lib/farm.js'
import { spawnWorkers, type WorkerJobStats } from '../../bench/lib/child-workers.js'
import type { EntityId } from '../../hooks/ids.js'
import { checkPropagation, deliveryCounts, describeBacklog, logChanges, logDeliveries, redelivered } from './propagation-checks.js'

/**
 * Two worker processes run the queues of the same farm (repo and two clients, each in its
 * own database) at once while writers edit: every job of every queue can be taken by
 * either. Afterwards every change must have been handled exactly once by every client and
 * carried by exactly one notification that ran (none delivered twice, none lost), no
 * page may show one change twice in recentchanges, every page's last recentchanges row must
 * be its item's last revision, and both processes must have run jobs of every wiki.
 * `npm run test:faults` (WIKIBASE_FAULTS=full) does 2,000 edits; `npm test` 300.
 */
const FULL = process.env.WIKIBASE_FAULTS === 'full'
const EDITS = FULL ? 2000 : 300
const ITEMS = 20
const WRITERS = 4

function succeeded (stats: WorkerJobStats, siteId: string): number {
  return Object.values(stats[siteId] ?? {}).reduce((n, s) => n + s.succeeded, 0)
}

function describe (stats: WorkerJobStats): string {
  return Object.entries(stats).map(([site, tasks]) => `${site}: ${Object.entries(tasks).map(([task, s]) =>
    `${task.replace('wikibase:', '')} ${s.succeeded}${s.failed > 0 ? ` (+${s.failed} failed)` : ''}`).join(', ')}`).join('; ')
}

t.test(`two worker processes on the same farm during ${EDITS} edits`, async t => {
  const farm = await startFarm({ label: 'twoworkers', clients: 2, workers: 'child', worker: { concurrency: 2, pollInterval: 200, heartbeatInterval: 500, deadAfter: 3000 } })
  t.teardown(async () => { await farm.close() })
  await logChanges(farm)
  await logDeliveries(farm)
  const items = await createItems(farm, ITEMS)
  await usePages(farm, items, 2, 'L.en')
  const workers = await Promise.all([spawnWorkers(farm.definitions), spawnWorkers(farm.definitions)])
  t.teardown(async () => { await Promise.all(workers.map(async w => { await w.kill('SIGKILL') })) })

  let next = 0
  await Promise.all(Array.from({ length: WRITERS }, async () => {
    for (;;) {
      const i = next++
      if (i >= EDITS) return
      await editLabel(farm, items[i % items.length]! as EntityId, `v${i}`)
    }
  }))
  const propagated = await drained(farm, FULL ? 180_000 : 90_000)
  t.ok(propagated, 'everything propagated')
  if (!propagated) t.comment(await describeBacklog(farm))

  const stats = await Promise.all(workers.map(async w => await w.jobStats()))
  for (const [i, s] of stats.entries()) t.comment(`process ${i + 1}: ${describe(s)}`)
  for (const wiki of [farm.repo, ...farm.clients]) {
    const counts = stats.map(s => succeeded(s, wiki.siteId))
    t.ok(counts.every(n => n > 0), `both processes ran jobs of ${wiki.siteId} (${counts.join(' and ')})`)
  }
  for (const [i, w] of workers.entries()) t.equal(w.child.exitCode ?? w.child.signalCode, null, `process ${i + 1} ran to the end`)

  await checkPropagation(t, farm, EDITS)
  for (const client of farm.clients) {
    const { jobs, changes } = await deliveryCounts(client)
    t.equal(changes, EDITS, `${client.siteId}: every change was in a notification that ran`)
    t.same(await redelivered(client), [], `${client.siteId}: no change delivered twice (${changes} changes in ${jobs} notifications)`)
  }
})
