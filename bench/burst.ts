/**
 * Burst: one bot account makes `edits` edits to `items` items (each item edited edits/items
 * times, round-robin) as fast as `writers` concurrent requests go, while `clients` clients use
 * every item on one page. Measured from the first edit: the time until every client shows the
 * last value of every item — its recentchanges holds a row of the item's last revision (or a
 * later one: a coalesced row carries the newest revision, as Wikibase's ChangeRunCoalescer
 * does), seen through LISTEN/NOTIFY on the rows (farm.ts watchRecentChanges) and checked
 * against the tables themselves (recent-changes.ts newestInjectedRevisions: every few seconds
 * for a client the watcher has not yet seen done, and at the end), so a listener that misses
 * rows shows as a disagreement instead of a missed figure — and until all work is done (every
 * queue empty, no wb_changes row: page refreshes and purges included); jobs queued and run
 * (job-count.ts) and the recentchanges rows injected. Deadlines bound both waits; a missed one
 * is a reported figure, not a hang, with what the queues still hold (queue-residue.ts).
 *
 * Each item's last edit is in the burst's last round, and a client handles its inbox in change
 * order, so "every client shows the last value" comes when the clients have worked through the
 * whole burst: until then the watcher sees rows, of earlier revisions.
 */
import type { EntityId } from '../hooks/ids.js'
import { spawnWorkers, type WorkerProcess } from './lib/child-workers.js'
import { botUser, changeBacklog, createItems, distinctQueues, drained, editLabel, queueLength, startFarm, usePages, watchRecentChanges, type Wiki } from './lib/farm.js'
import { countJobs, jobCounts, jobCountsSince } from './lib/job-count.js'
import { queueResidue, type ResidueRow } from './lib/queue-residue.js'
import { newestInjectedRevisions, recentChangesCounts, showingLast } from './lib/recent-changes.js'
import { printTable, sleep } from './lib/report.js'

export interface BurstConfig {
  edits: number
  items: number
  clients: number
  writers: number
  /** Worker concurrency of the repo and of each client. */
  concurrency: number
  clientConcurrency: number
  /** Repo `dispatchDelay` (ms); undefined: the plugin's default. */
  dispatchDelay?: number
  deadlineSeconds: number
}

