/**
 * (2) Throughput: concurrent writers edit many items while N clients subscribe to all of
 * them. Phase 1 (closed loop): the writers edit as fast as they can; measured: the edit
 * rate, the time until everything is propagated (all queues empty, no wb_changes row) and
 * the backlog sampled every second. Phase 2 (open loop): fixed offered edit rates, each for
 * a few seconds; the backlog's slope shows the rate at which it starts to grow.
 * The ceiling printed beside it: graphile-worker's raw no-op job rate with the same settings.
 */
import { changeBacklog, createItems, distinctQueues, drained, editLabel, queueLength, startFarm, usePages, type Farm } from './lib/farm.js'
import { countJobs, jobCounts, jobCountsSince } from './lib/job-count.js'
import { addLocalEdits, injectedToLocal, recentChangesCounts } from './lib/recent-changes.js'
import { spawnWorkers, type WorkerProcess } from './lib/child-workers.js'
import { rawNoopRate } from './lib/raw-queue.js'
import { printTable, sleep } from './lib/report.js'
import type { EntityId } from '../hooks/ids.js'

export interface ThroughputConfig {
  edits: number
  items: number
  writers: number
  clients: number
  concurrency: number
  clientConcurrency: number
  dispatchDelay: number
  /** Offered rates (edits/s) of phase 2 and seconds per step. */
  steps: number[]
  stepSeconds: number
  /** 'child': repo workers and client workers each in their own process. */
  workers: 'in-process' | 'child'
  drainTimeoutSeconds: number
  /** Phase 1's wait for full propagation (then the rest is reported, with a projection). */
  propagateTimeoutSeconds: number
  /** Local edits (recentchanges rows) per client, the base of the injected-to-local ratio. */
  localEditsPerClient: number
}

interface Sample { t: number, changes: number, repoJobs: number, clientJobs: number, rcRows: number }

async function sample (farm: Farm, t0: number): Promise<Sample> {
  const [changes, repoJobs, clientJobs, rcRows] = await Promise.all([
    changeBacklog(farm),
    queueLength(farm.repo),
    Promise.all(distinctQueues(farm.clients).map(queueLength)).then(l => l.reduce((a, b) => a + b, 0)),
    Promise.all(farm.clients.map(async c => Number((await c.pool.query(`SELECT count(*) AS n FROM ${c.hostSchema}.recentchanges`)).rows[0].n))).then(l => l.reduce((a, b) => a + b, 0))
  ])
  return { t: Math.round((performance.now() - t0) / 100) / 10, changes, repoJobs, clientJobs, rcRows }
}

function sampler (farm: Farm, t0: number): { samples: Sample[], stop: () => Promise<void> } {
  const samples: Sample[] = []
  let running = true
  const loop = (async () => {
    while (running) {
      samples.push(await sample(farm, t0))
      await sleep(1000)
    }
  })()
  return { samples, stop: async () => { running = false; await loop } }
}

