import { createServer, type Server } from 'node:http'
import { escapeIdentifier } from 'pg'
import { Counter, Gauge, Registry } from 'prom-client'
import type { Runner } from 'graphile-worker'
import type { WikiDatabase } from '../plugin/db/wiki-database.js'
import { jobWiki, wikiFlag } from '../plugin/queue/job-wiki.js'

/** One wiki as the metrics see it: its queue, and its current runner (a new one after a restart). */
export interface MeteredWiki {
  db: WikiDatabase
  runner: () => Runner | undefined
}

export interface WorkerMetrics {
  registry: Registry
  /** Counts the jobs of runners started since the last call (the plugin restarts dead runners). */
  follow: () => void
}

/**
 * Prometheus metrics of one worker process: jobs done and failed by this process (counters,
 * per wiki and task) and each queue's length, read from the database at scrape time (the
 * same on every worker of the wiki).
 */
export function workerMetrics (wikis: readonly MeteredWiki[]): WorkerMetrics {
  const registry = new Registry()
  const labelNames = ['site', 'task']
  const done = new Counter({ name: 'wikibase_worker_jobs_succeeded_total', help: 'jobs this process ran to success', labelNames, registers: [registry] })
  const failed = new Counter({
    name: 'wikibase_worker_jobs_failed_total', help: 'job attempts that failed in this process (retried until max attempts)', labelNames, registers: [registry]
  })
  const followed = new WeakSet<Runner>()
  const follow = (): void => {
    for (const wiki of wikis) {
      const runner = wiki.runner()
      if (runner === undefined || followed.has(runner)) continue
      followed.add(runner)
      // Wikis of one queue share one runner (followed once): each job counts for the wiki it is marked for.
      const site = (job: Parameters<typeof jobWiki>[0]): string => jobWiki(job) ?? wiki.db.siteId
      runner.events.on('job:success', ({ job }) => { done.inc({ site: site(job), task: job.task_identifier }) })
      runner.events.on('job:error', ({ job }) => { failed.inc({ site: site(job), task: job.task_identifier }) })
    }
  }
  follow()
  const queued = new Gauge({
    name: 'wikibase_worker_queue_jobs',
    help: 'jobs waiting or running in the wiki\'s queue (not yet failed for good)',
    labelNames: ['site'],
    registers: [registry],
    collect: async () => {
      follow()
      for (const wiki of wikis) {
        const q = escapeIdentifier(wiki.db.queueSchema)
        // The wiki's jobs: marked for it, or unmarked (older jobs, one wiki per queue then).
        const { rows } = await wiki.db.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ${q}._private_jobs WHERE attempts < max_attempts AND (flags IS NULL OR flags ? $1)`, [wikiFlag(wiki.db.siteId)])
        queued.set({ site: wiki.db.siteId }, rows[0]!.n)
      }
    }
  })
  return { registry, follow }
}

/** Serves `GET /metrics` on `port` (0: any free port); everything else is 404. */
export async function serveMetrics (metrics: WorkerMetrics, port: number, onError: (error: Error) => void): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: GET /metrics\n')
      return
    }
    metrics.registry.metrics().then(text => {
      res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text)
    }, (error: Error) => {
      onError(error)
      res.writeHead(503, { 'content-type': 'text/plain' }).end('metrics unavailable: the database did not answer\n')
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, () => { server.off('error', reject); resolve() })
  })
  return server
}
