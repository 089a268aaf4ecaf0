/**
 * Open-loop load: edits sent at a fixed offered rate for a while, whatever the system does
 * (a closed loop slows down with the system and hides a growing backlog); the backlog before
 * and after gives its slope: > 0 means the rate is not sustained.
 */
import { changeBacklog, distinctQueues, drained, queueLength, type Farm } from './farm.js'
import { sleep } from './report.js'

export interface OpenLoopStep {
  offeredEditsPerSecond: number
  achievedEditsPerSecond: number
  lateSends: number
  /** Edits that failed (e.g. no connection left): counted, so one failure does not end the run. */
  failedEdits: number
  backlogAtStart: number
  changeBacklogGrowthPerSecond: number
  jobBacklogGrowthPerSecond: number
  secondsToDrainAfter: number | null
}

async function backlog (farm: Farm): Promise<{ changes: number, jobs: number }> {
  const [changes, jobs] = await Promise.all([
    changeBacklog(farm),
    Promise.all(distinctQueues([farm.repo, ...farm.clients]).map(queueLength)).then(l => l.reduce((a, b) => a + b, 0))
  ])
  return { changes, jobs }
}

/**
 * Waits for a drained farm (up to `drainTimeoutSeconds`), then sends `rate` edits/s for
 * `seconds` (`edit(i)`, at most `inFlight` at once), then waits for the drain again.
 */
export async function openLoopStep (farm: Farm, rate: number, seconds: number, inFlight: number, drainTimeoutSeconds: number, edit: (i: number) => Promise<unknown>): Promise<OpenLoopStep> {
  const startedDrained = await drained(farm, drainTimeoutSeconds * 1000)
  const before = await backlog(farm)
  const s0 = performance.now()
  const n = Math.round(rate * seconds)
  const pending: Array<Promise<unknown>> = []
  let late = 0
  let failed = 0
  for (let i = 0; i < n; i++) {
    const wait = s0 + (i * 1000) / rate - performance.now()
    if (wait > 0) await sleep(wait); else late += 1
    pending.push(edit(i).catch(() => { failed += 1 }))
    if (pending.length >= inFlight) await Promise.race(pending.splice(0, 1))
  }
  await Promise.all(pending)
  const sent = (performance.now() - s0) / 1000
  const after = await backlog(farm)
  const drainStart = performance.now()
  const ok = await drained(farm, drainTimeoutSeconds * 1000)
  const per = (x: number): number => Math.round((x / seconds) * 10) / 10
  return {
    offeredEditsPerSecond: rate,
    achievedEditsPerSecond: Math.round(n / sent),
    lateSends: late,
    failedEdits: failed,
    backlogAtStart: startedDrained ? 0 : before.changes + before.jobs,
    changeBacklogGrowthPerSecond: per(after.changes - before.changes),
    jobBacklogGrowthPerSecond: per(after.jobs - before.jobs),
    secondsToDrainAfter: ok ? Math.round(((performance.now() - drainStart) / 1000) * 10) / 10 : null
  }
}
