import { readdirSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import type { HostUser, WikiHost } from '../../hooks/contract.js'
import { startWiki } from './farm.js'
import { freshDatabase } from './test-database.js'
import { readFixtureJson, WIKIDATA_FIXTURES } from '../fixtures-support/wikidata-fixtures.js'
import { unwrapEntity, entityMap, type WikibaseEntity } from '../../plugin/changes/wikibase-entity.js'
import { tableName, type WikiDatabase } from '../../plugin/db/wiki-database.js'

interface Teardown { teardown: (fn: () => unknown) => void }

export const ENTITY_DIR = `${WIKIDATA_FIXTURES.replace(/\/?$/, '/')}entities/`
export const fixtureEntityFiles = (): string[] => readdirSync(ENTITY_DIR).filter(f => f.endsWith('.json')).sort()
export const fixtureEntity = (file: string): WikibaseEntity => unwrapEntity(readFixtureJson(`entities/${file}`))

export const editor: HostUser = { id: 7, name: 'Editor', anonymous: false, bot: false }
export const anonymous: HostUser = { id: 0, name: '127.0.0.1', anonymous: true, bot: false }

/** A repo wiki on a fresh database (no worker), optionally with a test host. */
export async function startRepo (t: Teardown, label: string, host?: WikiHost): Promise<FastifyInstance> {
  const url = await freshDatabase(t, label)
  return await startWiki(t, {
    siteId: 'repo', roles: ['repo'], database: url, schema: { data: 'repo', queue: 'repo_jobs' },
    clients: [{ siteId: 'enwiki' }], worker: { enabled: false }, ...(host === undefined ? {} : { host })
  })
}

/** Registers sites by global id: MediaWiki sites at `https://<id>.example.org/wiki/$1` (over a site the plugin registered at start, as an operator's import does). */
export async function addSites (db: WikiDatabase, sites: Iterable<string>): Promise<void> {
  // MediaWiki sites with a page path, as a populated sites table has them (REST sitelinks show their `url`).
  await db.pool.query(`INSERT INTO ${tableName(db, 'sites')} (site_global_key, site_type, site_data)
    SELECT key, 'mediawiki', jsonb_build_object('paths', jsonb_build_object('page_path', 'https://' || key || '.example.org/wiki/$1'))
    FROM unnest($1::text[]) AS key
    ON CONFLICT (site_global_key) DO UPDATE SET site_type = excluded.site_type, site_data = excluded.site_data`, [[...sites]])
}

/** Every site the fixture entities link to. */
export function fixtureSites (): Set<string> {
  const sites = new Set<string>()
  for (const file of fixtureEntityFiles()) for (const site of Object.keys(entityMap(fixtureEntity(file).sitelinks))) sites.add(site)
  return sites
}

/** The entity without the revision data this repo replaces. */
export function withoutRevisionData (entity: WikibaseEntity): Record<string, unknown> {
  const { lastrevid: _r, modified: _m, ...rest } = entity
  return rest
}
