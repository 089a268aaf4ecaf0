import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import formbody from '@fastify/formbody'
import view from '@fastify/view'
import { Eta } from 'eta'
import pg from 'pg'
import wikibase, { type WikibaseOptions } from '../plugin/index.js'
import { endPool } from '../plugin/db/end-pool.js'
import type { HostServices, HostUser } from '../hooks/contract.js'
import { migrateEngine } from './engine/engine-migrator.js'
import { createWiki } from './engine/host-services.js'
import { NS_ITEM, NS_PROPERTY } from './engine/titles.js'
import type { ParserLimits } from './engine/parser-limits.js'
import type { Wiki } from './engine/wiki-engine.js'
import activityPlugin from './wikibase-activity-plugin.js'
import { registerPageRoutes } from './web/page-routes.js'
import { registerErrorPages } from './web/error-pages.js'
import { unconnectedPagesSpecialPage } from './web/special-unconnected-pages.js'
import { coreSpecialPages } from './web/special-pages.js'
import { accountSpecialPages } from './web/account-pages.js'
import { TOKEN_HEADER, USER_HEADER, USER_TOKEN } from './web/plugin-api.js'
import type { FarmLink, UiContext } from './web/ui-context.js'
import { watchlistSpecialPages } from './web/watchlist-pages.js'
import { SessionKeeper } from './web/wiki-session.js'
import { initialSetting } from './engine/user-store.js'
import { randomBytes } from 'node:crypto'

/** The farm's badge items (seed stand-ins of Wikidata's) → the class Wikimedia's clients give them. */
export const FARM_BADGE_CLASS_NAMES: Record<string, string> = {
  Q17437796: 'badge-featuredarticle',
  Q17437798: 'badge-goodarticle',
  Q17559452: 'badge-recommendedarticle'
}

const TEMPLATES = fileURLToPath(new URL('./web/templates/', import.meta.url))
const CSS = fileURLToPath(new URL('./web/static/wiki.css', import.meta.url))
export const ENGINE_SCHEMA = 'wiki'

export interface WikiEndpointConfig { siteId: string, database: string }

/**
 * A repo reached over HTTP only (issue 19's remote mode): its base URL (incl. its route
 * prefix) and this wiki's token, printed by the repo's `clients add`. No database.
 */
export interface RemoteRepoConfig { siteId: string, url: string, token: string }

export interface WikiAppConfig {
  siteId: string
  language: string
  roles: Array<'repo' | 'client'>
  database: string
  /** Client role: the repo, in its database (a farm client) or over HTTP (a remote client). */
  repo?: WikiEndpointConfig | RemoteRepoConfig
  /** Repo role: the clients it dispatches to. */
  clients?: WikiEndpointConfig[]
  repoId: string
  farm: () => FarmLink[]
  logger?: FastifyServerOptions['logger']
  /** graphile-worker poll interval (ms); LISTEN/NOTIFY makes most jobs start at once anyway. */
  pollInterval?: number
  /** The engine's parser limits (example-wiki/engine/parser-limits.ts; MediaWiki's defaults). */
  parserLimits?: Partial<ParserLimits>
  /** The plugin's client settings (e.g. showExternalRecentChanges); the plugin's defaults otherwise. */
  client?: WikibaseOptions['client']
  /** Repo role: what the farm's client wikis say about their pages (farm-page-info.ts). */
  sitePageInfo?: HostServices['sitePageInfo']
}

export interface WikiApp { app: FastifyInstance, wiki: Wiki, ctx: UiContext }

/**
 * One wiki: the engine (own tables in schema `wiki`), fastify-wikibase registered like any
 * third-party plugin with this wiki as its host, the activity plugin, and the HTML UI.
 */
