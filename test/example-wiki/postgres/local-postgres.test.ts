import t, { type Test } from 'tap'
import { chmod, cp, mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import pg from 'pg'
import { startLocalPostgres, type LocalPostgresOptions } from '../../../example-wiki/postgres/local-postgres.js'
import { platformBinaries } from '../../../example-wiki/postgres/postgres-binaries.js'
import { PortInUseError, portIsFree, StartupError } from '../../../example-wiki/postgres/startup-error.js'

const asRoot = process.getuid?.() === 0

async function freePort (): Promise<number> {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 20000)
    if (await portIsFree(port)) return port
  }
}

/** A directory only root can enter, as `mktemp -d` or root's home is: removed in teardown. */
async function privateDir (t: Test, label: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `wikibase-${label}-`))
  await chmod(dir, 0o700)
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  return dir
}

async function query (url: string, sql: string): Promise<Array<Record<string, unknown>>> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(sql)).rows
  } finally {
    await client.end()
  }
}

/** /proc/<pid>/stat: "pid (comm) state ppid pgrp …". */
async function processGroup (pid: number): Promise<number> {
  const line = await readFile(`/proc/${pid}/stat`, 'utf8')
  return Number(line.slice(line.lastIndexOf(')') + 2).split(' ')[2])
}

/** What `promise` rejects with (a test failure when it resolves). */
async function rejection (promise: Promise<unknown>): Promise<Error> {
  return await promise.then(() => { throw new Error('expected a rejection') }, (error: Error) => error)
}

const options = (root: string, port: number, extra: Partial<LocalPostgresOptions> = {}): LocalPostgresOptions =>
  ({ root, port, portVariable: 'TEST_PG_PORT', portRole: 'the test server', persistent: false, ...extra })

t.test('as root, with the binaries and the data under a 0700 directory, the server still starts (as postgres) from copies it can reach', { skip: asRoot ? false : 'only root runs PostgreSQL as another OS user' }, async t => {
  const checkout = await privateDir(t, 'clone')
  const installed = await platformBinaries()
  const distribution = dirname(dirname(installed.postgres))
  await cp(distribution, join(checkout, 'native'), { recursive: true, verbatimSymlinks: true })
  const binaries = { initdb: join(checkout, 'native/bin/initdb'), postgres: join(checkout, 'native/bin/postgres') }
  const fallback = join(tmpdir(), `wikibase-fallback-${process.pid}-${Date.now()}`)
  t.teardown(async () => { await rm(fallback, { recursive: true, force: true }) })
  const notices: string[] = []

  const server = await startLocalPostgres(options(join(checkout, '.data'), await freePort(), { binaries, fallbackRoot: fallback, onNotice: m => { notices.push(m) } }))
  t.teardown(async () => { await server.stop(); await rm(dirname(dirname(server.binaries.postgres)), { recursive: true, force: true }) })

  t.not(dirname(server.binaries.postgres), dirname(binaries.postgres), 'runs a copy of the binaries')
  t.notOk(server.binaries.postgres.startsWith(checkout), 'the copy is outside the 0700 directory')
  t.equal(server.root, fallback, 'keeps the data in the fallback directory')
  t.same(notices, [`PostgreSQL runs as the OS user postgres, who cannot enter ${join(checkout, '.data')}: the database is kept in ${fallback} instead.`])
  t.same(await query(server.url, "SELECT current_user AS who, pg_encoding_to_char(encoding) AS encoding FROM pg_database WHERE datname = 'postgres'"), [{ who: 'postgres', encoding: 'UTF8' }])
  t.not((await stat(`/proc/${server.pid}`)).uid, 0, 'the server does not run as root')
})

t.test('as root, a data directory postgres cannot enter and no fallback: a message that says what to do', { skip: asRoot ? false : 'only root runs PostgreSQL as another OS user' }, async t => {
  const checkout = await privateDir(t, 'clone')
  const root = join(checkout, '.data')
  const error = await rejection(startLocalPostgres(options(root, await freePort())))
  t.type(error, StartupError)
  t.equal(error.message, `PostgreSQL runs as the OS user postgres, who cannot enter ${root}. Let it (chmod o+x on each directory above it) or set DATABASE_URL.`)
})

t.test('the server runs in a process group of its own, so a terminal\'s Ctrl-C does not reach it; stop() ends it and removes a non-persistent root', async t => {
  const root = await mkdtemp(join(tmpdir(), 'wikibase-group-'))
  await chmod(root, 0o755)
  const server = await startLocalPostgres(options(root, await freePort()))
  t.teardown(server.stop)
  t.equal(await processGroup(server.pid), server.pid, 'the server leads its own process group')
  t.not(await processGroup(server.pid), await processGroup(process.pid))
  await server.stop()
  t.notOk(existsSync(`/proc/${server.pid}`), 'the server has exited')
  t.notOk(existsSync(root), 'its directory is gone')
  await server.stop() // a second stop is harmless
})

t.test('a busy port: the error names the port and the variable that moves it; nothing is left running', async t => {
  const root = await mkdtemp(join(tmpdir(), 'wikibase-busy-'))
  await chmod(root, 0o755)
  t.teardown(async () => { await rm(root, { recursive: true, force: true }) })
  const first = await startLocalPostgres(options(root, await freePort(), { persistent: true }))
  t.teardown(first.stop)
  const port = Number(new URL(first.url).port)
  const other = await mkdtemp(join(tmpdir(), 'wikibase-busy2-'))
  await chmod(other, 0o755)
  t.teardown(async () => { await rm(other, { recursive: true, force: true }) })
  const busy = await rejection(startLocalPostgres(options(other, port, { portQuestion: 'Another test?' })))
  t.type(busy, PortInUseError)
  t.equal(busy.message, `port ${port} (the test server) is in use by another process. Another test? Stop it, or set TEST_PG_PORT to a free port.`)

  // The same data directory while its server runs (another farm): named, with the pid to stop.
  const running = await rejection(startLocalPostgres(options(root, await freePort(), { rootVariable: 'TEST_DATA_DIR' })))
  t.equal(running.message, `PostgreSQL (pid ${first.pid}) is already running on ${root}/pg, started by another process. ` +
    `Stop that process (or the server: \`kill -INT ${first.pid}\`), or give this one a data directory of its own (TEST_DATA_DIR).`)
  t.same(await query(first.url, 'SELECT 1 AS one'), [{ one: 1 }], 'the first server still answers')
})
