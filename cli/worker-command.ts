import type { Command } from 'commander'
import Fastify, { type FastifyInstance } from 'fastify'
import type { AddressInfo } from 'node:net'
import wikibase from '../plugin/index.js'
import { wikibaseInternals } from '../plugin/facade.js'
import { loadWorkerConfig, workerWikis, WorkerFlagError, type WorkerFlags } from './worker-config.js'
import { serveMetrics, workerMetrics } from './worker-metrics.js'

export interface WorkerCommandFlags extends WorkerFlags {
  metricsPort?: string
  logLevel: string
}

/** What stops a running worker process: SIGTERM or SIGINT by default. */
export type StopSignal = (stop: () => void) => void

const onSignals: StopSignal = stop => {
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
}

/**
 * `fastify-wikibase worker`: the plugin registered on a Fastify instance that never listens,
 * once per wiki, with its worker on (wikis of one database and `schema.queue` share one
 * runner in the process: plugin/queue/shared-runner.ts): the same options (so the same role services, task list
 * and crontab) as the web processes, which run with `worker.enabled: false`. graphile-worker
 * processes on one database share its queues, so any number of these may run. On SIGTERM the
 * running jobs finish (the plugin's onClose stops the runner), then the process exits 0.
 */
export async function runWorker (flags: WorkerCommandFlags, waitForStop: StopSignal = onSignals): Promise<void> {
  let metricsPort: number | undefined
  if (flags.metricsPort !== undefined) {
    metricsPort = Number(flags.metricsPort)
    if (!Number.isInteger(metricsPort) || metricsPort < 0 || metricsPort > 65535) {
      throw new WorkerFlagError(`--metrics-port must be a port number (0-65535), got ${JSON.stringify(flags.metricsPort)}`)
    }
  }
  const config = flags.config === undefined ? null : await loadWorkerConfig(flags.config)
  const apps: FastifyInstance[] = []
  const closeAll = async (): Promise<void> => {
    for (const app of apps.splice(0).reverse()) await app.close()
    await config?.close()
  }
  let stopRequested = false
  const stopped = new Promise<void>(resolve => { waitForStop(() => { stopRequested = true; resolve() }) })
  try {
    for (const options of workerWikis(config?.wikis ?? null, flags)) {
      const app = Fastify({ logger: { level: flags.logLevel } })
      apps.push(app)
      await app.register(wikibase, options)
      await app.ready()
      app.log.info({ site: options.siteId }, 'fastify-wikibase: worker running')
      if (stopRequested) break
    }
  } catch (error) {
    await closeAll()
    throw error
  }
  const log = apps[0]!.log
  const metrics = workerMetrics(apps.map(app => {
    const runtime = wikibaseInternals(app)
    return { db: runtime.self, runner: () => runtime.worker?.runner }
  }))
  const onScrapeError = (error: Error): void => { log.warn({ err: error }, 'fastify-wikibase: metrics scrape failed') }
  const server = metricsPort === undefined ? null : await serveMetrics(metrics, metricsPort, onScrapeError)
  if (server !== null) log.info({ port: (server.address() as AddressInfo).port }, 'fastify-wikibase: metrics on /metrics')
  // Newly started runners (after a database outage) are counted too.
  const follow = setInterval(metrics.follow, 5000)
  follow.unref()
  // The parent (a test, a process manager) learns the process is up, with its metrics port.
  process.send?.({ type: 'worker-ready', metricsPort: server === null ? null : (server.address() as AddressInfo).port })
  await stopped
  log.info('fastify-wikibase: stopping; running jobs finish first')
  clearInterval(follow)
  server?.closeAllConnections()
  if (server !== null) await new Promise(resolve => server.close(resolve))
  await closeAll()
}

export function addWorkerCommand (program: Command): void {
  program.command('worker')
    .description('Run wikis\' jobs (dispatch, delivery, client updates) without a web server; SIGTERM lets running jobs finish, then exits')
    .option('--config <file>', 'plugin options of the wiki or farm: a .json file, or a module whose default export (or async function) ' +
      'gives the options or an array of them')
    .option('--database <url>', 'connection string for wikis that name no database (default: $DATABASE_URL)')
    .option('--site <id>', 'run only this wiki of the config (without --config: the wiki\'s global site id, default "wiki")')
    .option('--roles <roles>', 'without --config: the wiki\'s roles (repo, client or repo,client)', 'repo')
    .option('--concurrency <n>', 'jobs run at once per runner: wikis of one database and queue schema share one runner ' +
      '(default: the largest worker.concurrency of its wikis in the config, else 4)')
    .option('--metrics-port <port>', 'serve Prometheus metrics on GET /metrics at this port')
    .option('--log-level <level>', 'pino log level', 'warn')
    .action(async (flags: WorkerCommandFlags) => {
      await runWorker(flags)
    })
}
