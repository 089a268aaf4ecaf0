import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import formbody from '@fastify/formbody'
import view from '@fastify/view'
import { Eta } from 'eta'
import pg from 'pg'
import wikibase from '../plugin/index.js'
import type { HostUser } from '../hooks/contract.js'
import { migrateEngine } from './engine/engine-migrator.js'
import { createWiki } from './engine/host-services.js'
import type { Wiki } from './engine/wiki-engine.js'
import activityPlugin from './wikibase-activity-plugin.js'
import { registerPageRoutes } from './web/page-routes.js'
import { registerErrorPages } from './web/error-pages.js'
import { coreSpecialPages } from './web/special-pages.js'
import { TOKEN_HEADER, USER_HEADER, USER_TOKEN } from './web/plugin-api.js'
import { setCliConnection } from './web/site-cli.js'
import type { FarmLink, UiContext } from './web/ui-context.js'

const TEMPLATES = fileURLToPath(new URL('./web/templates/', import.meta.url))
const CSS = fileURLToPath(new URL('./web/static/wiki.css', import.meta.url))
export const ENGINE_SCHEMA = 'wiki'

export interface WikiEndpointConfig { siteId: string, database: string }

export interface WikiAppConfig {
  siteId: string
  language: string
  roles: Array<'repo' | 'client'>
  database: string
  /** Client role: the repo. */
  repo?: WikiEndpointConfig
  /** Repo role: the clients it dispatches to. */
  clients?: WikiEndpointConfig[]
  repoId: string
  farm: () => FarmLink[]
  logger?: FastifyServerOptions['logger']
  /** graphile-worker poll interval (ms); LISTEN/NOTIFY makes most jobs start at once anyway. */
  pollInterval?: number
}

export interface WikiApp { app: FastifyInstance, wiki: Wiki, ctx: UiContext }

/**
 * One wiki: the engine (own tables in schema `wiki`), fastify-wikibase registered like any
 * third-party plugin with this wiki as its host, the activity plugin, and the HTML UI.
 */
export async function buildWikiApp (config: WikiAppConfig): Promise<WikiApp> {
  const app = Fastify({ logger: config.logger ?? { level: process.env.LOG_LEVEL ?? 'warn' } })
  const pool = new pg.Pool({ connectionString: config.database, max: 12, application_name: `example-wiki:${config.siteId}` })
  pool.on('error', error => { app.log.warn(`example-wiki: idle database client failed: ${error.message}`) })
  // Registered first, so it runs last (onClose is LIFO): the plugin's workers stop before the pool ends.
  app.addHook('onClose', async () => { await pool.end() })
  const db = { pool, schema: ENGINE_SCHEMA }
  await migrateEngine(db)
  const wiki = createWiki({ siteId: config.siteId, language: config.language, db, log: app.log })

  await app.register(formbody)
  await app.register(view, { engine: { eta: new Eta({ views: TEMPLATES, cache: true }) }, root: TEMPLATES, viewExt: 'eta' })
  app.get('/static/wiki.css', async (_request, reply) => await reply.type('text/css').header('cache-control', 'max-age=300').send(await readFile(CSS, 'utf8')))

  // The plugin's repo routes take the user from request.wikiUser; the UI's in-process calls say who it is.
  app.addHook('onRequest', async request => {
    const header = request.headers[USER_HEADER]
    if (typeof header === 'string' && request.headers[TOKEN_HEADER] === USER_TOKEN) request.wikiUser = JSON.parse(header) as HostUser
  })

  await app.register(wikibase, {
    siteId: config.siteId,
    roles: config.roles,
    pool,
    host: wiki.host,
    repo: config.repo,
    clients: config.clients,
    worker: { pollInterval: config.pollInterval ?? 500 }
  })

  const ctx: UiContext = {
    app, wiki, isRepo: config.roles.includes('repo'), repoId: config.repoId, farm: config.farm,
    routePrefix: app.wikibase.options.routePrefix, specialPages: new Map()
  }
  for (const page of coreSpecialPages(ctx)) ctx.specialPages.set(page.name, page)
  setCliConnection(ctx, { database: config.database, siteId: config.siteId })
  await app.register(activityPlugin, { ctx })
  registerErrorPages(ctx)
  registerPageRoutes(ctx)
  return { app, wiki, ctx }
}
