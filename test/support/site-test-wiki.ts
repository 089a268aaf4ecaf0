import { readFileSync } from 'node:fs'
import Fastify, { type FastifyInstance } from 'fastify'
import wikibase from '../../plugin/index.js'
import type { WikiDatabase } from '../../plugin/db/wiki-database.js'
import { loadSites, readSitesVersion, type SiteDatabase } from '../../plugin/sites/site-store.js'
import { wikibaseInternals } from '../../plugin/facade.js'

interface Teardown { teardown: (fn: () => unknown) => void }

export const FIXTURES = new URL('../fixtures/sites/', import.meta.url)
export const sitematrixText = (): string => readFileSync(new URL('wikimedia-sitematrix-2026-03.json', FIXTURES), 'utf8')
export const siteListXmlText = (): string => readFileSync(new URL('mediawiki-SiteImporterTest.xml', FIXTURES), 'utf8')
export const sitesDumpText = (): string => readFileSync(new URL('wikidatawiki-20140420-sites.sql', FIXTURES), 'utf8')

/** A wiki started the way a host starts it (plugin on a bare Fastify app, no worker). */
export async function startWiki (t: Teardown, url: string, schema: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false })
  await app.register(wikibase, {
    siteId: schema,
    roles: ['repo', 'client'],
    database: url,
    schema: { data: schema, queue: `${schema}_jobs` },
    worker: { enabled: false },
    // The registry tests count from an empty sites table: no site of the wiki itself.
    registerSites: false
  })
  await app.ready()
  t.teardown(async () => { await app.close() })
  return app
}

export async function wikiDatabase (t: Teardown, url: string, schema: string): Promise<WikiDatabase> {
  return wikibaseInternals(await startWiki(t, url, schema)).self
}

/** Everything a write could change: the rows, and the fingerprint of their row versions. */
export async function registrySnapshot (db: SiteDatabase): Promise<{ version: string, sites: unknown }> {
  return { version: await readSitesVersion(db), sites: await loadSites(db) }
}
