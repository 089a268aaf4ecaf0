/**
 * (1) Propagation latency: a repo and 3 clients (own databases, workers in this process);
 * one edit at a time; from the edit's commit (editEntity resolved) to the recentchanges row
 * committed on every subscribed client (LISTEN/NOTIFY from a trigger on the row).
 */
import { createItems, editLabel, startFarm, usePages, watchRecentChanges, type RcArrival } from './lib/farm.js'
import { rawRoundTrip } from './lib/raw-queue.js'
import { printTable, sleep, summary } from './lib/report.js'

export interface LatencyConfig { edits: number, clients: number, concurrency: number, pollInterval: number, rawSamples: number }

export async function latencyBench (config: LatencyConfig): Promise<Record<string, unknown>> {
  const farm = await startFarm({ label: 'latency', clients: config.clients, workers: 'in-process', worker: { concurrency: config.concurrency, pollInterval: config.pollInterval } })
  try {
    const items = await createItems(farm, 20)
    await usePages(farm, items, 1, 'L.en')
    const arrivals = new Map<string, RcArrival[]>()
    const stop = await watchRecentChanges(farm.clients, arrival => {
      const list = arrivals.get(arrival.key) ?? []
      list.push(arrival)
      arrivals.set(arrival.key, list)
    })
    const total: number[] = []
    const perClient: number[] = []
    const missing: string[] = []
    const warmup = 10
    const started = performance.now()
    for (let i = 0; i < config.edits + warmup; i++) {
      const entity = items[i % items.length]!
      const result = await editLabel(farm, entity, `Label ${i}`)
      const t0 = performance.now()
      const key = `${entity}:${result.revision.revisionId}`
      const deadline = t0 + 10_000
      while ((arrivals.get(key)?.length ?? 0) < farm.clients.length && performance.now() < deadline) await sleep(0.5)
      const got = arrivals.get(key) ?? []
      if (got.length < farm.clients.length) { missing.push(key); continue }
      if (i < warmup) continue
      const times = got.map(a => Math.max(0, a.at - t0))
      total.push(Math.max(...times))
      perClient.push(...times)
      arrivals.delete(key)
    }
    const seconds = (performance.now() - started) / 1000
    await stop()
    const raw = summary(await rawRoundTrip(config.rawSamples, { concurrency: config.concurrency, pollInterval: config.pollInterval }))
    const all = summary(total)
    const one = summary(perClient)
    printTable(`Propagation latency, ${config.clients} clients, ${total.length} edits one at a time (ms)`, [
      { measure: 'edit commit → RC row on every client', ...all },
      { measure: 'edit commit → RC row on one client', ...one },
      { measure: 'raw graphile-worker add_job → task start', ...raw },
      { measure: 'ratio p50 (every client / raw)', p50: Math.round((all.p50 / raw.p50) * 10) / 10 }
    ])
    return {
      config, seconds: Math.round(seconds), missing: missing.length,
      everyClientMs: all, oneClientMs: one, rawRoundTripMs: raw,
      targets: { p50Ms: 30, p99Ms: 150, p50Met: all.p50 < 30, p99Met: all.p99 < 150 }
    }
  } finally {
    await farm.close()
  }
}
