import { fileURLToPath } from 'node:url'
import { importEntities } from '../../cli/entities-command.js'
import { newMediaWikiSite } from '../../plugin/sites/mediawiki-site-input.js'
import { importSites } from '../../plugin/sites/site-store.js'
import type { Site } from '../../plugin/sites/site.js'
import { settingOf, setSetting } from '../engine/user-store.js'
import { savePage } from '../engine/wiki-engine.js'
import { parseTitle } from '../engine/titles.js'
import { pageIdsOf } from '../engine/page-store.js'
import { createImportedEntityPages, entityPageTitle } from '../engine/entity-page-import.js'
import { callPlugin, REST_BASE } from '../web/plugin-api.js'
import type { WikiApp } from '../wiki-app.js'
import { CLIENT_PAGES, REPO_PAGES, type SeedPage } from './pages.js'
import { wikibaseInternals } from '../../plugin/facade.js'

const ENTITIES = fileURLToPath(new URL('./entities/', import.meta.url))
const SEED_USER = { id: 0, name: 'Seed script', anonymous: true, bot: true }

export interface FarmWiki {
  siteId: string
  language: string
  url: string
  /**
   * Runs in a process of its own (remotewiki): its site gets no file path, so the repo never
   * asks its api.php about a sitelink's page (a client-only example wiki serves none, and the
   * repo's in-process lookup, farm-page-info.ts, cannot reach it), and no language id (enwiki
   * has `en`).
   */
  remote?: boolean
}

/**
 * Wikimedia sites of other groups, outside the farm, so that the seed items' real sitelinks to
 * them (Berlin: commonswiki, enwikivoyage with a badge, …) show in the clients' "In other
 * projects" box. Page paths only: no file path, so the repo never asks their api.php about a
 * sitelink's page (the farm works offline).
 */
const OTHER_PROJECT_SITES = [
  { globalId: 'commonswiki', group: 'commons', language: 'en', pagePath: 'https://commons.wikimedia.org/wiki/$1' },
  { globalId: 'enwikivoyage', group: 'wikivoyage', language: 'en', pagePath: 'https://en.wikivoyage.org/wiki/$1' },
  { globalId: 'dewikivoyage', group: 'wikivoyage', language: 'de', pagePath: 'https://de.wikivoyage.org/wiki/$1' },
  { globalId: 'enwikiquote', group: 'wikiquote', language: 'en', pagePath: 'https://en.wikiquote.org/wiki/$1' },
  { globalId: 'dewikiquote', group: 'wikiquote', language: 'de', pagePath: 'https://de.wikiquote.org/wiki/$1' }
]

/**
 * The farm's wikis as sites (type mediawiki; clients in group wikipedia, the repo in wikidata),
 * with their local URLs, and the Wikimedia sites of other groups the seed items link to.
 */
export function farmSites (wikis: FarmWiki[]): Site[] {
  return [
    ...wikis.map(w => newMediaWikiSite({
      globalId: w.siteId, group: w.siteId === 'repowiki' ? 'wikidata' : 'wikipedia', language: w.language,
      pagePath: `${w.url}wiki/$1`, ...(w.remote === true ? {} : { filePath: `${w.url}w/$1` }),
      // A remote wiki shares its language with a farm client: its interwiki prefix is its site id,
      // and it is no language link target.
      interwikiIds: [w.siteId === 'repowiki' ? 'repo' : w.remote === true ? w.siteId : w.language],
      navigationIds: w.siteId === 'repowiki' || w.remote === true ? [] : [w.language]
    })),
    ...OTHER_PROJECT_SITES.map(site => newMediaWikiSite(site))
  ]
}

/**
 * Sites of the farm, re-imported when the wikis' URLs changed (e.g. another EXAMPLE_PORT):
 * in-process through the plugin's sites store, so the plugin's site lookups see them at once.
 */
