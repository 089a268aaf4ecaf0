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

/**
 * Runs this wiki's queue in-process on the shared pool; the host's signal handlers stay in
 * charge. When the database goes away under a running job, graphile-worker 0.17 cannot mark
 * the job done: unbatched, that is an unhandled rejection that kills the process; batched
 * (as here), the runner shuts down. So the runner is supervised: restarted with backoff
 * until the database answers again. The dead runner's workers stop beating, and the jobs
 * they held are freed once `deadAfter` has passed (worker-liveness.ts).
 */
export async function startWorker ({ db, settings, taskList, crontab, log, forbiddenFlags, heartbeatSchemas }: WorkerStart): Promise<WikiWorker> {
  let ids = new Set<string>()
  const launch = async (): Promise<Runner> => {
    const events: WorkerEvents = new EventEmitter()
    const launched = new Set<string>()
    // Jobs are locked by worker id (or by the pool's id when a local queue is used).
    events.on('worker:create', ({ worker }) => { launched.add(worker.workerId) })
    events.on('pool:create', ({ workerPool }) => { launched.add(workerPool.id) })
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
    return runner
  }

  let current = await launch()
  let stopping = false
  let restarts = 0
  let failuresInRow = 0
  let timer: NodeJS.Timeout | undefined

  const supervise = (runner: Runner): void => {
    runner.promise.then(() => { onExit(runner, undefined) }, error => { onExit(runner, error) })
  }
  const onExit = (runner: Runner, error: unknown): void => {
    if (stopping || runner !== current) return
    ids = new Set()
    scheduleRestart(error)
  }
  const scheduleRestart = (error: unknown): void => {
    const delay = Math.min(RESTART_DELAY_MS.max, RESTART_DELAY_MS.first * 2 ** failuresInRow)
    failuresInRow += 1
    log.error({ err: error, queue: db.queueSchema, restartInMs: delay }, 'fastify-wikibase: the job runner stopped; restarting it')
    timer = setTimeout(() => {
      timer = undefined
      if (stopping) return
      launch().then(runner => {
        if (stopping) { void runner.stop(); return }
        current = runner
        restarts += 1
        failuresInRow = 0
        log.warn({ queue: db.queueSchema, restarts }, 'fastify-wikibase: job runner restarted')
        supervise(runner)
      }, scheduleRestart)
    }, delay)
    timer.unref()
  }
  supervise(current)

  const workerIds = (): readonly string[] => [...ids]
  const liveness = startLivenessMonitor(db.pool, db, workerIds, settings, log, heartbeatSchemas)
  return {
    get runner () { return current },
    get restarts () { return restarts },
    workerIds,
    stop: async () => {
      stopping = true
      if (timer !== undefined) clearTimeout(timer)
      try {
        await current.stop()
      } catch (error) {
        // A runner that already died cannot be stopped again; nothing is running.
        log.debug({ err: error }, 'fastify-wikibase: job runner was already stopped')
      } finally {
        await liveness.stop()
      }
    }
  }
}
