/**
 * `npm run example`: a farm of one repo and two client wikis, each with its own database
 * (embedded PostgreSQL in example-wiki/.data, or DATABASE_URL), seeded on first start.
 */
import { farmDatabases } from './database.js'
import { CLIENT_IDS, REPO_ID, startFarm } from './farm.js'

const started = Date.now()
const BASE_PORT = Number(process.env.EXAMPLE_PORT ?? 8080)
const ids = [REPO_ID, ...CLIENT_IDS]

const { urls: databases, stop } = await farmDatabases(ids)
const databaseMs = Date.now() - started
let farm
try {
  farm = await startFarm({ databases, ports: ids.map((_, i) => BASE_PORT + i) })
} catch (error) {
  await stop()
  throw error
}
for (const id of ids) console.log(`${id}: ${farm.urls.get(id)!}`)
if (farm.createdSysop !== null) {
  console.log(`administrator account on every wiki: ${farm.createdSysop.name} / ${farm.createdSysop.password}`)
  console.log('(shown only now: note it; log in at /wiki/Special:UserLogin)')
}
console.log(`farm up in ${((Date.now() - started) / 1000).toFixed(1)} s (database ${(databaseMs / 1000).toFixed(1)} s; ${Object.entries(farm.timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')})`)

async function shutdown (): Promise<void> {
  await farm!.close()
  await stop()
  process.exit(0)
}
process.once('SIGINT', () => { void shutdown() })
process.once('SIGTERM', () => { void shutdown() })
