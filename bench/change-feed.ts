/**
 * (7) Change feed (issue 19.1): 1,000 concurrent SSE listeners on GET /wikibase/v1/changes of
 * one repo on the loopback, while writers save edits. Measures the events delivered per second
 * (summed over listeners), edit → event latency (edit transaction start → event parsed by a
 * listener) and the repo process's RSS with the listeners open. The listeners run in a child
 * process (bench/lib/feed-listeners.ts) on the same 2 cores. Measured here, not asserted in a test.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
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
  let child: ChildProcess | undefined
  try {
    await app.register(wikibase, { siteId: 'repo', roles: ['repo'], database: url, worker: { enabled: false } })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/wikibase/v1/changes`
    global.gc?.()
    const rssBefore = process.memoryUsage.rss()
    const connectStarted = performance.now()
    child = spawn(process.execPath, ['--import', 'tsx', LISTENERS_SCRIPT, base, String(config.listeners), String(config.edits)], { stdio: ['ignore', 'pipe', 'inherit'] })
    const lines = childLines(child)
    if (await lines.next() !== 'ready') throw new Error('feed listeners did not start')
    const connectSeconds = (performance.now() - connectStarted) / 1000
    const rssListening = process.memoryUsage.rss()

    const { self, options } = wikibaseInternals(app)
    const deps = { db: self, centralUserId: async () => 0, dispatchDelayMs: options.repoSettings.dispatchDelay, dispatchShards: options.repoSettings.dispatchShards }
    const startedAt = new Map<string, number>()
    let next = 0
    const editsStarted = performance.timeOrigin + performance.now()
    let peakRss = rssListening
    const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage.rss()) }, 20)
    await Promise.all(Array.from({ length: config.writers }, async () => {
      while (next < config.edits) {
        next += 1
        const entity = `Q${next}`
        startedAt.set(entity, performance.timeOrigin + performance.now())
        await withTransaction(self.pool, async tx => {
          await notifyOnEntityEdit(tx, newEntityChange('update', parseEntityId(entity), { revisionId: next }), { pageId: next, revisionId: next, rcId: next }, deps)
        })
      }
    }))
    const editSeconds = (performance.timeOrigin + performance.now() - editsStarted) / 1000
    const streams = JSON.parse(await lines.next()) as Array<Array<[string, number, number]>>
    clearInterval(sampler)
    const lastEvent = Math.max(...streams.map(events => events.at(-1)![2]))
    const deliverySeconds = (lastEvent - editsStarted) / 1000
    const inOrder = streams.every(events => events.length === config.edits && events.every((e, i) => i === 0 || e[1] > events[i - 1]![1]))
    // Sorted once (200,000 samples: too many to spread into Math.min/max).
    const latencies = streams.flatMap(events => events.map(([entity, , at]) => at - startedAt.get(entity)!)).sort((a, b) => a - b)
    const at = (p: number): number => latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil((p / 100) * latencies.length) - 1))]!
    const delivered = latencies.length
    const result = {
      listeners: config.listeners,
      edits: config.edits,
      writers: config.writers,
      connectSeconds: round(connectSeconds, 2),
      editsPerSecond: round(config.edits / editSeconds),
      deliveredEvents: delivered,
      deliveredEventsPerSecond: Math.round(delivered / deliverySeconds),
      everyListenerGotEveryEditInOrder: inOrder,
      latencyMs: { p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), max: round(latencies.at(-1)!) },
      repoRssMiB: { before: Math.round(rssBefore / MiB), withListeners: Math.round(rssListening / MiB), peakWhileEditing: Math.round(peakRss / MiB) },
      repoRssPerListenerKiB: round((rssListening - rssBefore) / config.listeners / 1024)
    }
    printTable('change feed: SSE listeners (in a child process)', [{
      listeners: result.listeners, edits: result.edits, 'edits/s': result.editsPerSecond, 'events/s': result.deliveredEventsPerSecond,
      'p50 ms': result.latencyMs.p50, 'p99 ms': result.latencyMs.p99, 'repo RSS MiB': result.repoRssMiB.withListeners, 'peak MiB': result.repoRssMiB.peakWhileEditing, inOrder
    }])
    return result
  } finally {
    child?.kill()
    await app.close()
    await dropDatabase(name)
  }
}

const LISTENERS_SCRIPT = fileURLToPath(new URL('./lib/feed-listeners.ts', import.meta.url))

/** The child's stdout, line by line. */
function childLines (child: ChildProcess): { next: () => Promise<string> } {
  const rl = createInterface({ input: child.stdout! })
  const iterator = rl[Symbol.asyncIterator]()
  return {
    next: async () => {
      const { value, done } = await iterator.next()
      if (done === true) throw new Error('feed listeners exited early')
      return value as string
    }
  }
}
