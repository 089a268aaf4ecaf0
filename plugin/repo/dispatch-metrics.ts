import { Gauge, Registry } from 'prom-client'
import type { Pool } from 'pg'
import type { WikiDatabase } from '../db/wiki-database.js'
import { dispatchStats } from './dispatch-stats.js'

/**
 * Prometheus metrics of dispatch, read from the database at scrape time (so every web node
 * reports the same backlog). One registry per plugin instance: several wikis may run in one
 * process.
 */
export function dispatchMetrics (pool: Pool, db: Pick<WikiDatabase, 'dataSchema' | 'siteId'>, clients: readonly string[]): Registry {
  const registry = new Registry()
  registry.setDefaultLabels({ repo: db.siteId })
  // One query per scrape feeds all gauges; collect() of the first gauge registered runs it.
  const backlog: Gauge = new Gauge({
    name: 'wikibase_dispatch_backlog_changes',
    help: 'wb_changes rows not yet delivered to every target',
    registers: [registry],
    collect: async () => {
      const stats = await dispatchStats(pool, db, clients)
      backlog.set(stats.numberOfChanges)
      oldest.set(stats.oldestAgeSeconds)
      for (const client of stats.clients) {
        pending.set({ client: client.siteId }, client.pendingChanges)
        lag.set({ client: client.siteId }, client.lagSeconds)
        delivered.set({ client: client.siteId }, client.deliveredTotal)
      }
    }
  })
  const oldest = new Gauge({ name: 'wikibase_dispatch_backlog_oldest_seconds', help: 'age of the oldest undelivered change', registers: [registry] })
  const pending = new Gauge({ name: 'wikibase_dispatch_client_pending_changes', help: 'changes waiting for delivery to a client', labelNames: ['client'], registers: [registry] })
  const lag = new Gauge({ name: 'wikibase_dispatch_client_lag_seconds', help: 'age of the oldest change waiting for a client', labelNames: ['client'], registers: [registry] })
  const delivered = new Gauge({ name: 'wikibase_dispatch_client_delivered_changes', help: 'changes delivered to a client since the repo was created', labelNames: ['client'], registers: [registry] })
  return registry
}
