import t from 'tap'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { portIsFree } from '../../example-wiki/postgres/startup-error.js'

/**
 * `npm run example` as a user runs it: a child process (its own process group, as a terminal
 * gives it), on free ports, with the embedded PostgreSQL in a temp dir; then Ctrl-C.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const START_TIMEOUT_MS = 240_000

interface Run { child: ChildProcess, output: () => string, exit: Promise<number | null> }

function startServer (env: Record<string, string>): Run {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', ...env }
  delete childEnv.DATABASE_URL // the embedded path: the one a newcomer gets
  const child = spawn(process.execPath, ['--import', 'tsx', 'example-wiki/server.ts'], { cwd: ROOT, env: childEnv, detached: true })
  let output = ''
  child.stdout!.on('data', d => { output += String(d) })
  child.stderr!.on('data', d => { output += String(d) })
  const exit = new Promise<number | null>(resolve => { child.on('exit', code => { resolve(code) }) })
  return { child, output: () => output, exit }
}

async function waitFor (run: Run, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS
  let exited = false
  void run.exit.then(() => { exited = true })
  while (!pattern.test(run.output())) {
    if (exited) throw new Error(`the farm exited before ${pattern}:\n${run.output()}`)
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${START_TIMEOUT_MS} ms:\n${run.output()}`)
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

/** `count` consecutive free ports. */
async function freePorts (count: number): Promise<number> {
  for (;;) {
    const base = 20000 + Math.floor(Math.random() * 20000)
    const free = await Promise.all(Array.from({ length: count }, async (_, i) => await portIsFree(base + i)))
    if (free.every(Boolean)) return base
  }
}

/** pino's JSON lines at level error (50) or fatal (60). */
const errorLines = (output: string): string[] => output.split('\n').filter(line => /^\{.*"level":(5|6)0\b/.test(line))

t.test('the farm prints its URLs and how to stop it; Ctrl-C closes the wikis, then PostgreSQL, exit 0, no error log; a second farm on the same ports names each port and its variable', async t => {
  const dataDir = await mkdtemp(join(tmpdir(), 'wikibase-farm-'))
  await chmod(dataDir, 0o755)
  t.teardown(async () => { await rm(dataDir, { recursive: true, force: true }) })
  const basePort = await freePorts(4)
  const pgPort = await freePorts(1)
  const env = { EXAMPLE_PORT: String(basePort), EXAMPLE_PG_PORT: String(pgPort), EXAMPLE_DATA_DIR: dataDir }
  const farm = startServer(env)
  t.teardown(() => { if (farm.child.exitCode === null) process.kill(-farm.child.pid!, 'SIGKILL') })
  await waitFor(farm, /Press Ctrl-C/)
  const lines = farm.output().split('\n')
  t.same(lines.slice(0, 3), [`repowiki: http://127.0.0.1:${basePort}/`, `enwiki: http://127.0.0.1:${basePort + 1}/`, `dewiki: http://127.0.0.1:${basePort + 2}/`])
  t.match(lines[3], new RegExp(`^remotewiki: http://127\\.0\\.0\\.1:${basePort + 3}/ \\(its own process, pid \\d+: the repo over HTTP only\\)$`))
  const remoteHome = await fetch(`http://127.0.0.1:${basePort + 3}/wiki/Berlin`)
  t.equal(remoteHome.status, 200, 'remotewiki serves its pages')
  t.match(await remoteHome.text(), /lies in/, 'its seeded page, rendered with the repo\'s data')
  t.ok(lines.includes(`database: embedded PostgreSQL on port ${pgPort}, data in ${dataDir} (log: ${join(dataDir, 'postgres.log')})`), farm.output())
  t.ok(lines.includes('Press Ctrl-C to stop the farm (the wikis close, then PostgreSQL stops).'))

  const again = startServer(env)
  t.equal(await again.exit, 1, 'a second farm on the same ports exits 1')
  t.equal(again.output(), `example-wiki: port ${basePort} (repowiki, EXAMPLE_PORT) and port ${basePort + 1} (enwiki, EXAMPLE_PORT + 1) and port ${basePort + 2} (dewiki, EXAMPLE_PORT + 2) and port ${basePort + 3} (remotewiki, EXAMPLE_PORT + 3) and port ${pgPort} (the farm's embedded PostgreSQL) are in use by another process. Is another \`npm run example\` running? Stop it, or set EXAMPLE_PORT and EXAMPLE_PG_PORT to free ports.\n`)
  const otherPg = await freePorts(1)
  const partly = startServer({ ...env, EXAMPLE_PORT: String(basePort + 2), EXAMPLE_PG_PORT: String(otherPg) })
  t.equal(await partly.exit, 1)
  t.equal(partly.output(), `example-wiki: port ${basePort + 2} (repowiki, EXAMPLE_PORT) and port ${basePort + 3} (enwiki, EXAMPLE_PORT + 1) are in use by another process. Is another \`npm run example\` running? Stop it, or set EXAMPLE_PORT to a free port.\n`)
  t.ok(await portIsFree(otherPg), 'it started no PostgreSQL')

  process.kill(-farm.child.pid!, 'SIGINT') // what a terminal's Ctrl-C does: the whole process group
  t.equal(await farm.exit, 0, farm.output())
  t.same(errorLines(farm.output()), [], 'no error-level log line')
  t.match(farm.output(), /example-wiki: stopping…\nexample-wiki: stopped\n$/)
  t.notOk(existsSync(join(dataDir, 'pg', 'postmaster.pid')), 'PostgreSQL has stopped')
  t.ok(await portIsFree(pgPort), 'its port is free')
  t.ok(await portIsFree(basePort + 3), 'remotewiki has stopped too')
})

t.test('an invalid setting stops the start with a message naming the variable, no stack trace', async t => {
  const run = startServer({ EXAMPLE_PORT: 'eighty' })
  t.equal(await run.exit, 1)
  t.equal(run.output(), 'example-wiki: EXAMPLE_PORT must be a port number from 1 to 65532; got "eighty".\n')
})
