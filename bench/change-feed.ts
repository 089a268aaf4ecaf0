/**
 * (7) Change feed (issue 19.1): 1,000 concurrent SSE listeners on GET /wikibase/v1/changes of
 * one repo on the loopback, while writers save edits. Measures the events delivered per second
 * (summed over listeners), edit → event latency (edit transaction start → event parsed by a
 * listener) and the process RSS with the listeners open. The listeners run in the same process
 * as the repo, so RSS and CPU include the client side. Measured here, not asserted in a test.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomBytes } from 'node:crypto'
import Fastify from 'fastify'
import wikibase from '../plugin/index.js'
import { wikibaseInternals } from '../plugin/facade.js'
import { withTransaction } from '../plugin/db/wiki-database.js'
import { notifyOnEntityEdit } from '../plugin/repo/dispatch/change-notifier.js'
import { newEntityChange } from '../plugin/changes/entity-change.js'
import { parseEntityId } from '../hooks/ids.js'
import { createDatabase, dropDatabase } from './lib/bench-cluster.js'
import { printTable } from './lib/report.js'
import { SseClient } from './lib/sse-client.js'

export interface ChangeFeedBenchConfig {
  listeners: number
  edits: number
  /** Concurrent writers, each saving its edits one after the other. */
  writers: number
}

const MiB = 2 ** 20
const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits

export async function changeFeedBench (config: ChangeFeedBenchConfig): Promise<Record<string, unknown>> {
  const name = `wbb_feed_${randomBytes(3).toString('hex')}`
  const url = await createDatabase(name)
  const app = Fastify({ logger: false })
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity })
  const clients: SseClient[] = []
  try {
    await app.register(wikibase, { siteId: 'repo', roles: ['repo'], database: url, worker: { enabled: false } })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/wikibase/v1/changes`
    global.gc?.()
    const rssBefore = process.memoryUsage.rss()
    const connectStarted = performance.now()
    for (let i = 0; i < config.listeners; i++) clients.push(new SseClient(base, {}, agent))
    await Promise.all(clients.map(async client => { await client.waitFor(c => c.comments >= 1, 60_000) }))
    const connectSeconds = (performance.now() - connectStarted) / 1000
    const rssListening = process.memoryUsage.rss()

    const { self, options } = wikibaseInternals(app)
    const deps = { db: self, centralUserId: async () => 0, dispatchDelayMs: options.repoSettings.dispatchDelay }
    const startedAt = new Map<string, number>()
    let next = 0
    const editsStarted = performance.now()
    let peakRss = rssListening
    const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage.rss()) }, 20)
    await Promise.all(Array.from({ length: config.writers }, async () => {
      while (next < config.edits) {
        next += 1
        const entity = `Q${next}`
        startedAt.set(entity, performance.now())
        await withTransaction(self.pool, async tx => {
          await notifyOnEntityEdit(tx, newEntityChange('update', parseEntityId(entity), { revisionId: next }), { pageId: next, revisionId: next, rcId: next }, deps)
        })
      }
    }))
    const editSeconds = (performance.now() - editsStarted) / 1000
    await Promise.all(clients.map(async client => { await client.waitFor(c => c.events.length >= config.edits, 120_000) }))
    clearInterval(sampler)
    const lastEvent = Math.max(...clients.map(c => c.events.at(-1)!.receivedAt))
    const deliverySeconds = (lastEvent - editsStarted) / 1000
    const inOrder = clients.every(c => c.events.length === config.edits && c.events.every((e, i) => i === 0 || e.id > c.events[i - 1]!.id))
    const latencies = clients.flatMap(c => c.events.map(e => e.receivedAt - startedAt.get(String(e.data.entityId))!))
    // Sorted once (200,000 samples: too many to spread into Math.min/max).
    latencies.sort((a, b) => a - b)
    const at = (p: number): number => latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil((p / 100) * latencies.length) - 1))]!
    const stats = { p50: at(50), p95: at(95), p99: at(99), max: latencies.at(-1)! }
    const delivered = clients.reduce((n, c) => n + c.events.length, 0)
    const result = {
      listeners: config.listeners,
      edits: config.edits,
      writers: config.writers,
      connectSeconds: round(connectSeconds, 2),
      editsPerSecond: round(config.edits / editSeconds),
      deliveredEvents: delivered,
      deliveredEventsPerSecond: Math.round(delivered / deliverySeconds),
      everyListenerGotEveryEditInOrder: inOrder,
      latencyMs: { p50: round(stats.p50), p95: round(stats.p95), p99: round(stats.p99), max: round(stats.max) },
      rssMiB: { before: Math.round(rssBefore / MiB), withListeners: Math.round(rssListening / MiB), peakWhileEditing: Math.round(peakRss / MiB) },
      rssPerListenerKiB: round((rssListening - rssBefore) / config.listeners / 1024)
    }
    printTable('change feed: SSE listeners', [{
      listeners: result.listeners, edits: result.edits, 'edits/s': result.editsPerSecond, 'events/s': result.deliveredEventsPerSecond,
      'p50 ms': result.latencyMs.p50, 'p99 ms': result.latencyMs.p99, 'RSS MiB': result.rssMiB.withListeners, 'peak MiB': result.rssMiB.peakWhileEditing, inOrder
    }])
    return result
  } finally {
    for (const client of clients) client.close()
    agent.destroy()
    await app.close()
    await dropDatabase(name)
  }
}
