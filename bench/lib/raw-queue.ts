/**
 * graphile-worker alone on the same machine and cluster, as the floor/ceiling the plugin's
 * figures are compared with: the add_job → task start round trip, and the no-op job rate.
 */
import pg from 'pg'
import { randomBytes } from 'node:crypto'
import { Logger, run, type RunnerOptions } from 'graphile-worker'
import { createDatabase, dropDatabase } from './bench-cluster.js'
import { sleep } from './report.js'

export interface RawSettings {
  concurrency: number
  pollInterval: number
  /** graphile-worker's local queue (not exposed by the plugin's options). */
  localQueue?: { size: number }
}

/** As the plugin runs graphile-worker: completions and failures batched (plugin/queue/worker.ts). */
function runnerOptions (pool: pg.Pool, settings: RawSettings): Partial<RunnerOptions> {
  const worker = { completeJobBatchDelay: 0, failJobBatchDelay: 0, ...(settings.localQueue === undefined ? {} : { localQueue: { size: settings.localQueue.size } }) }
  return { pgPool: pool, schema: 'raw_jobs', concurrency: settings.concurrency, pollInterval: settings.pollInterval, noHandleSignals: true, logger: quietLogger(), preset: { worker } }
}

async function withRawDatabase<T> (fn: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const name = `wbb_raw_${randomBytes(3).toString('hex')}`
  const url = await createDatabase(name)
  const pool = new pg.Pool({ connectionString: url, max: 12, application_name: 'wikibase-bench-raw' })
  pool.on('error', () => {})
  pool.on('connect', client => { client.on('error', () => {}) })
  try {
    return await fn(pool)
  } finally {
    await pool.end()
    await dropDatabase(name)
  }
}

/** Milliseconds from just before a committed add_job to the start of its task, one job at a time. */
export async function rawRoundTrip (samples: number, settings: RawSettings): Promise<number[]> {
  return await withRawDatabase(async pool => {
    const started = new Map<number, number>()
    const runner = await run({
      ...runnerOptions(pool, settings),
      taskList: { noop: async payload => { started.set((payload as { i: number }).i, performance.now()) } }
    })
    const times: number[] = []
    try {
      for (let i = 0; i < samples + 5; i++) {
        const t0 = performance.now()
        await pool.query("SELECT raw_jobs.add_job('noop', json_build_object('i', $1::int))", [i])
        while (!started.has(i)) await sleep(0.2)
        if (i >= 5) times.push(started.get(i)! - t0) // the first few warm the runner up
        await sleep(2)
      }
    } finally {
      await runner.stop()
    }
    return times
  })
}

/** No-op jobs per second: `jobs` queued in one add_jobs call, then worked off. */
export async function rawNoopRate (jobs: number, settings: RawSettings): Promise<{ jobs: number, seconds: number, jobsPerSecond: number }> {
  return await withRawDatabase(async pool => {
    let done = 0
    const runner = await run({ ...runnerOptions(pool, settings), taskList: { noop: async () => { done += 1 } } })
    await pool.query("SELECT raw_jobs.add_job('noop', '{}'::json)") // warm up
    while (done < 1) await sleep(1)
    await runner.stop()
    done = 0
    await pool.query('SELECT raw_jobs.add_jobs(array(SELECT ROW(\'noop\', \'{}\'::json, NULL, NULL, NULL, NULL, NULL, NULL)::raw_jobs.job_spec FROM generate_series(1, $1::int)))', [jobs])
    const t0 = performance.now()
    const second = await run({ ...runnerOptions(pool, settings), taskList: { noop: async () => { done += 1 } } })
    while (done < jobs) await sleep(5)
    const seconds = (performance.now() - t0) / 1000
    await second.stop()
    return { jobs, seconds: Math.round(seconds * 100) / 100, jobsPerSecond: Math.round(jobs / seconds) }
  })
}

function quietLogger (): Logger {
  // Only errors are printed.
  return new Logger(() => (level, message) => { if (level === 'error') process.stderr.write(`graphile-worker: ${message}\n`) })
}
