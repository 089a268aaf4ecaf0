/**
 * `npm run example`: a farm of one repo and two client wikis, each with its own database
 * (embedded PostgreSQL in example-wiki/.data, or DATABASE_URL), seeded on first start, and a
 * fourth wiki, remotewiki, in a child process with a database of its own and nothing of the
 * repo's but its URL and a token (registered on the repo here, remote-client-registration.ts).
 * Environment variables: farm-settings.ts (and the README's table).
 */
import { ANOTHER_FARM, farmDatabases, POSTGRES_PORT, type FarmDatabases } from './database.js'
import { CLIENT_IDS, REMOTE_ID, REPO_ID, startFarm, wikiLanguage, type Farm } from './farm.js'
import { ensureRemoteClient } from './remote-client-registration.js'
import { spawnRemoteWiki, type RemoteWikiReady, type WikiProcess } from './remote-process.js'
import { farmSettings, type FarmSettings } from './farm-settings.js'
import { busyPorts, PortInUseError, StartupError, type NeededPort } from './postgres/startup-error.js'

const ids = [REPO_ID, ...CLIENT_IDS]
/** Every wiki with a port: the farm's, then remotewiki (EXAMPLE_PORT + 3). */
const allIds = [...ids, REMOTE_ID]
const HOST = '127.0.0.1'

/** Every port the farm listens on, with what it is for and the variable that moves it. */
function neededPorts (settings: FarmSettings): NeededPort[] {
  const wikis = allIds.map((id, i) => ({ port: settings.basePort + i, role: `${id}, EXAMPLE_PORT${i === 0 ? '' : ` + ${i}`}`, variable: 'EXAMPLE_PORT' }))
  return settings.databaseUrl === undefined ? [...wikis, { port: settings.postgresPort, ...POSTGRES_PORT }] : wikis
}

const REPEATED_SIGNAL_MS = 2000

let databases: FarmDatabases | undefined
let farm: Farm | undefined
let remote: WikiProcess<RemoteWikiReady> | undefined
let stopRequested = false

async function start (settings: FarmSettings): Promise<void> {
  const started = Date.now()
  const needed = neededPorts(settings)
  // All checked before anything starts, so a second farm fails at once, naming each variable to change.
  const busy = await busyPorts(needed)
  if (busy.length > 0) throw new PortInUseError(busy, ANOTHER_FARM)
  const ports = needed.slice(0, allIds.length).map(n => n.port)
  databases = await farmDatabases(allIds, {
    server: settings.databaseUrl,
    dataDir: settings.dataDir,
    port: settings.postgresPort,
    onNotice: message => { console.log(`example-wiki: ${message}`) }
  })
  const databaseMs = Date.now() - started
  if (stopRequested) return
  try {
    const remoteUrl = `http://${HOST}:${ports[ids.length]!}/`
    farm = await startFarm({
      databases: databases.urls, ports, host: HOST, logger: { level: settings.logLevel },
      remoteWikis: [{ siteId: REMOTE_ID, language: 'en', url: remoteUrl, remote: true }]
    })
  } catch (error) {
    // Taken between the check and the listen.
    const port = (error as { code?: string, port?: number }).port
    const wiki = needed.find(n => n.port === port)
    if ((error as { code?: string }).code === 'EADDRINUSE' && wiki !== undefined) throw new PortInUseError([wiki], ANOTHER_FARM)
    throw error
  }
  if (stopRequested) return
  remote = await startRemoteWiki(farm, settings, databases.urls.get(REMOTE_ID)!, ports[ids.length]!)
  for (const id of ids) console.log(`${id}: ${farm.urls.get(id)!}`)
  console.log(`${REMOTE_ID}: ${remote.ready.url} (its own process, pid ${remote.pid}: the repo over HTTP only)`)
  const sysop = farm.createdSysop ?? remote.ready.createdSysop
  if (sysop !== null) {
    const where = farm.createdSysop === null ? `on ${REMOTE_ID}` : remote.ready.createdSysop === null ? `on ${ids.join(', ')}` : 'on every wiki'
    console.log(`administrator account ${where}: ${sysop.name} / ${sysop.password}`)
    console.log('(shown only now: note it; log in at /wiki/Special:UserLogin)')
  }
  console.log(`farm up in ${((Date.now() - started) / 1000).toFixed(1)} s (database ${(databaseMs / 1000).toFixed(1)} s; ` +
    `${Object.entries(farm.timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')})`)
  console.log(`database: ${databases.description}`)
  console.log('Press Ctrl-C to stop the farm (the wikis close, then PostgreSQL stops).')
}

/**
 * remotewiki: registered on the repo as `clients add` does (its push URL is its base URL,
 * no trailing slash: the repo appends the push path), then started with its own database's
 * connection string, the repo's URL and its token, the farm's sites and, when the farm made
 * its sysop just now, the same password.
 */
async function startRemoteWiki (farm: Farm, settings: FarmSettings, database: string, port: number): Promise<WikiProcess<RemoteWikiReady>> {
  const repoUrl = farm.urls.get(REPO_ID)!.replace(/\/$/, '')
  const url = `http://${HOST}:${port}/`
  const token = await ensureRemoteClient(farm.wikis.get(REPO_ID)!, REMOTE_ID, url.replace(/\/$/, ''))
  return await spawnRemoteWiki({
    siteId: REMOTE_ID,
    language: 'en',
    host: HOST,
    port,
    database,
    repo: { siteId: REPO_ID, url: repoUrl },
    farm: [...ids.map(id => ({ siteId: id, language: wikiLanguage(id), url: farm.urls.get(id)! })), { siteId: REMOTE_ID, language: 'en', url, remote: true }],
    logLevel: settings.logLevel,
    adminPassword: farm.createdSysop?.password
  }, token)
}

/** Apps first (their workers finish, their pools end), then the PostgreSQL they were connected to. */
async function stopAll (): Promise<void> {
  await remote?.stop()
  remote = undefined
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
