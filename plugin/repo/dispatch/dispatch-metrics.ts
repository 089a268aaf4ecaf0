import { Gauge, Registry } from 'prom-client'
import type { Pool } from 'pg'
import type { WikiDatabase } from '../../db/wiki-database.js'
import { dispatchStats } from './dispatch-stats.js'

export interface DispatchMetrics {
  registry: Registry
  /** Reads the backlog once and sets every gauge; call before `registry.metrics()`. */
  refresh: () => Promise<void>
}

/**
 * Prometheus metrics of dispatch, read from the database at scrape time (so every web node
 * reports the same backlog). One registry per plugin instance: several wikis may run in one
 * process.
 */
export function dispatchMetrics (pool: Pool, db: Pick<WikiDatabase, 'dataSchema' | 'siteId'>, clients: readonly string[]): DispatchMetrics {
  const registry = new Registry()
  registry.setDefaultLabels({ repo: db.siteId })
  const gauge = (name: string, help: string, labelNames: string[] = []): Gauge => new Gauge({ name, help, labelNames, registers: [registry] })
  const backlog = gauge('wikibase_dispatch_backlog_changes', 'wb_changes rows not yet delivered to every target')
  const oldest = gauge('wikibase_dispatch_backlog_oldest_seconds', 'age of the oldest undelivered change')
  const pending = gauge('wikibase_dispatch_client_pending_changes', 'changes waiting for delivery to a client', ['client'])
  const lag = gauge('wikibase_dispatch_client_lag_seconds', 'age of the oldest change waiting for a client', ['client'])
  const delivered = gauge('wikibase_dispatch_client_delivered_changes', 'changes delivered to a client since the repo was created', ['client'])
  // prom-client collects gauges in parallel, so one query per scrape sets them all first.
  const refresh = async (): Promise<void> => {
    const stats = await dispatchStats(pool, db, clients)
    backlog.set(stats.numberOfChanges)
    oldest.set(stats.oldestAgeSeconds)
    for (const client of stats.clients) {
      pending.set({ client: client.siteId }, client.pendingChanges)
      lag.set({ client: client.siteId }, client.lagSeconds)
      delivered.set({ client: client.siteId }, client.deliveredTotal)
    }
  }
  return { registry, refresh }
}
