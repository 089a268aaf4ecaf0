/**
 * A process that only runs job workers: the wikis of WIKIBASE_WORKER_SPEC (JSON, see
 * farm.ts WikiDefinition[]) with `worker.enabled`, each with the test host. Sends 'ready'
 * over IPC once every runner has started; SIGTERM closes gracefully, SIGKILL is the crash.
 * It counts the jobs its runners start, finish and fail per wiki and task, and answers the
 * IPC message 'job-stats' with them (`WorkerProcess.jobStats()` in farm.ts), so a test with
 * several worker processes can tell which one did what.
 */
import { startWikiApps, type WikiDefinition } from './farm.js'
import { type WorkerJobStats } from './child-workers.js'
import { wikibaseInternals } from '../../plugin/facade.js'
import { jobWiki } from '../../plugin/queue/job-wiki.js'

const definitions = JSON.parse(process.env.WIKIBASE_WORKER_SPEC ?? '[]') as WikiDefinition[]
const stats: WorkerJobStats = {}
let close = async (): Promise<void> => {}
let pools: Array<{ siteId: string, pool: { totalCount: number, idleCount: number, waitingCount: number } }> = []
try {
  const apps = await startWikiApps(definitions, true, undefined, process.env.WORKER_LOG_LEVEL ?? 'silent')
  close = apps.close
  pools = apps.wikis.map(w => ({ siteId: w.siteId, pool: w.pool }))
  // Wikis sharing a queue schema share one runner (plugin/queue/shared-runner.ts): listen to
  // each runner once and count each job for the wiki it carries (plugin/queue/job-wiki.ts).
  const runners = new Set<unknown>()
  for (const wiki of apps.wikis) {
    const events = wikibaseInternals(wiki.app).worker?.runner.events
    if (events === undefined || runners.has(events)) continue
    runners.add(events)
    const count = (job: Parameters<typeof jobWiki>[0] & { task_identifier: string }): { started: number, succeeded: number, failed: number } =>
      ((stats[jobWiki(job) ?? wiki.siteId] ??= {})[job.task_identifier] ??= { started: 0, succeeded: 0, failed: 0 })
    events.on('job:start', ({ job }) => { count(job).started += 1 })
    events.on('job:success', ({ job }) => { count(job).succeeded += 1 })
    events.on('job:error', ({ job }) => { count(job).failed += 1 })
  }
  process.send?.('ready')
} catch (error) {
  process.send?.(`failed: ${(error as Error).message}`)
  process.exit(1)
}

process.on('message', message => {
  if (message === 'job-stats') process.send?.({ type: 'job-stats', stats })
  // A test that sees a queue stall asks what the pools hold (on stderr, for the test's log).
  if (message === 'diagnose') {
    for (const { siteId, pool } of pools) console.error(`# worker process ${process.pid}, ${siteId}: pool ${pool.totalCount} connections, ${pool.idleCount} idle, ${pool.waitingCount} waiting`)
  }
})
process.once('SIGTERM', () => {
  void (async () => {
    await close()
    process.exit(0)
  })()
})
process.on('disconnect', () => { process.exit(0) })
