import { EventEmitter } from 'node:events'
import { run, type Runner, type WorkerEvents } from 'graphile-worker'
import type { FastifyBaseLogger } from 'fastify'
import type { WorkerSettings } from '../options.js'
import type { WikiDatabase } from '../db/wiki-database.js'
import type { TaskList } from 'graphile-worker'
import { graphileLogger } from './graphile-logger.js'
import { startLivenessMonitor } from './worker-liveness.js'

export interface WorkerStart {
  db: WikiDatabase
  settings: WorkerSettings
  taskList: TaskList
  crontab: string
  log: FastifyBaseLogger
}

/** The running queue of one wiki: graphile-worker's runner and the heartbeat of its workers. */
export interface WikiWorker {
  runner: Runner
  workerIds: () => readonly string[]
  /** Waits for running jobs, then stops beating. */
  stop: () => Promise<void>
}

/** Runs this wiki's queue in-process on the shared pool; the host's signal handlers stay in charge. */
export async function startWorker ({ db, settings, taskList, crontab, log }: WorkerStart): Promise<WikiWorker> {
  const events: WorkerEvents = new EventEmitter()
  const ids = new Set<string>()
  // Jobs are locked by worker id (or by the pool's id when a local queue is used).
  events.on('worker:create', ({ worker }) => { ids.add(worker.workerId) })
  events.on('pool:create', ({ workerPool }) => { ids.add(workerPool.id) })
  const runner = await run({
    pgPool: db.pool,
    schema: db.queueSchema,
    concurrency: settings.concurrency,
    pollInterval: settings.pollInterval,
    noHandleSignals: true,
    taskList,
    crontab,
    events,
    logger: graphileLogger(log)
  })
  const workerIds = (): readonly string[] => [...ids]
  const liveness = startLivenessMonitor(db.pool, db, workerIds, settings, log)
  return {
    runner,
    workerIds,
    stop: async () => {
      try { await runner.stop() } finally { await liveness.stop() }
    }
  }
}