export async function throughputBench (config: ThroughputConfig): Promise<Record<string, unknown>> {
  const farm = await startFarm({
    label: 'throughput', clients: config.clients, workers: config.workers, layout: 'schemas',
    worker: { concurrency: config.concurrency, pollInterval: 1000 }, clientConcurrency: config.clientConcurrency, repoSettings: { dispatchDelay: config.dispatchDelay }
  })
  const processes: WorkerProcess[] = []
  try {
    const items = await createItems(farm, config.items, 8)
    await usePages(farm, items, 1, 'L.en')
    if (config.workers === 'child') {
      processes.push(await spawnWorkers(farm.definitions.slice(0, 1)))
      processes.push(await spawnWorkers(farm.definitions.slice(1)))
    }
    await drained(farm, 30_000)
    await countJobs([farm.repo, ...farm.clients])
    await addLocalEdits(farm.clients, config.localEditsPerClient)
    const jobsBefore = await jobCounts([farm.repo, ...farm.clients])
    const rcBefore = await recentChangesCounts(farm.clients)

    // Phase 1: closed loop.
    const t0 = performance.now()
    const watch = sampler(farm, t0)
    let next = 0
    let counter = 0
    await Promise.all(Array.from({ length: config.writers }, async () => {
      for (;;) {
        const i = next++
        if (i >= config.edits) return
        await editLabel(farm, items[(i * 7919) % items.length]! as EntityId, `v${counter++}`)
      }
    }))
    const editSeconds = (performance.now() - t0) / 1000
    const complete = await drained(farm, config.propagateTimeoutSeconds * 1000)
    const totalSeconds = (performance.now() - t0) / 1000
    await watch.stop()
    const final = await sample(farm, t0)
    const jobs = jobCountsSince(jobsBefore, await jobCounts([farm.repo, ...farm.clients]))
    const rcAfter = await recentChangesCounts(farm.clients)
    const rc = { injected: rcAfter.injected - rcBefore.injected, local: rcBefore.local }
    // Not drained: the time the rest would take at the job rate of the last 30 s.
    const recent = watch.samples.filter(x => x.t >= totalSeconds - 30)
    const jobRate = recent.length < 2 ? 0 : ((recent[0]!.repoJobs + recent[0]!.clientJobs) - (final.repoJobs + final.clientJobs)) / Math.max(1, final.t - recent[0]!.t)
    const peak = watch.samples.reduce((m, s) => ({ changes: Math.max(m.changes, s.changes), jobs: Math.max(m.jobs, s.repoJobs + s.clientJobs) }), { changes: 0, jobs: 0 })
    const closed = {
      edits: config.edits,
      editsPerSecondWritten: Math.round(config.edits / editSeconds),
      editsPerSecondFullyPropagated: complete ? Math.round((config.edits / totalSeconds) * 10) / 10 : null,
      drainedWithinTimeout: complete,
      secondsToWrite: Math.round(editSeconds * 10) / 10,
      secondsToPropagate: Math.round(totalSeconds * 10) / 10,
      peakChangeBacklog: peak.changes,
      peakQueuedJobs: peak.jobs,
      rcRowsOnClients: final.rcRows,
      changeRowsLeftAfterDrainTimeout: final.changes,
      jobsLeftAfterDrainTimeout: final.repoJobs + final.clientJobs,
      projectedSecondsToPropagate: complete ? null : jobRate > 0 ? Math.round(totalSeconds + (final.repoJobs + final.clientJobs) / jobRate) : null,
      jobsRun: jobs.run,
      jobsQueued: jobs.queued,
      // Only a drained run has run all its jobs; otherwise the figure so far, for what it is worth.
      jobsPerEdit: complete ? Math.round((jobs.run / config.edits) * 100) / 100 : null,
      jobsRunPerEditSoFar: Math.round((jobs.run / config.edits) * 100) / 100,
      injectedRcRowsPerClient: Math.round(rc.injected / config.clients),
      localRcRowsPerClient: config.localEditsPerClient,
      injectedToLocalRcRatio: injectedToLocal(rc)
    }

    // Phase 2: open loop at fixed offered rates.
    const steps: Array<Record<string, unknown>> = []
    for (const rate of config.steps) {
      const startedDrained = await drained(farm, config.drainTimeoutSeconds * 1000)
      const s0 = performance.now()
      const before = await sample(farm, s0)
      const n = Math.round(rate * config.stepSeconds)
      const pending: Array<Promise<unknown>> = []
      let lagging = 0
      let failed = 0
      for (let i = 0; i < n; i++) {
        const due = s0 + (i * 1000) / rate
        const wait = due - performance.now()
        if (wait > 0) await sleep(wait); else lagging += 1
        pending.push(editLabel(farm, items[(i * 104729) % items.length]! as EntityId, `s${rate}-${i}`).catch(() => { failed += 1 }))
        if (pending.length >= config.writers * 4) await Promise.race(pending.splice(0, 1))
      }
      await Promise.all(pending)
      const after = await sample(farm, s0)
      const offered = Math.round(n / ((performance.now() - s0) / 1000))
      const drainStart = performance.now()
      const ok = await drained(farm, config.drainTimeoutSeconds * 1000)
      const drainSeconds = (performance.now() - drainStart) / 1000
      steps.push({
        offeredEditsPerSecond: rate,
        backlogAtStart: startedDrained ? 0 : before.changes + before.repoJobs + before.clientJobs,
        achievedEditsPerSecond: offered,
        lateSends: lagging,
        failedEdits: failed,
        changeBacklogGrowthPerSecond: Math.round(((after.changes - before.changes) / config.stepSeconds) * 10) / 10,
        jobBacklogGrowthPerSecond: Math.round((((after.repoJobs + after.clientJobs) - (before.repoJobs + before.clientJobs)) / config.stepSeconds) * 10) / 10,
        secondsToDrainAfter: ok ? Math.round(drainSeconds * 10) / 10 : null
      })
      // Not drained: every higher rate would start on this backlog and cannot be sustained either.
      if (!ok) { steps.push({ offeredEditsPerSecond: config.steps.filter(r => r > rate).join(', '), skipped: 'the step before did not drain' }); break }
    }

    for (const p of processes) await p.kill('SIGTERM')
    processes.length = 0
    const ceiling = await rawNoopRate(5000, { concurrency: config.concurrency, pollInterval: 1000 })
    const ceilingLocalQueue = await rawNoopRate(20000, { concurrency: config.concurrency, pollInterval: 1000, localQueue: { size: 500 } })
    // dispatchChanges, then per client: entityChangeNotification, purgeWebCache, refreshLinks
    // and injectRCRecords for the one page using the item (deliverChanges only on a retry).
    const jobsPerEdit = 1 + 4 * config.clients
    const measured = Math.max(closed.jobsPerEdit ?? jobsPerEdit, 0.01)

    printTable(`Throughput, phase 1: ${config.edits} edits to ${config.items} items by ${config.writers} writers, ${config.clients} clients`, [closed])
    printTable('Throughput, phase 2: offered edit rates (backlog growth per second; > 0 means it does not keep up)', steps)
    printTable('Ceiling: raw graphile-worker no-op jobs/s on this machine', [
      { settings: `concurrency ${config.concurrency}, batched completion (as the plugin runs it)`, ...ceiling, jobsPerEditMeasured: closed.jobsPerEdit, editsPerSecondAtCeiling: Math.round(ceiling.jobsPerSecond / measured) },
      { settings: `concurrency ${config.concurrency}, batched completion, localQueue 500`, ...ceilingLocalQueue, jobsPerEditMeasured: closed.jobsPerEdit, editsPerSecondAtCeiling: Math.round(ceilingLocalQueue.jobsPerSecond / measured) }
    ])
    return {
      config, closedLoop: closed, backlogSamples: watch.samples, openLoopSteps: steps,
      jobsPerEditUncoalesced: jobsPerEdit, jobsPerEditMeasured: closed.jobsPerEdit, jobsByTask: jobs.runByTask, jobsQueuedByTask: jobs.queuedByTask,
      rawNoopCeiling: ceiling, rawNoopCeilingLocalQueue: ceilingLocalQueue,
      target: { editsPerSecond: 500, met: (closed.editsPerSecondFullyPropagated ?? 0) >= 500 }
    }
  } finally {
    for (const p of processes) await p.kill('SIGKILL')
    await farm.close()
  }
}
