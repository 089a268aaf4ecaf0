import { EventEmitter } from 'node:events'
import { run, type Runner, type WorkerEvents } from 'graphile-worker'
import type { FastifyBaseLogger } from 'fastify'
import type { WorkerSettings } from '../options.js'
import type { WikiDatabase } from '../db/wiki-database.js'
import type { ForbiddenFlagsFn, TaskList } from 'graphile-worker'
import { graphileLogger } from './graphile-logger.js'
import { startLivenessMonitor } from './worker-liveness.js'

export interface WorkerStart {
  db: Pick<WikiDatabase, 'pool' | 'dataSchema' | 'queueSchema'>
  settings: WorkerSettings
  taskList: TaskList
  crontab: string
  log: FastifyBaseLogger
  /** Jobs with these flags are left for other processes (job-router.ts). */
  forbiddenFlags?: ForbiddenFlagsFn
  /** Data schemas whose `wb_job_workers` get the heartbeats (default: db's): every wiki the runner serves. */
  heartbeatSchemas?: () => readonly string[]
}

/** A running queue: graphile-worker's runner, restarted when it dies, and its heartbeat. */
export interface WikiWorker {
  /** The current runner (a new one after each restart). */
  readonly runner: Runner
  /** Ids of the current runner's workers: the ones that beat. */
  workerIds: () => readonly string[]
  /** How many times the runner died and was started again. */
  readonly restarts: number
  /** Waits for running jobs, then stops beating. */
  stop: () => Promise<void>
}

const RESTART_DELAY_MS = { first: 500, max: 30_000 }
/** How long a runner that began shutting down on its own may take before it is given up. */
const SELF_SHUTDOWN_GRACE_MS = 60_000

/**
 * Runs this wiki's queue in-process on the shared pool; the host's signal handlers stay in
 * charge. When the database goes away under a running job, graphile-worker 0.17 cannot mark
 * the job done: unbatched, that is an unhandled rejection that kills the process; batched
 * (as here), the runner shuts down. So the runner is supervised: restarted with backoff
 * until the database answers again. The dead runner's workers stop beating, and the jobs
 * they held are freed once `deadAfter` has passed (worker-liveness.ts).
 *
 * A runner counts as dead once its own shutdown has let its jobs go, not when its promise
 * settles: after two failed batches of one kind (two jobs whose outcome was lost at two
 * moments of an outage), graphile-worker's batcher miscounts its pending batches (its
 * backpressure is never cleared: node_modules/graphile-worker/dist/main.js, batch(), 0.17.3
 * and 0.18.0) and the pool's terminate() waits forever, so that promise never settles.
 */
export async function startWorker ({ db, settings, taskList, crontab, log, forbiddenFlags, heartbeatSchemas }: WorkerStart): Promise<WikiWorker> {
  let ids = new Set<string>()
  /** A started runner and what settles once it has stopped working (with its error, if any). */
  interface Launched { runner: Runner, stopped: Promise<unknown> }
  const launch = async (): Promise<Launched> => {
    const events: WorkerEvents = new EventEmitter()
    const launched = new Set<string>()
    // Jobs are locked by worker id (or by the pool's id when a local queue is used).
    events.on('worker:create', ({ worker }) => { launched.add(worker.workerId) })
    events.on('pool:create', ({ workerPool }) => { launched.add(workerPool.id) })
    const shutDown = shutdownEnded(events, SELF_SHUTDOWN_GRACE_MS)
    const runner = await run({
      pgPool: db.pool,
      schema: db.queueSchema,
      concurrency: settings.concurrency,
      pollInterval: settings.pollInterval,
      noHandleSignals: true,
      taskList,
      crontab,
      ...(forbiddenFlags === undefined ? {} : { forbiddenFlags }),
      events,
      logger: graphileLogger(log),
      preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } }
    })
    ids = launched
    const exited = runner.promise.then(() => undefined, (error: unknown) => error ?? new Error('the job runner failed'))
    return { runner, stopped: Promise.race([exited, shutDown]) }
  }

  let current = await launch()
  let stopping = false
  let restarts = 0
  let failuresInRow = 0
  let timer: NodeJS.Timeout | undefined

  const supervise = (launched: Launched): void => {
    void launched.stopped.then(error => {
      if (stopping || launched !== current) return
      ids = new Set()
      // Its cron and the rest the runner holds are released even when its pool hangs (not awaited).
      launched.runner.stop().catch(() => {})
      scheduleRestart(error)
    })
  }
  const scheduleRestart = (error: unknown): void => {
    const delay = Math.min(RESTART_DELAY_MS.max, RESTART_DELAY_MS.first * 2 ** failuresInRow)
    failuresInRow += 1
    log.error({ err: error, queue: db.queueSchema, restartInMs: delay }, 'fastify-wikibase: the job runner stopped; restarting it')
    timer = setTimeout(() => {
      timer = undefined
      if (stopping) return
      launch().then(launched => {
        if (stopping) { void launched.runner.stop(); return }
        current = launched
        restarts += 1
        failuresInRow = 0
        log.warn({ queue: db.queueSchema, restarts }, 'fastify-wikibase: job runner restarted')
        supervise(launched)
      }, scheduleRestart)
    }, delay)
    timer.unref()
  }
  supervise(current)

  const workerIds = (): readonly string[] => [...ids]
  const liveness = startLivenessMonitor(db.pool, db, workerIds, settings, log, heartbeatSchemas)
  return {
    get runner () { return current.runner },
    get restarts () { return restarts },
    workerIds,
    stop: async () => {
      stopping = true
      if (timer !== undefined) clearTimeout(timer)
      try {
        // Waits for running jobs; a runner whose pool already shut down (on its own) only
        // releases its cron, even when that pool never finishes.
        await current.runner.stop()
      } catch (error) {
        // A runner that already died cannot be stopped again; nothing is running.
        log.debug({ err: error }, 'fastify-wikibase: job runner was already stopped')
      } finally {
        await liveness.stop()
      }
    }
  }
}

/**
 * Settles once a pool's graceful shutdown has let its jobs go (with the shutdown's error, if
 * any), or `graceMs` after it began when it has not by then (a job that never returns: its
 * lock is freed with the others and the job runs again elsewhere). The pool may go on
 * shutting down; it takes no new job.
 */
function shutdownEnded (events: WorkerEvents, graceMs: number): Promise<unknown> {
  return new Promise(resolve => {
    let timer: NodeJS.Timeout | undefined
    // Why the pool shut down ("Could not completeJobs; …" when it did on its own).
    let reason = 'the job runner shut down'
    const done = (error: unknown): void => { clearTimeout(timer); resolve(error) }
    events.once('pool:gracefulShutdown:complete', () => { done(new Error(reason)) })
    events.once('pool:gracefulShutdown:error', ({ error }) => { done(error) })
    events.once('pool:gracefulShutdown', ({ message }) => {
      reason = message
      timer = setTimeout(() => { done(new Error(`${reason}; the runner did not finish shutting down within ${graceMs} ms`)) }, graceMs)
      timer.unref()
    })
  })
}
