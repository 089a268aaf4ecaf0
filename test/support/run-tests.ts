/**
 * `npm test`: one PostgreSQL cluster for the whole run (see postgres-cluster.ts), then tap.
 * Test files create a fresh database each on that cluster.
 *
 * Output: one line per test file, failures in full, the totals (tap-summary.ts). Details on
 * request: `npm test -- --reporter=tap` (every assertion; any `--reporter`/`-R` is passed to
 * tap as is), `TEST_COVERAGE=1` (coverage table), `TEST_LOG_LEVEL=debug` (plugin logs).
 */
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { startCluster } from './postgres-cluster.js'
import { TapSummary } from './tap-summary.js'

const args = process.argv.slice(2)
const ownReporter = args.some(a => a === '-R' || a.startsWith('-R') || a.startsWith('--reporter'))
const coverage = process.env.TEST_COVERAGE === '1'

const cluster = await startCluster()
process.stderr.write(`# PostgreSQL for tests: ${cluster.source}\n`)
const tap = spawn('npx', ['tap', ...(ownReporter ? [] : ['--reporter=tap']), ...(coverage ? [] : ['--disable-coverage']), ...args], {
  stdio: ['inherit', ownReporter ? 'inherit' : 'pipe', 'inherit'],
  env: { ...process.env, DATABASE_URL: cluster.url }
})
const printed = new Promise<void>(resolve => {
  if (tap.stdout === null) { resolve(); return }
  const summary = new TapSummary()
  const write = (lines: string[]): void => { if (lines.length > 0) process.stdout.write(lines.join('\n') + '\n') }
  const lines = createInterface({ input: tap.stdout, crlfDelay: Infinity })
  lines.on('line', line => { write(summary.push(line)) })
  lines.on('close', () => { write(summary.end()); resolve() })
})
// An interrupted run must not leave its embedded cluster running: stop it, then exit.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    tap.kill(signal)
    void cluster.stop().finally(() => process.exit(130))
  })
}
const code = await new Promise<number>(resolve => tap.on('exit', (c, signal) => resolve(c ?? (signal !== null ? 1 : 0))))
await printed
await cluster.stop()
process.exit(code)
