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

/** A wiki in a child process that says `{ type: 'ready', … }` over IPC once it listens. */
export interface WikiProcess<Ready> {
  /** The ready message's fields. */
  ready: Ready
  pid: number
  /** Resolves when the process has exited. */
  exited: Promise<void>
  /** SIGTERM (it closes: running jobs finish), SIGKILL after `graceMs`; resolves once it exited. */
  stop: (graceMs?: number) => Promise<void>
  /** SIGKILL: the crash; resolves once it exited. */
  kill: () => Promise<void>
}

export interface RemoteWikiReady {
  url: string
  /** The sysop account made on this start, or null (as Farm.createdSysop). */
  createdSysop: { name: string, password: string } | null
}

const ENTRY = fileURLToPath(new URL('./remote-server.ts', import.meta.url))
const START_TIMEOUT_MS = 120_000

type ReadyMessage<Ready> = ({ type: 'ready' } & Ready) | { type: 'failed', message: string }

/**
 * Starts `entry` (a TypeScript file, through tsx) as a child process with `env` and the
 * variables of this process's environment that `inherit` lets through; resolves once
 * it says it is ready, rejects (the child killed) when it fails or takes longer than 2 minutes.
 * Its output goes to this process's; it has its own process group, so a terminal's Ctrl-C
 * reaches it only through `stop` (the parent orders the shutdown: clients before PostgreSQL).
 */
export async function spawnWikiProcess<Ready> (
  entry: string, name: string, env: NodeJS.ProcessEnv, inherit: (variable: string) => boolean = () => true
): Promise<WikiProcess<Ready>> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([variable]) => inherit(variable)))
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    detached: true,
    env: { ...inherited, ...env }
  })
  const exited = new Promise<void>(resolve => { child.once('exit', () => { resolve() }) })
  const alive = (): boolean => child.exitCode === null && child.signalCode === null
  const stop = async (graceMs = 15_000): Promise<void> => {
    if (alive()) child.kill('SIGTERM')
    const timer = setTimeout(() => { if (alive()) child.kill('SIGKILL') }, graceMs)
    await exited
    clearTimeout(timer)
  }
  const kill = async (): Promise<void> => {
    if (alive()) child.kill('SIGKILL')
    await exited
  }
  try {
    const message = await new Promise<ReadyMessage<Ready>>((resolve, reject) => {
      const timer = setTimeout(() => { reject(new Error(`${name} did not start within ${START_TIMEOUT_MS / 1000} s`)) }, START_TIMEOUT_MS)
      child.once('message', message => { clearTimeout(timer); resolve(message as ReadyMessage<Ready>) })
      void exited.then(() => { clearTimeout(timer); reject(new Error(`${name} exited before it was ready (${child.exitCode ?? child.signalCode ?? ''})`)) })
    })
    if (message.type !== 'ready') throw new Error(`${name} failed to start: ${message.message}`)
    const { type: _type, ...ready } = message
    return { ready: ready as Ready, pid: child.pid!, exited, stop, kill }
  } catch (error) {
    await kill()
    throw error
  }
}

/**
 * Variables a remote wiki's process must not inherit: the farm's DATABASE_URL (the cluster
 * that holds the repo's database) and libpq's defaults. Its spec's connection string is complete.
 */
const DATABASE_VARIABLES = /^(DATABASE_URL|PG[A-Z_]+)$/

/** remotewiki (remote-server.ts) with its spec and token, and no way to the repo's database. */
export async function spawnRemoteWiki (spec: RemoteWikiSpec, token: string): Promise<WikiProcess<RemoteWikiReady>> {
  return await spawnWikiProcess<RemoteWikiReady>(ENTRY, spec.siteId, { EXAMPLE_REMOTE_WIKI: JSON.stringify(spec), EXAMPLE_REMOTE_TOKEN: token },
    variable => !DATABASE_VARIABLES.test(variable))
}
