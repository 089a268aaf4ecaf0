/**
 * 100 clients: a repo and `clients` client wikis, all clients in one database (a schema each),
 * their subscriptions drawn like Wikidata's (lib/wikidata-subscriptions.ts, seeded; the
 * distribution is printed). Web apps of all wikis in this process (memory measured), job
 * workers in two child processes (repo; all clients). Phase 1 (closed loop): `writers` edit
 * random items as fast as they can; the fully-propagated rate. Phase 2 (open loop): fixed
 * offered rates; the backlog's slope tells the sustained rate.
 * One runner per client needs a LISTEN connection each (graphile-worker), more than a default
 * max_connections of 100 holds: propagation is measured only when the connections fit or the
 * clients share one queue schema (farm.ts SHARED_CLIENT_QUEUE, the multi-wiki runner).
 */
import type { EntityId } from '../hooks/ids.js'
import { adminQuery } from './lib/bench-cluster.js'
import { spawnWorkers, type WorkerProcess } from './lib/child-workers.js'
import { createItems, drained, editLabel, poolSize, startFarm, usePages } from './lib/farm.js'
import { countJobs, jobCounts, jobCountsSince } from './lib/job-count.js'
import { openLoopStep, type OpenLoopStep } from './lib/open-loop.js'
import { prng } from './lib/prng.js'
import { printTable, processMemory } from './lib/report.js'
import { distribution, wikidataLikeSubscriptions } from './lib/wikidata-subscriptions.js'

export interface Clients100Config {
  clients: number
  items: number
  zipfExponent: number
  seed: number
  edits: number
  writers: number
  concurrency: number
  clientConcurrency: number
  steps: number[]
  stepSeconds: number
  drainTimeoutSeconds: number
  propagateTimeoutSeconds: number
}

