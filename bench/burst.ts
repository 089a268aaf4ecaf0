/**
 * Burst: one bot account makes `edits` edits to `items` items (each item edited edits/items
 * times, round-robin) as fast as `writers` concurrent requests go, while `clients` clients use
 * every item on one page. Measured from the first edit: the time until every client shows the
 * last value of every item — its recentchanges holds a row of the item's last revision (or a
 * later one: a coalesced row carries the newest revision, as Wikibase's ChangeRunCoalescer
 * does), seen through LISTEN/NOTIFY on the rows (farm.ts watchRecentChanges) — and until all
 * work is done (every queue empty, no wb_changes row: page refreshes and purges included);
 * jobs queued and run (job-count.ts) and the recentchanges rows injected. Deadlines bound both
 * waits; a missed one is a reported figure, not a hang.
 */
import type { EntityId } from '../hooks/ids.js'
import { spawnWorkers, type WorkerProcess } from './lib/child-workers.js'
import { botUser, createItems, distinctQueues, drained, editLabel, queueLength, startFarm, usePages, watchRecentChanges } from './lib/farm.js'
import { countJobs, jobCounts, jobCountsSince } from './lib/job-count.js'
import { recentChangesCounts } from './lib/recent-changes.js'
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
    const stopWatching = await watchRecentChanges(farm.clients, ({ key, client }) => {
      const [entity, revision] = key.split(':')
      const perItem = seen.get(client)!
      perItem.set(entity!, Math.max(perItem.get(entity!) ?? 0, Number(revision)))
    })
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
    const showsLast = (client: string): boolean => [...last].every(([entity, revision]) => (seen.get(client)!.get(entity) ?? 0) >= revision)
    while (shownAt.size < farm.clients.length && performance.now() < deadline) {
      for (const client of farm.clients) if (!shownAt.has(client.siteId) && showsLast(client.siteId)) shownAt.set(client.siteId, (performance.now() - t0) / 1000)
      await sleep(50)
    }
    const everyClientSeconds = shownAt.size === farm.clients.length ? Math.max(...shownAt.values()) : null
    const done = await drained(farm, Math.max(0, deadline - performance.now()))
    const doneSeconds = (performance.now() - t0) / 1000
    sampling = false
    await sampler
    await stopWatching()
    const jobs = jobCountsSince(jobsBefore, await jobCounts([farm.repo, ...farm.clients]))
    const rcAfter = await recentChangesCounts(farm.clients)
    const injected = rcAfter.injected - rcBefore.injected
    const itemsShownLast = farm.clients.reduce((n, c) => n + [...last].filter(([entity, revision]) => (seen.get(c.siteId)!.get(entity) ?? 0) >= revision).length, 0)
    const row = {
      edits: config.edits,
      editsPerSecondWritten: Math.round(config.edits / writeSeconds),
      secondsToWrite: round1(writeSeconds),
      secondsUntilEveryClientShowsLastValue: everyClientSeconds === null ? null : round1(everyClientSeconds),
      clientsShowingLastValue: shownAt.size,
      itemClientPairsShowingLastValue: `${itemsShownLast}/${last.size * farm.clients.length}`,
      secondsUntilAllWorkDone: done ? round1(doneSeconds) : null,
      jobsRun: jobs.run,
      jobsQueued: jobs.queued,
      jobsPerEdit: Math.round((jobs.run / config.edits) * 100) / 100,
      peakQueuedJobs: peakJobs,
      rcRowsInjected: injected,
      rcRowsPerClient: Math.round(injected / farm.clients.length)
    }
    printTable(`Burst: ${config.edits} bot edits (one user) to ${config.items} items, ${config.writers} writers, ${config.clients} clients (deadline ${config.deadlineSeconds} s)`, [row])
    process.stdout.write(`jobs run by task: ${JSON.stringify(jobs.runByTask)}\n`)
    return { config, burst: row, jobsByTask: jobs.runByTask, jobsQueuedByTask: jobs.queuedByTask, secondsPerClient: Object.fromEntries([...shownAt].map(([c, s]) => [c, round1(s)])) }
  } finally {
    sampling = false
    for (const p of processes) await p.kill('SIGKILL')
    await farm.close()
  }
}

const round1 = (x: number): number => Math.round(x * 10) / 10
