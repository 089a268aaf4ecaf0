import os from 'node:os'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { adminQuery, cluster } from './bench-cluster.js'

export interface Machine {
  os: string
  kernel: string
  cpus: number
  cpuModel: string
  memoryGiB: number
  node: string
  postgres: string
  postgresSource: string
  graphileWorker: string
  date: string
}

export async function machine (): Promise<Machine> {
  const { rows } = await adminQuery('SHOW server_version')
  const gw = (await import('graphile-worker/package.json', { with: { type: 'json' } })).default as { version: string }
  return {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    kernel: os.version(),
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres: String(rows[0]!.server_version),
    postgresSource: (await cluster()).source,
    graphileWorker: gw.version,
    date: new Date().toISOString()
  }
}

/** Nearest-rank percentile of unsorted samples. */
export function percentile (samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank]!
}

export function summary (samples: readonly number[]): { n: number, min: number, p50: number, p95: number, p99: number, max: number, mean: number } {
  const round = (x: number): number => Math.round(x * 100) / 100
  return {
    n: samples.length,
    min: round(Math.min(...samples)),
    p50: round(percentile(samples, 50)),
    p95: round(percentile(samples, 95)),
    p99: round(percentile(samples, 99)),
    max: round(Math.max(...samples)),
    mean: round(samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length))
  }
}

export const median = (samples: readonly number[]): number => percentile(samples, 50)

/** Writes bench/results/<name>.json (and a dated copy is not kept: git history is the log). */
export async function writeResult (name: string, result: unknown): Promise<string> {
  const dir = fileURLToPath(new URL('../results/', import.meta.url))
  await mkdir(dir, { recursive: true })
  const file = `${dir}${name}.json`
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`)
  return file
}

export function printTable (title: string, rows: Array<Record<string, unknown>>): void {
  process.stdout.write(`\n## ${title}\n`)
  console.table(rows)
}

export const sleep = async (ms: number): Promise<void> => { await new Promise(resolve => setTimeout(resolve, ms)) }

/** Samples the process RSS every `everyMs` while `fn` runs; returns fn's value and the peak growth. */
export async function withPeakRss<T> (fn: () => Promise<T>, everyMs = 5): Promise<{ value: T, baselineMiB: number, peakGrowthMiB: number }> {
  global.gc?.()
  const baseline = process.memoryUsage.rss()
  let peak = baseline
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()) }, everyMs)
  try {
    const value = await fn()
    peak = Math.max(peak, process.memoryUsage.rss())
    return { value, baselineMiB: Math.round(baseline / 2 ** 20), peakGrowthMiB: Math.round(((peak - baseline) / 2 ** 20) * 10) / 10 }
  } finally {
    clearInterval(timer)
  }
}

/** Resident and peak resident memory (MiB) of a process, from /proc (Linux); null elsewhere. */
export async function processMemory (pid: number | 'self' = 'self'): Promise<{ rssMiB: number, peakRssMiB: number } | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8')
    const kib = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
    return { rssMiB: Math.round(kib('VmRSS') / 1024), peakRssMiB: Math.round(kib('VmHWM') / 1024) }
  } catch {
    return null
  }
}
