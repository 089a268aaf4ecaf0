import type { FastifyServerOptions } from 'fastify'
import type { PageId } from '../hooks/ids.js'
import { refreshLinks, type Wiki } from './engine/wiki-engine.js'
import { NS_ITEM, NS_PROPERTY } from './engine/titles.js'
import { table } from './engine/wiki-db.js'
import { buildWikiApp, type WikiApp } from './wiki-app.js'
import { farmSitePageInfo } from './farm-page-info.js'
import { ensureFirstSysop } from './engine/first-sysop.js'
import { farmSites, seedClientPages, seedEntities, seedEntityPages, seedRepoPages, seedSites, type FarmWiki } from './seed/seed.js'
import type { ParserLimits } from './engine/parser-limits.js'

/** Renders every page again (after the sites changed: language links point elsewhere). */
export async function refreshAllPages (wiki: Wiki): Promise<void> {
  const { rows } = await wiki.db.pool.query<{ page_id: number, page_namespace: number, page_title: string }>(
    `SELECT page_id, page_namespace, page_title FROM ${table(wiki.db, 'page')} WHERE page_namespace <> ${NS_ITEM} AND page_namespace <> ${NS_PROPERTY}`)
  await refreshLinks(wiki, rows.map(r => ({ id: r.page_id as PageId, namespace: r.page_namespace, title: r.page_title })),
    { action: 'sites-changed', agent: 'example-wiki' })
}

export const REPO_ID = 'repowiki'
export const CLIENT_IDS = ['enwiki', 'dewiki'] as const
/** The client wiki run as a process of its own, reaching the repo over HTTP only (remote-process.ts). */
export const REMOTE_ID = 'remotewiki'
const LANGUAGES: Record<string, string> = { repowiki: 'en', enwiki: 'en', dewiki: 'de' }
/** A farm wiki's content language. */
export const wikiLanguage = (id: string): string => LANGUAGES[id] ?? 'en'

export interface FarmOptions {
  /** Connection string per wiki database (repowiki, enwiki, dewiki). */
  databases: ReadonlyMap<string, string>
  /** Port of each wiki, in order repo, clients (0: any free port). */
  ports: number[]
  host?: string
  logger?: FastifyServerOptions['logger']
  /** Seed sites, entities and pages (default true). */
  seed?: boolean
  /**
   * Wikis of the farm run elsewhere (remotewiki: another process, remote-process.ts): the
   * farm's sites and links include them; nothing here reaches their databases.
   */
  remoteWikis?: FarmWiki[]
  /** Password of the first sysop `Admin` when a wiki has none yet (default: generated). */
  adminPassword?: string
  /** Every wiki's parser limits (example-wiki/engine/parser-limits.ts; MediaWiki's defaults). */
  parserLimits?: Partial<ParserLimits>
}

export interface Farm {
  wikis: Map<string, WikiApp>
  urls: Map<string, string>
  /** What starting took, in ms, by step. */
  timings: Record<string, number>
  /** The sysop account made on this start (its password is shown nowhere else), or null. */
  createdSysop: { name: string, password: string } | null
  close: () => Promise<void>
}

/**
 * One repo and two clients, each its own Fastify app and database. The repo starts first and
 * imports the fixture entities before the clients seed pages that use them.
 */
export async function startFarm (options: FarmOptions): Promise<Farm> {
  const started = Date.now()
  const timings: Record<string, number> = {}
  const mark = (step: string, since: number): void => { timings[step] = Date.now() - since }
  const host = options.host ?? '127.0.0.1'
  const ids = [REPO_ID, ...CLIENT_IDS]
  const url = (id: string): string => {
    const found = options.databases.get(id)
    if (found === undefined) throw new Error(`no database for ${id}`)
    return found
  }
  const urls = new Map<string, string>()
  const remote = options.remoteWikis ?? []
  const farmLinks = (): Array<{ siteId: string, url: string }> => [
    ...ids.flatMap(id => urls.has(id) ? [{ siteId: id, url: urls.get(id)! }] : []),
    ...remote.map(w => ({ siteId: w.siteId, url: w.url }))
  ]
  const wikis = new Map<string, WikiApp>()
  let createdSysop: Farm['createdSysop'] = null
  const closeAll = async (): Promise<void> => {
    for (const id of [...wikis.keys()].reverse()) await wikis.get(id)!.app.close()
  }
  try {
    let t = Date.now()
    await Promise.all(ids.map(async id => {
      const isRepo = id === REPO_ID
      wikis.set(id, await buildWikiApp({
        siteId: id,
        language: LANGUAGES[id] ?? 'en',
        roles: isRepo ? ['repo', 'client'] : ['client'],
        database: url(id),
        repo: isRepo ? undefined : { siteId: REPO_ID, database: url(REPO_ID) },
        clients: isRepo ? CLIENT_IDS.map(c => ({ siteId: c, database: url(c) })) : undefined,
        repoId: REPO_ID,
        farm: farmLinks,
        logger: options.logger,
        parserLimits: options.parserLimits,
        // The repo is multilingual, as Wikidata: its pages read entity data in the reader's
        // language (?uselang=), one cached rendering per language.
        ...(isRepo ? { client: { allowDataAccessInUserLanguage: true } } : {}),
        sitePageInfo: isRepo ? farmSitePageInfo(() => new Map([...wikis].map(([siteId, w]) => [siteId, w.wiki]))) : undefined
      }))
    }))
    mark('build', t)
    createdSysop = await ensureFirstSysop([...wikis.values()].map(w => w.wiki.db), options.adminPassword)
    t = Date.now()
    for (const [i, id] of ids.entries()) {
      const app = wikis.get(id)!.app
      await app.listen({ port: options.ports[i] ?? 0, host })
      const address = app.server.address()
      const port = typeof address === 'object' && address !== null ? address.port : options.ports[i]
      urls.set(id, `http://${host}:${port}/`)
    }
    mark('listen', t)
    if (options.seed !== false) {
      t = Date.now()
      const farmWikis: FarmWiki[] = [...ids.map(id => ({ siteId: id, language: LANGUAGES[id] ?? 'en', url: urls.get(id)! })), ...remote]
      const sites = farmSites(farmWikis)
      const [changedSites] = await Promise.all([
        Promise.all(ids.map(async id => await seedSites(wikis.get(id)!, sites))),
        seedEntities(wikis.get(REPO_ID)!)
      ])
      mark('seed sites and entities', t)
      t = Date.now()
      // The sites were written through each wiki's own plugin pool: its site lookups dropped their cache at once.
      await seedEntityPages(wikis.get(REPO_ID)!)
      await seedRepoPages(wikis.get(REPO_ID)!)
      await Promise.all(CLIENT_IDS.map(async id => await seedClientPages(wikis.get(id)!)))
      // Pages that existed before the sites changed (another port): new language link URLs.
      await Promise.all(ids.map(async (id, i) => { if (changedSites[i] === true) await refreshAllPages(wikis.get(id)!.wiki) }))
      mark('seed pages', t)
    }
  } catch (error) {
    await closeAll()
    throw error
  }
  timings.total = Date.now() - started
  return { wikis, urls, timings, createdSysop, close: closeAll }
}
