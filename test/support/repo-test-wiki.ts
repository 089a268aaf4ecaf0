import { readdirSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import { createWikiHost, type EntityPageEdit, type HostUser, type RecentChange, type WikiHost } from '../../hooks/contract.js'
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

/** A host that records entity edits (page + RC row) and fires RecentChangeSave, as a wiki does. */
export interface RecordingHost extends WikiHost {
  edits: EntityPageEdit[]
  /**
   * Which users may do what: everyone may read; writes need a logged-in user unless
   * `anonymousCanEdit`, and a name not in `blocked`; `bot` only bot accounts; `denied` takes
   * single rights away (`"<name>:<right>"`), at once (the plugin asks on every request).
   */
  anonymousCanEdit: boolean
  /** Names of logged-in users the wiki does not let edit (blocked). */
  blocked: Set<string>
  denied: Set<string>
  failNextRecord: boolean
}

export function recordingHost (): RecordingHost {
  let nextRc = 0
  const pages = new Map<string, number>()
  const host = createWikiHost({
    pageIdsForTitles: async () => new Map(),
    pagesByIds: async () => [],
    refreshLinks: async () => {},
    purgeWebCache: async () => {},
    insertRecentChanges: async () => [],
    transaction: async () => { throw new Error('the editor uses the repo pool') },
    userCan: async (user, right) => {
      if (recording.denied.has(`${user.name}:${right}`)) return false
      if (right === 'read') return true
      if (right === 'bot') return user.bot
      return (!user.anonymous || recording.anonymousCanEdit) && !recording.blocked.has(user.name)
    },
    recordEntityEdit: async (edit, tx) => {
      if (recording.failNextRecord) { recording.failNextRecord = false; throw new Error('host failed to save the page') }
      recording.edits.push(edit)
      const pageId = pages.get(edit.entityId) ?? pages.size + 100
      pages.set(edit.entityId, pageId)
      nextRc += 1
      const rc: RecentChange = {
        rc_id: nextRc,
        rc_timestamp: new Date(),
        rc_namespace: edit.entityId.startsWith('P') ? 120 : 0,
        rc_title: edit.entityId,
        rc_cur_id: pageId,
        rc_this_oldid: edit.revisionId,
        rc_last_oldid: edit.parentRevisionId,
        rc_user: edit.user.id,
        rc_user_text: edit.user.name,
        rc_comment: edit.comment,
        rc_bot: edit.user.bot,
        rc_minor: false,
        rc_source: 'mw.edit',
        rc_log_type: edit.kind === 'delete' || edit.kind === 'restore' ? 'delete' : null,
        rc_log_action: edit.kind === 'delete' ? 'delete' : edit.kind === 'restore' ? 'restore' : null,
        rc_params: null
      }
      await host.hooks.callHook('RecentChangeSave', rc, tx)
      return { pageId, revisionId: edit.revisionId, rcId: nextRc }
    }
  })
  const recording: RecordingHost = Object.assign(host, { edits: [] as EntityPageEdit[], anonymousCanEdit: true, blocked: new Set<string>(), denied: new Set<string>(), failNextRecord: false })
  return recording
}

/** A repo wiki on a fresh database (no worker), optionally with a recording host. */
export async function startRepo (t: Teardown, label: string, host?: WikiHost): Promise<FastifyInstance> {
  const url = await freshDatabase(t, label)
  return await startWiki(t, {
    siteId: 'repo', roles: ['repo'], database: url, schema: { data: 'repo', queue: 'repo_jobs' },
    clients: [{ siteId: 'enwiki' }], worker: { enabled: false }, ...(host === undefined ? {} : { host })
  })
}

/** Registers sites by global id (just the key; enough for sitelink validation). */
export async function addSites (db: WikiDatabase, sites: Iterable<string>): Promise<void> {
  await db.pool.query(`INSERT INTO ${tableName(db, 'sites')} (site_global_key) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`, [[...sites]])
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
