/**
 * `npm run bench [-- latency throughput burst clients100 usage coalescing sites term-search change-feed remote]`: runs the benchmarks (all by
 * default) on DATABASE_URL (else an embedded PostgreSQL), prints a table each and writes
 * bench/results/<name>.json with the machine they ran on. Sizes: BENCH_SCALE (default 1).
 */
import { cluster } from './lib/bench-cluster.js'
import { machine, writeResult } from './lib/report.js'
import { latencyBench } from './latency.js'
import { throughputBench } from './throughput.js'
import { coalescingBench } from './coalescing.js'
import { usageBench } from './usage.js'
import { sitesBench } from './sites.js'
import { termSearchBench } from './term-search.js'
import { burstBench } from './burst.js'
import { clients100Bench } from './clients100.js'
import { changeFeedBench } from './change-feed.js'
import { remoteBench } from './remote.js'
// The clients of a one-database farm share one runner: its concurrency serves all of them
// (one per client when each has its own runner).
import { SHARED_CLIENT_QUEUE } from './lib/farm.js'

const scale = Number(process.env.BENCH_SCALE ?? '1')
const wanted = new Set(process.argv.slice(2))
const want = (name: string): boolean => wanted.size === 0 || wanted.has(name)

const benches: Array<[string, () => Promise<Record<string, unknown>>]> = [
  ['latency', async () => await latencyBench({ edits: Math.round(1000 * scale), clients: 3, concurrency: 4, pollInterval: 1000, rawSamples: Math.round(300 * scale) })],
  ['throughput', async () => await throughputBench({
    edits: Math.round(2000 * scale), items: Math.round(200 * scale), writers: 20, clients: 10, concurrency: 4, clientConcurrency: SHARED_CLIENT_QUEUE ? 4 : 1, dispatchDelay: 0,
    steps: scale >= 10 ? [5, 10, 20, 40, 100, 200, 500] : [5, 10, 20, 40], stepSeconds: Math.min(30, Math.max(3, Math.round(10 * scale))),
    workers: (process.env.BENCH_WORKERS as 'child' | undefined) ?? 'child', drainTimeoutSeconds: 45,
    propagateTimeoutSeconds: Math.min(400, Math.max(45, Math.round(60 * scale))), localEditsPerClient: Math.round(2000 * scale)
  })],
  ['burst', async () => await burstBench({
    edits: Math.round(10_000 * scale), items: Math.max(10, Math.round(1000 * scale)), clients: 10, writers: 8, concurrency: 4, clientConcurrency: SHARED_CLIENT_QUEUE ? 4 : 1, dispatchDelay: 0,
    deadlineSeconds: Math.round(600 * Math.max(1, scale))
  })],
  ['clients100', async () => await clients100Bench({
    clients: 100, items: Math.max(100, Math.round(2000 * scale)), zipfExponent: 2, seed: 18, edits: Math.round(2000 * scale), writers: 20, concurrency: 4, clientConcurrency: SHARED_CLIENT_QUEUE ? 4 : 1,
    steps: scale >= 10 ? [25, 50, 100, 200, 400] : [25, 50, 100, 200], stepSeconds: Math.min(30, Math.max(3, Math.round(10 * scale))),
    drainTimeoutSeconds: 45, propagateTimeoutSeconds: Math.min(400, Math.max(60, Math.round(90 * scale)))
  })],
  ['usage', async () => await usageBench({
    pages: Math.round(200_000 * scale), usages: Math.round(1_000_000 * scale), entities: Math.max(100, Math.round(50_000 * scale)), hotPages: Math.round(100_000 * scale),
    pageUsages: 50, changedPerSave: 10, samples: Math.max(50, Math.round(500 * scale)), samplePages: 100, handlingBudgetSeconds: 100,
    pageRefreshRate: 2000
  })],
  ['coalescing', async () => await coalescingBench({ edits: Math.round(1000 * scale), dispatchDelays: [0, 1000] })],
  ['sites', async () => await sitesBench({ runs: 5, siteGroup: 'wikipedia', targetSeconds: 2 })],
  ['term-search', async () => await termSearchBench({ terms: Math.round(1_000_000 * scale), samples: Math.max(50, Math.round(300 * scale)), warmup: 20, edits: 50 })],
  ['change-feed', async () => await changeFeedBench({ listeners: 1000, edits: Math.round(200 * scale), writers: 2 })],
  ['remote', async () => await remoteBench({ edits: Math.round(200 * scale), pollInterval: 1000, rawSamples: Math.round(300 * scale) })]
]

const started = Date.now()
const host = await machine()
process.stdout.write(`# machine: ${host.os}, ${host.cpus} × ${host.cpuModel}, ${host.memoryGiB} GiB, Node ${host.node}, PostgreSQL ${host.postgres} (${host.postgresSource}), graphile-worker ${host.graphileWorker}\n`)
let failed = false
for (const [name, bench] of benches) {
  if (!want(name)) continue
  const t0 = Date.now()
  try {
    const result = await bench()
    const file = await writeResult(name, { bench: name, machine: host, seconds: Math.round((Date.now() - t0) / 1000), ...result })
    process.stdout.write(`# ${name}: ${Math.round((Date.now() - t0) / 1000)} s → ${file}\n`)
  } catch (error) {
    failed = true
    process.stderr.write(`# ${name} failed: ${(error as Error).stack ?? String(error)}\n`)
  }
}
process.stdout.write(`# all benchmarks: ${Math.round((Date.now() - started) / 1000)} s\n`)
const c = await cluster()
if (c.source !== 'DATABASE_URL') await c.stop()
process.exit(failed ? 1 : 0)
