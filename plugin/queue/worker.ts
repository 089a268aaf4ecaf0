import { run, type Runner } from 'graphile-worker'
import type { FastifyBaseLogger } from 'fastify'
import type { WorkerSettings } from '../options.js'
import type { WikiDatabase } from '../db/wiki-database.js'
import type { TaskList } from 'graphile-worker'
import { graphileLogger } from './graphile-logger.js'

export interface WorkerStart {
  db: WikiDatabase
  settings: WorkerSettings
  taskList: TaskList
  crontab: string
  log: FastifyBaseLogger
}

/** Runs this wiki's queue in-process on the shared pool; the host's signal handlers stay in charge. */
export async function startWorker ({ db, settings, taskList, crontab, log }: WorkerStart): Promise<Runner> {
  return await run({
    pgPool: db.pool,
    schema: db.queueSchema,
    concurrency: settings.concurrency,
    pollInterval: settings.pollInterval,
    noHandleSignals: true,
    taskList,
    crontab,
    logger: graphileLogger(log)
  })
}