export async function burstBench (config: BurstConfig): Promise<Record<string, unknown>> {
  const farm = await startFarm({
    label: 'burst', clients: config.clients, workers: 'child', layout: 'schemas',
    worker: { concurrency: config.concurrency, pollInterval: 1000 }, clientConcurrency: config.clientConcurrency,
    repoSettings: config.dispatchDelay === undefined ? {} : { dispatchDelay: config.dispatchDelay }
  })
  const processes: WorkerProcess[] = []
  let sampling = true
  try {
    const items = await createItems(farm, config.items, 8)
    await usePages(farm, items, 1, 'L.en')
    processes.push(await spawnWorkers(farm.definitions.slice(0, 1)))
    processes.push(await spawnWorkers(farm.definitions.slice(1)))
    await drained(farm, 30_000)
    await countJobs([farm.repo, ...farm.clients])
    const jobsBefore = await jobCounts([farm.repo, ...farm.clients])
    const rcBefore = await recentChangesCounts(farm.clients)

    // Newest revision seen in recentchanges, per client and item.
    const seen = new Map<string, Map<string, number>>(farm.clients.map(c => [c.siteId, new Map()]))
    let rowsSeen = 0
    const lost: string[] = []
    const stopWatching = await watchRecentChanges(farm.clients, ({ key, client }) => {
      rowsSeen += 1
      const [entity, revision] = key.split(':')
      const perItem = seen.get(client)!
      perItem.set(entity!, Math.max(perItem.get(entity!) ?? 0, Number(revision)))
    }, (client, reason) => { lost.push(`${client}: ${reason}`) })
    const last = new Map<string, number>()
    const queues = distinctQueues([farm.repo, ...farm.clients])
    let peakJobs = 0
    const sampler = (async () => {
      while (sampling) {
        peakJobs = Math.max(peakJobs, (await Promise.all(queues.map(queueLength))).reduce((a, b) => a + b, 0))
        await sleep(1000)
      }
    })()
    const t0 = performance.now()
    let next = 0
    const ctx = { ...farm.ctx, user: botUser }
    await Promise.all(Array.from({ length: config.writers }, async () => {
      for (;;) {
        const i = next++
        if (i >= config.edits) return
        const entity = items[i % items.length]! as EntityId
        const result = await editLabel(farm, entity, `burst ${i}`, ctx, `bot edit ${i}`)
        last.set(entity, Math.max(last.get(entity) ?? 0, result.revision.revisionId))
      }
    }))
    const writeSeconds = (performance.now() - t0) / 1000
    const deadline = t0 + config.deadlineSeconds * 1000
    const shownAt = new Map<string, number>()
    // Clients the tables showed done before the watcher did: rows the watcher missed.
    const shownOnlyInTable = new Set<string>()
    let tableCheckAt = 0
    while (shownAt.size < farm.clients.length && performance.now() < deadline) {
      for (const client of farm.clients) {
        if (!shownAt.has(client.siteId) && showingLast(last, seen.get(client.siteId)!) === last.size) shownAt.set(client.siteId, (performance.now() - t0) / 1000)
      }
      if (performance.now() >= tableCheckAt) {
        for (const client of farm.clients) {
          if (shownAt.has(client.siteId) || showingLast(last, await newestInjectedRevisions(client)) < last.size) continue
          shownAt.set(client.siteId, (performance.now() - t0) / 1000)
          shownOnlyInTable.add(client.siteId)
        }
        tableCheckAt = performance.now() + 5000
      }
      await sleep(50)
    }
    const everyClientSeconds = shownAt.size === farm.clients.length ? Math.max(...shownAt.values()) : null
    const pairsAtWait = await pairsShowingLast(farm.clients, last)
    const done = await drained(farm, Math.max(0, deadline - performance.now()))
    const residue: ResidueRow[] = done ? [] : await queueResidue([farm.repo, ...farm.clients])
    const backlog = done ? 0 : await changeBacklog(farm)
    const doneSeconds = (performance.now() - t0) / 1000
    sampling = false
    await sampler
    await stopWatching()
    const jobs = jobCountsSince(jobsBefore, await jobCounts([farm.repo, ...farm.clients]))
    const rcAfter = await recentChangesCounts(farm.clients)
    const injected = rcAfter.injected - rcBefore.injected
    const pairsWatched = farm.clients.reduce((n, c) => n + showingLast(last, seen.get(c.siteId)!), 0)
    const pairsAtEnd = await pairsShowingLast(farm.clients, last)
    const pairs = last.size * farm.clients.length
    const row = {
      edits: config.edits,
      editsPerSecondWritten: Math.round(config.edits / writeSeconds),
      secondsToWrite: round1(writeSeconds),
      secondsUntilEveryClientShowsLastValue: everyClientSeconds === null ? null : round1(everyClientSeconds),
      clientsShowingLastValue: shownAt.size,
      // From the tables, when the wait for every client ended (done or deadline) and at the end.
      itemClientPairsShowingLastValue: `${pairsAtWait}/${pairs}`,
      itemClientPairsShowingLastValueAtEnd: `${pairsAtEnd}/${pairs}`,
      secondsUntilAllWorkDone: done ? round1(doneSeconds) : null,
      jobsRun: jobs.run,
      jobsQueued: jobs.queued,
      jobsPerEdit: Math.round((jobs.run / config.edits) * 100) / 100,
      peakQueuedJobs: peakJobs,
      rcRowsInjected: injected,
      rcRowsPerClient: Math.round(injected / farm.clients.length),
      rcRowsSeenByWatcher: rowsSeen,
      // Pairs the tables show and the watcher did not (0 unless the watcher misses rows).
      pairsWatcherMissed: pairsAtEnd - pairsWatched,
      clientsShownOnlyInTable: shownOnlyInTable.size
    }
    printTable(`Burst: ${config.edits} bot edits (one user) to ${config.items} items, ${config.writers} writers, ${config.clients} clients (deadline ${config.deadlineSeconds} s)`, [row])
    process.stdout.write(`jobs run by task: ${JSON.stringify(jobs.runByTask)}\n`)
    if (lost.length > 0) process.stdout.write(`watcher connections lost: ${lost.join('; ')}\n`)
    if (!done) printTable(`Left at the deadline: ${backlog} wb_changes rows; jobs per task (due: waiting for a worker; delayed: run_at ahead; retried: attempts > 0, running ones included)`, residue)
    return {
      config, burst: row, jobsByTask: jobs.runByTask, jobsQueuedByTask: jobs.queuedByTask, secondsPerClient: Object.fromEntries([...shownAt].map(([c, s]) => [c, round1(s)])),
      leftAtDeadline: done ? null : { changeBacklog: backlog, jobs: residue }, watcherLost: lost
    }
  } finally {
    sampling = false
    for (const p of processes) await p.kill('SIGKILL')
    await farm.close()
  }
}

const round1 = (x: number): number => Math.round(x * 10) / 10

/** Item–client pairs whose recentchanges table holds the item's last revision (or a later one). */
async function pairsShowingLast (clients: Wiki[], last: ReadonlyMap<string, number>): Promise<number> {
  let n = 0
  for (const client of clients) n += showingLast(last, await newestInjectedRevisions(client))
  return n
}
