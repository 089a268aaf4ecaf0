/**
 * `npm run example`: a farm of one repo and two client wikis, each with its own database
 * (embedded PostgreSQL in example-wiki/.data, or DATABASE_URL), seeded on first start.
 * Environment variables: farm-settings.ts (and the README's table).
 */
import { ANOTHER_FARM, farmDatabases, POSTGRES_PORT, type FarmDatabases } from './database.js'
import { CLIENT_IDS, REPO_ID, startFarm, type Farm } from './farm.js'
import { farmSettings, type FarmSettings } from './farm-settings.js'
import { busyPorts, PortInUseError, StartupError, type NeededPort } from './postgres/startup-error.js'

const ids = [REPO_ID, ...CLIENT_IDS]

/** Every port the farm listens on, with what it is for and the variable that moves it. */
function neededPorts (settings: FarmSettings): NeededPort[] {
  const wikis = ids.map((id, i) => ({ port: settings.basePort + i, role: `${id}, EXAMPLE_PORT${i === 0 ? '' : ` + ${i}`}`, variable: 'EXAMPLE_PORT' }))
  return settings.databaseUrl === undefined ? [...wikis, { port: settings.postgresPort, ...POSTGRES_PORT }] : wikis
}

const REPEATED_SIGNAL_MS = 2000

let databases: FarmDatabases | undefined
let farm: Farm | undefined
let stopRequested = false

async function start (settings: FarmSettings): Promise<void> {
  const started = Date.now()
  const needed = neededPorts(settings)
  // All checked before anything starts, so a second farm fails at once, naming each variable to change.
  const busy = await busyPorts(needed)
  if (busy.length > 0) throw new PortInUseError(busy, ANOTHER_FARM)
  const ports = needed.slice(0, ids.length).map(n => n.port)
  databases = await farmDatabases(ids, {
    server: settings.databaseUrl,
    dataDir: settings.dataDir,
    port: settings.postgresPort,
    onNotice: message => { console.log(`example-wiki: ${message}`) }
  })
  const databaseMs = Date.now() - started
  if (stopRequested) return
  try {
    farm = await startFarm({ databases: databases.urls, ports, logger: { level: settings.logLevel } })
  } catch (error) {
    // Taken between the check and the listen.
    const port = (error as { code?: string, port?: number }).port
    const wiki = needed.find(n => n.port === port)
    if ((error as { code?: string }).code === 'EADDRINUSE' && wiki !== undefined) throw new PortInUseError([wiki], ANOTHER_FARM)
    throw error
  }
  for (const id of ids) console.log(`${id}: ${farm.urls.get(id)!}`)
  if (farm.createdSysop !== null) {
    console.log(`administrator account on every wiki: ${farm.createdSysop.name} / ${farm.createdSysop.password}`)
    console.log('(shown only now: note it; log in at /wiki/Special:UserLogin)')
  }
  console.log(`farm up in ${((Date.now() - started) / 1000).toFixed(1)} s (database ${(databaseMs / 1000).toFixed(1)} s; ` +
    `${Object.entries(farm.timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')})`)
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
  let firstSignalAt = 0
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopped !== undefined) {
      // One Ctrl-C arrives more than once: from the terminal to the whole process group, and
      // relayed by `npm run`. Only a later one means "now": exit; the exit hook still stops PostgreSQL.
      if (Date.now() - firstSignalAt < REPEATED_SIGNAL_MS) return
      console.log(`example-wiki: ${signal} again, exiting without waiting`)
      process.exit(130)
    }
    firstSignalAt = Date.now()
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
