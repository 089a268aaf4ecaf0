import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { FarmWiki } from './seed/seed.js'

/** What remote-server.ts is started with (EXAMPLE_REMOTE_WIKI); its token goes apart. */
export interface RemoteWikiSpec {
  siteId: string
  language: string
  host: string
  port: number
  /** Its own database: the only connection string it gets. */
  database: string
  /** The repo: its site id and base URL (incl. its route prefix), without a trailing slash. */
  repo: { siteId: string, url: string }
  /** Every wiki of the farm, this one included: its sites table and the UI's links. */
  farm: FarmWiki[]
  logLevel: string
  /** Password of its first sysop `Admin` when it has none yet (default: generated). */
  adminPassword?: string
  /** Seed its sites and pages (default true). */
  seed?: boolean
  /** graphile-worker poll interval (ms); wiki-app.ts's default otherwise. */
  pollInterval?: number
}

export interface RemoteWikiProcess {
  url: string
  pid: number
  /** The sysop account made on this start, or null (as Farm.createdSysop). */
  createdSysop: { name: string, password: string } | null
  /** Resolves when the process has exited. */
  exited: Promise<void>
  /** SIGTERM (it closes: running jobs finish), SIGKILL after `graceMs`; resolves once it exited. */
  stop: (graceMs?: number) => Promise<void>
}

const ENTRY = fileURLToPath(new URL('./remote-server.ts', import.meta.url))
const START_TIMEOUT_MS = 120_000

type ReadyMessage = { type: 'ready', url: string, createdSysop: RemoteWikiProcess['createdSysop'] } | { type: 'failed', message: string }

/**
 * Starts remotewiki (remote-server.ts) as a child process with its spec and token; resolves
 * once it listens, rejects (the child killed) when it fails or takes longer than 2 minutes.
 * Its output goes to this process's; it has its own process group, so a terminal's Ctrl-C
 * reaches it only through `stop` (the parent orders the shutdown: clients before PostgreSQL).
 */
export async function spawnRemoteWiki (spec: RemoteWikiSpec, token: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<RemoteWikiProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    detached: true,
    env: { ...process.env, ...extraEnv, EXAMPLE_REMOTE_WIKI: JSON.stringify(spec), EXAMPLE_REMOTE_TOKEN: token }
  })
  const exited = new Promise<void>(resolve => { child.once('exit', () => { resolve() }) })
  const alive = (): boolean => child.exitCode === null && child.signalCode === null
  const stop = async (graceMs = 15_000): Promise<void> => {
    if (alive()) child.kill('SIGTERM')
    const timer = setTimeout(() => { if (alive()) child.kill('SIGKILL') }, graceMs)
    await exited
    clearTimeout(timer)
  }
  try {
    const ready = await new Promise<ReadyMessage>((resolve, reject) => {
      const timer = setTimeout(() => { reject(new Error(`${spec.siteId} did not start within ${START_TIMEOUT_MS / 1000} s`)) }, START_TIMEOUT_MS)
      child.once('message', message => { clearTimeout(timer); resolve(message as ReadyMessage) })
      void exited.then(() => { clearTimeout(timer); reject(new Error(`${spec.siteId} exited before it was ready (${child.exitCode ?? child.signalCode ?? ''})`)) })
    })
    if (ready.type !== 'ready') throw new Error(`${spec.siteId} failed to start: ${ready.message}`)
    return { url: ready.url, pid: child.pid!, createdSysop: ready.createdSysop, exited, stop }
  } catch (error) {
    if (alive()) child.kill('SIGKILL')
    await exited
    throw error
  }
}
