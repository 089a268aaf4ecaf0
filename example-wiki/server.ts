/**
 * `npm run example`: a farm of one repo and two client wikis, each with its own database.
 * This is the plumbing (databases, plugin registration, ports); the wiki engine itself
 * (pages, parser, HTML UI) is the example-wiki issue's work.
 */
import Fastify, { type FastifyInstance } from 'fastify'
import wikibase from '../plugin/index.js'
import { farmDatabases } from './database.js'

const REPO = 'repowiki'
const CLIENTS = ['enwiki', 'dewiki']
const BASE_PORT = Number(process.env.EXAMPLE_PORT ?? 8080)

const { urls, stop } = await farmDatabases([REPO, ...CLIENTS])
const url = (name: string): string => urls.get(name)!

async function startWiki (siteId: string, port: number): Promise<FastifyInstance> {
  const isRepo = siteId === REPO
  const app = Fastify({ logger: { level: process.env.LOG_LEVEL ?? 'warn' } })
  await app.register(wikibase, {
    siteId,
    roles: isRepo ? ['repo', 'client'] : ['client'],
    database: url(siteId),
    repo: isRepo ? undefined : { siteId: REPO, database: url(REPO) },
    clients: isRepo ? CLIENTS.map(id => ({ siteId: id, database: url(id) })) : undefined
  })
  app.get('/', async () => ({ siteId, roles: [...app.wikibase.options.roles], clients: [...app.wikibase.clients.keys()] }))
  await app.listen({ port, host: '127.0.0.1' })
  return app
}

const wikis = [await startWiki(REPO, BASE_PORT)]
for (const [i, id] of CLIENTS.entries()) wikis.push(await startWiki(id, BASE_PORT + 1 + i))
for (const [i, id] of [REPO, ...CLIENTS].entries()) console.log(`${id}: http://127.0.0.1:${BASE_PORT + i}/`)

async function shutdown (): Promise<void> {
  for (const app of wikis.reverse()) await app.close()
  await stop()
  process.exit(0)
}
process.once('SIGINT', () => { void shutdown() })
process.once('SIGTERM', () => { void shutdown() })