export async function clients100Bench (config: Clients100Config): Promise<Record<string, unknown>> {
  const memoryBefore = await processMemory()
  const t0 = performance.now()
  const farm = await startFarm({
    label: 'clients100', clients: config.clients, workers: 'child', layout: 'schemas',
    worker: { concurrency: config.concurrency, pollInterval: 1000 }, clientConcurrency: config.clientConcurrency, repoSettings: { dispatchDelay: 0 }
  })
  const startSeconds = Math.round((performance.now() - t0) / 100) / 10
  const memoryWebApps = await processMemory()
  const processes: WorkerProcess[] = []
  try {
    const items = await createItems(farm, config.items, 8)
    const subscriptions = wikidataLikeSubscriptions(items, config.clients, config.zipfExponent, config.seed)
    for (const [i, client] of farm.clients.entries()) await usePages(farm, subscriptions.perWiki[i]!, 1, 'L.en', [client])
    const dist = distribution(subscriptions)
    printTable(`100 clients: ${config.items} items, wikis per entity (Zipf exponent ${config.zipfExponent}, seed ${config.seed}); ${dist.usages} usages`, [{ ...dist.wikisPerEntity, ...Object.fromEntries(Object.entries(dist.entitiesPerWiki).map(([k, v]) => [`entitiesPerWiki ${k}`, v])) }])
    const memory = {
      mainBeforeMiB: memoryBefore?.rssMiB ?? null,
      mainWithWebAppsMiB: memoryWebApps?.rssMiB ?? null,
      perWebAppMiB: memoryBefore === null || memoryWebApps === null ? null : Math.round(((memoryWebApps.rssMiB - memoryBefore.rssMiB) / (config.clients + 1)) * 10) / 10,
      secondsToStartWebApps: startSeconds,
      clientWorkerProcessMiB: null as number | null,
      clientWorkerProcessPeakMiB: null as number | null
    }
    const sharedQueue = new Set(farm.clients.map(c => c.queueSchema)).size === 1
    const needed = poolSize(farm.definitions.slice(1), true) + poolSize(farm.definitions.slice(0, 1), true)
    const { rows: [conn] } = await adminQuery("SELECT current_setting('max_connections')::int AS max, (SELECT count(*) FROM pg_stat_activity)::int AS used")
    const free = Number(conn.max) - Number(conn.used)
    const base = { config, distribution: dist, sharedQueue, workerConnectionsNeeded: needed, connectionsFree: free }
    if (needed > free) {
      const note = `propagation not measured: the client job runners need ${needed} connections, ${free} of max_connections ${String(conn.max)} are free` +
        (sharedQueue ? '' : ' (one runner per client; BENCH_SHARED_QUEUE=0 was set: each client has its own queue and runner)')
      process.stdout.write(`${note}\n`)
      printTable('100 clients: memory (MiB)', [memory])
      return { ...base, memory, skipped: note }
    }
    processes.push(await spawnWorkers(farm.definitions.slice(0, 1)))
    processes.push(await spawnWorkers(farm.definitions.slice(1)))
    await drained(farm, 60_000)
    await countJobs([farm.repo, ...farm.clients])
    const jobsBefore = await jobCounts([farm.repo, ...farm.clients])
    const random = prng(config.seed + 1)
    const pick = (): EntityId => items[Math.floor(random() * items.length)]! as EntityId

    // Phase 1: closed loop.
    const p0 = performance.now()
    let next = 0
    await Promise.all(Array.from({ length: config.writers }, async () => {
      for (;;) {
        const i = next++
        if (i >= config.edits) return
        await editLabel(farm, pick(), `c100 ${i}`)
      }
    }))
    const writeSeconds = (performance.now() - p0) / 1000
    const complete = await drained(farm, config.propagateTimeoutSeconds * 1000)
    const totalSeconds = (performance.now() - p0) / 1000
    const jobs = jobCountsSince(jobsBefore, await jobCounts([farm.repo, ...farm.clients]))
    const closed = {
      edits: config.edits,
      editsPerSecondWritten: Math.round(config.edits / writeSeconds),
      editsPerSecondFullyPropagated: complete ? Math.round((config.edits / totalSeconds) * 10) / 10 : null,
      secondsToPropagate: complete ? Math.round(totalSeconds * 10) / 10 : null,
      jobsRun: jobs.run,
      jobsPerEdit: Math.round((jobs.run / config.edits) * 100) / 100
    }

    // Phase 2: open loop.
    const steps: OpenLoopStep[] = []
    for (const rate of config.steps) {
      const step = await openLoopStep(farm, rate, config.stepSeconds, config.writers * 4, config.drainTimeoutSeconds, async i => await editLabel(farm, pick(), `s${rate}-${i}`))
      steps.push(step)
      // Not drained: every higher rate would start on this backlog (its rates are not measured).
      if (step.secondsToDrainAfter === null) break
    }
    const worker = await processMemory(processes[1]!.pid)
    memory.clientWorkerProcessMiB = worker?.rssMiB ?? null
    memory.clientWorkerProcessPeakMiB = worker?.peakRssMiB ?? null
    // Sustained: the highest offered rate whose change and job backlogs did not grow.
    const sustained = steps.filter(s => s.changeBacklogGrowthPerSecond <= 0 && s.jobBacklogGrowthPerSecond <= 0 && s.lateSends === 0).reduce((m, s) => Math.max(m, s.offeredEditsPerSecond), 0)
    printTable(`100 clients, phase 1: ${config.edits} edits by ${config.writers} writers`, [closed])
    printTable('100 clients, phase 2: offered edit rates (backlog growth per second; > 0 means it does not keep up)', steps as unknown as Array<Record<string, unknown>>)
    printTable('100 clients: memory (MiB)', [memory])
    return {
      ...base, memory, closedLoop: closed, jobsByTask: jobs.runByTask, openLoopSteps: steps, sustainedEditsPerSecond: sustained,
      target: { editsPerSecond: 200, met: sustained >= 200 }
    }
  } finally {
    for (const p of processes) await p.kill('SIGKILL')
    await farm.close()
  }
}
