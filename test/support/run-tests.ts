/**
 * `npm test`: one PostgreSQL cluster for the whole run (see postgres-cluster.ts), then tap.
 * Test files create a fresh database each on that cluster.
 */
import { spawn } from 'node:child_process'
import { startCluster } from './postgres-cluster.js'

const cluster = await startCluster()
process.stderr.write(`# PostgreSQL for tests: ${cluster.source}\n`)
const tap = spawn('npx', ['tap', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, DATABASE_URL: cluster.url }
})
// An interrupted run must not leave its embedded cluster running: stop it, then exit.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    tap.kill(signal)
    void cluster.stop().finally(() => process.exit(130))
  })
}
const code = await new Promise<number>(resolve => tap.on('exit', (c, signal) => resolve(c ?? (signal !== null ? 1 : 0))))
await cluster.stop()
process.exit(code)