export async function buildWikiApp (config: WikiAppConfig): Promise<WikiApp> {
  // `/w//api.php`, `//wiki/Item:Q64`: MediaWiki's server (Apache/PHP) answers URLs with doubled
  // slashes as the single-slash ones, and tools build such URLs from a base ending in `/`. The
  // router merges them for every route, the host's and the plugin's (README, action API).
  const app = Fastify({ logger: config.logger ?? { level: process.env.LOG_LEVEL ?? 'warn' }, routerOptions: { ignoreDuplicateSlashes: true } })
  const pool = new pg.Pool({ connectionString: config.database, max: 12, application_name: `example-wiki:${config.siteId}` })
  pool.on('error', error => { app.log.warn(`example-wiki: idle database client failed: ${error.message}`) })
  // Registered first, so it runs last (onClose is LIFO): the plugin's workers stop before the pool ends.
  app.addHook('onClose', async () => { await endPool(pool) })
  const db = { pool, schema: ENGINE_SCHEMA }
  await migrateEngine(db)
  const wiki = createWiki({ siteId: config.siteId, language: config.language, db, log: app.log, parserLimits: config.parserLimits })

  await app.register(formbody)
  await app.register(view, { engine: { eta: new Eta({ views: TEMPLATES, cache: true }) }, root: TEMPLATES, viewExt: 'eta' })
  app.get('/static/wiki.css', async (_request, reply) => await reply.type('text/css').header('cache-control', 'max-age=300').send(await readFile(CSS, 'utf8')))

  // Who is asking: the UI's in-process calls of the plugin say it (a per-process token), a browser
  // has its session cookie. A logged-in session also tells the plugin its id, so the plugin's
  // REST writes made with the browser's cookie need the session's csrf token.
  const sessions = new SessionKeeper(db, config.siteId, await initialSetting(pool, db, 'session_secret', () => randomBytes(32).toString('hex')))
  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers[USER_HEADER]
    if (typeof header === 'string' && request.headers[TOKEN_HEADER] === USER_TOKEN) {
      request.wikiUser = JSON.parse(header) as HostUser
      return
    }
    const path = request.url.split('?')[0]!
    const session = await sessions.resolve(request, reply, path === '/' || path.startsWith('/wiki/'))
    if (session === undefined) return
    request.exampleSession = session
    if (session.user !== null) {
      request.wikiUser = session.user
      request.wikiSessionId = session.id
    }
  })

  await app.register(wikibase, {
    siteId: config.siteId,
    roles: config.roles,
    pool,
    // Repo: sitelink pages are checked on the farm's clients in process (farm-page-info.ts);
    // a client-only wiki serves no api.php to ask.
    host: config.sitePageInfo === undefined ? wiki.host : { ...wiki.host, services: { ...wiki.host.services, sitePageInfo: config.sitePageInfo } },
    repo: config.repo,
    clients: config.clients,
    worker: { pollInterval: config.pollInterval ?? 500 },
    // Pages may set their own short description ({{SHORTDESC:…}}), shown under the title;
    // `{{wbreponame}}` names the farm's repo. Wikimedia's classes for the article badges:
    // language links and other-projects links show them.
    client: { allowLocalShortDesc: true, repoSiteName: 'Example repo', badgeClassNames: FARM_BADGE_CLASS_NAMES, ...config.client },
    // One source of truth: the plugin's answers (siteinfo, `ns`/`title`) use the namespaces
    // this wiki keeps its entity pages in (engine/titles.ts).
    // Wikidata's badges "sitelink to redirect" and "intentional sitelink to redirect".
    repoSettings: { entityNamespaces: { item: NS_ITEM, property: NS_PROPERTY }, redirectBadgeItems: ['Q70893996', 'Q70894304'] }
  })

  // Renderings carry the page's cache tags; a page whose refresh is pending renders afresh or is marked.
  wiki.refreshState = app.wikibase
  const ctx: UiContext = {
    app, wiki, isRepo: config.roles.includes('repo'), repoId: config.repoId, farm: config.farm,
    routePrefix: app.wikibase.routePrefix, specialPages: new Map(), sessions
  }
  const specialPages = [...coreSpecialPages(ctx), ...accountSpecialPages(ctx), ...watchlistSpecialPages(ctx), unconnectedPagesSpecialPage(ctx)]
  for (const page of specialPages) ctx.specialPages.set(page.name, page)
  await app.register(activityPlugin, { ctx })
  registerErrorPages(ctx)
  registerPageRoutes(ctx)
  return { app, wiki, ctx }
}
