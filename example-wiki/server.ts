/**
 * `npm run example`: a farm of one repo and two client wikis, each with its own database
 * (embedded PostgreSQL in example-wiki/.data, or DATABASE_URL), seeded on first start.
 * Environment variables: farm-settings.ts (and the README's table).
 */
import { farmDatabases, type FarmDatabases } from './database.js'
import { CLIENT_IDS, REPO_ID, startFarm, type Farm } from './farm.js'
import { farmSettings, WIKI_COUNT, type FarmSettings } from './farm-settings.js'
import { PortInUseError, portIsFree, StartupError } from './postgres/startup-error.js'

const ids = [REPO_ID, ...CLIENT_IDS]
const WIKI_PORTS_ROLE = `${ids.join(', ')}: EXAMPLE_PORT and the next ${WIKI_COUNT - 1}`

let databases: FarmDatabases | undefined
let farm: Farm | undefined
let stopRequested = false

async function start (settings: FarmSettings): Promise<void> {
  const started = Date.now()
  const ports = ids.map((_, i) => settings.basePort + i)
  // Checked before PostgreSQL starts, so a second farm fails at once and names the variable.
  for (const port of ports) if (!await portIsFree(port)) throw new PortInUseError(port, 'EXAMPLE_PORT', WIKI_PORTS_ROLE)
  databases = await farmDatabases(ids, {
    server: settings.databaseUrl,
    dataDir: settings.dataDir,
    port: settings.postgresPort,
    onNotice: message => { console.log(message) }
  })
  const databaseMs = Date.now() - started
  if (stopRequested) return
  try {
    farm = await startFarm({ databases: databases.urls, ports, logger: { level: settings.logLevel } })
  } catch (error) {
    const port = (error as { code?: string, port?: number }).port
    if ((error as { code?: string }).code === 'EADDRINUSE' && port !== undefined) throw new PortInUseError(port, 'EXAMPLE_PORT', WIKI_PORTS_ROLE)
    throw error
  }
  for (const id of ids) console.log(`${id}: ${farm.urls.get(id)!}`)
  console.log(`farm up in ${((Date.now() - started) / 1000).toFixed(1)} s (database ${(databaseMs / 1000).toFixed(1)} s; ${Object.entries(farm.timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')})`)
  console.log(`database: ${databases.description}`)
  console.log('Press Ctrl-C to stop the farm (the wikis close, then PostgreSQL stops).')
}

/** Apps first (their workers finish, their pools end), then the PostgreSQL they were connected to. */
async function stopAll (): Promise<void> {
  await farm?.close()
  farm = undefined
  await databases?.stop()
  databases = undefined
}

async function main (): Promise<number> {
  let settings: FarmSettings
  try {
    settings = farmSettings(process.env)
  } catch (error) {
    console.error(`example-wiki: ${(error as Error).message}`)
    return 1
  }
  const starting = start(settings)
  let stopped: Promise<void> | undefined
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopped !== undefined) {
      // A second Ctrl-C: leave now; the exit hook still stops PostgreSQL.
      console.log(`example-wiki: ${signal} again, exiting without waiting`)
      process.exit(130)
    }
    stopRequested = true
    console.log('example-wiki: stopping…')
    stopped = starting.catch(() => {}).then(stopAll).then(
      () => { console.log('example-wiki: stopped'); process.exit(0) },
      error => { console.error('example-wiki: stopping failed:', error); process.exit(1) })
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    await starting
    return 0
  } catch (error) {
    if (error instanceof StartupError) console.error(`example-wiki: ${error.message}`)
    else console.error('example-wiki: start-up failed:', error)
    await stopAll().catch(stopError => { console.error('example-wiki: stopping after the failure failed too:', stopError) })
    return 1
  }
}

const code = await main()
if (code !== 0) process.exit(code)
