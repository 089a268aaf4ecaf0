/**
 * Job workers in child processes (worker-process.ts), which the fault tests SIGKILL and the
 * throughput benchmark runs apart from the web processes.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { WikiDefinition } from './farm.js'

export interface WorkerProcess {
  child: ChildProcess
  pid: number
  /** Resolves when the process exits (code or signal). */
  exited: Promise<{ code: number | null, signal: NodeJS.Signals | null }>
  kill: (signal?: NodeJS.Signals) => Promise<void>
  /** The jobs this process's runners started, finished and failed so far, per wiki and task. */
  jobStats: () => Promise<WorkerJobStats>
}

/** Per site id, per task identifier: jobs started, succeeded and failed (an attempt each). */
export type WorkerJobStats = Record<string, Record<string, { started: number, succeeded: number, failed: number }>>

const WORKER_SCRIPT = fileURLToPath(new URL('./worker-process.ts', import.meta.url))

/** Starts the job workers of `definitions` in a child process; resolves once they run. */
export async function spawnWorkers (definitions: WikiDefinition[]): Promise<WorkerProcess> {
  // BENCH_CPU_PROF=<dir>: each worker process writes a V8 CPU profile there when it ends with
  // SIGTERM (NODE_OPTIONS may not carry --cpu-prof). Open it in Chrome DevTools or speedscope.
  const profile = process.env.BENCH_CPU_PROF === undefined || process.env.BENCH_CPU_PROF === '' ? [] : ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF]
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', WORKER_SCRIPT], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, WIKIBASE_WORKER_SPEC: JSON.stringify(definitions) }
  })
  const exited = new Promise<{ code: number | null, signal: NodeJS.Signals | null }>(resolve => {
    child.once('exit', (code, signal) => resolve({ code, signal }))
  })
  await new Promise<void>((resolve, reject) => {
    child.once('message', message => { message === 'ready' ? resolve() : reject(new Error(`worker process: ${String(message)}`)) })
    void exited.then(({ code, signal }) => reject(new Error(`worker process exited before it was ready (${code ?? signal ?? ''})`)))
  })
  return {
    child,
    pid: child.pid!,
    exited,
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      await exited
    },
    jobStats: async () => await new Promise<WorkerJobStats>((resolve, reject) => {
      const onMessage = (message: unknown): void => {
        if (typeof message !== 'object' || message === null || (message as { type?: unknown }).type !== 'job-stats') return
        child.off('message', onMessage)
        resolve((message as { stats: WorkerJobStats }).stats)
      }
      child.on('message', onMessage)
      void exited.then(() => { child.off('message', onMessage); reject(new Error('worker process exited before it sent its job stats')) })
      child.send('job-stats')
    })
  }
}