export async function seedSites (wiki: WikiApp, sites: Site[]): Promise<boolean> {
  const fingerprint = JSON.stringify(sites)
  const { db } = wiki.wiki
  if (await settingOf(db.pool, db, 'sites') === fingerprint) return false
  await importSites(wikibaseInternals(wiki.app).self, sites)
  await setSetting(db.pool, db, 'sites', fingerprint)
  return true
}

/** Repo, first start: the fixture entities, imported in-process as `fastify-wikibase entities import --no-site-check` does. */
export async function seedEntities (wiki: WikiApp): Promise<string | null> {
  const { db } = wiki.wiki
  if (await settingOf(db.pool, db, 'entities') !== null) return null
  const report = await importEntities(wikibaseInternals(wiki.app).self, ENTITIES, { checkSites: false })
  if (report.failed.length > 0) throw new Error(`seed entities: ${report.failed.map(f => `${f.file}: ${f.error}`).join('; ')}`)
  await setSetting(db.pool, db, 'entities', new Date().toISOString())
  return `imported ${report.imported.length} entities`
}

/** Every item and property id the repo's store lists (its REST API), properties first. */
async function entityIds (wiki: WikiApp): Promise<string[]> {
  const ids: string[] = []
  for (const kind of ['properties', 'items']) {
    for (let after = 0; ;) {
      const got = await callPlugin<{ ids: string[] }>(wiki.app, 'GET',
        `${wiki.ctx.routePrefix}${REST_BASE}/entities/${kind}?limit=1000${after > 0 ? `&after=${after}` : ''}`)
      if (got.status !== 200) throw new Error(`listing ${kind}: HTTP ${got.status}`)
      ids.push(...got.body.ids)
      if (got.body.ids.length < 1000) break
      after = Number(got.body.ids.at(-1)!.slice(1))
    }
  }
  return ids
}

/**
 * Repo, every start: host pages for the entities that have none (imported with the CLI, on
 * the first start or since), so every entity is a page as in Wikibase.
 */
export async function seedEntityPages (wiki: WikiApp): Promise<number> {
  const { db } = wiki.wiki
  const ids = await entityIds(wiki)
  const existing = await pageIdsOf(db.pool, db, ids.map(entityPageTitle))
  const missing = ids.filter(id => { const t = entityPageTitle(id); return !existing.has(`${t.namespace}:${t.dbKey}`) })
  // Their latest revision ids: wbgetentities props=info, 50 ids a request.
  const revisions = new Map<string, number>()
  for (let i = 0; i < missing.length; i += 50) {
    const ids = missing.slice(i, i + 50).join('|')
    const got = await callPlugin<{ entities?: Record<string, { lastrevid?: number }> }>(wiki.app, 'GET',
      `${wiki.ctx.routePrefix}/w/api.php?action=wbgetentities&props=info&format=json&ids=${encodeURIComponent(ids)}`)
    for (const [id, entity] of Object.entries(got.body?.entities ?? {})) revisions.set(id, entity.lastrevid ?? 0)
  }
  return (await createImportedEntityPages(wiki.wiki, missing.map(id => ({ id, revisionId: revisions.get(id) ?? 0 })))).length
}

async function seedPages (wiki: WikiApp, pages: SeedPage[]): Promise<number> {
  const { db } = wiki.wiki
  if (await settingOf(db.pool, db, 'pages') !== null) return 0
  for (const page of pages) {
    await savePage(wiki.wiki, { title: parseTitle(page.title), text: page.text, comment: page.comment ?? 'Example page', user: SEED_USER })
  }
  await setSetting(db.pool, db, 'pages', new Date().toISOString())
  return pages.length
}

export async function seedRepoPages (wiki: WikiApp): Promise<number> {
  return await seedPages(wiki, REPO_PAGES)
}

export async function seedClientPages (wiki: WikiApp): Promise<number> {
  return await seedPages(wiki, CLIENT_PAGES[wiki.wiki.siteId] ?? [])
}
