import Fastify, { type FastifyInstance } from 'fastify'
import pg, { type PoolClient } from 'pg'
import wikibase, { type WikibaseOptions } from '../../plugin/index.js'
import type { RecentChange } from '../../hooks/contract.js'
import { notifyOnEntityEdit } from '../../plugin/repo/dispatch/change-notifier.js'
import { withTransaction } from '../../plugin/db/wiki-database.js'
import { addUserMetadata, setChangeMetadata, type EntityChange } from '../../plugin/changes/entity-change.js'
import { TestHost } from './test-host.js'
import { wikibaseInternals } from '../../plugin/facade.js'

interface Teardown { teardown: (fn: () => unknown) => void }

export async function startWiki (t: Teardown, options: WikibaseOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: { level: process.env.TEST_LOG_LEVEL ?? 'silent' } })
  const host = options.host
  if (host instanceof TestHost && !host.hasDatabase && (options.pool !== undefined || options.database !== undefined)) {
    // Registration checks the host's database with a host transaction: a pool-less test host
    // gets the wiki's database before it starts (attach(app) later keeps it).
    const pool = options.pool ?? new pg.Pool({ connectionString: options.database, max: 2 })
    if (options.pool === undefined) t.teardown(async () => { await pool.end() })
    host.useDatabase(pool)
  }
  await app.register(wikibase, options)
  await app.ready()
  t.teardown(async () => { await app.close() })
  return app
}

let rcId = 0

export function recentChange (overrides: Partial<RecentChange> = {}): RecentChange {
  rcId += 1
  return {
    rc_id: rcId,
    rc_timestamp: new Date(),
    rc_namespace: 120,
    rc_title: 'Q1',
    rc_cur_id: 1,
    rc_this_oldid: 1000 + rcId,
    rc_last_oldid: 999 + rcId,
    rc_user: 7,
    rc_user_text: 'Editor',
    rc_comment: 'edit',
    rc_bot: false,
    rc_minor: false,
    rc_source: 'mw.edit',
    rc_log_type: null,
    rc_log_action: null,
    rc_params: null,
    ...overrides
  }
}

/**
 * What the repo's editor does once the host recorded an entity edit, for a change made up by
 * a test: in one transaction, the change with the recentchanges row's revision, user and
 * metadata saved as the editor saves it (dispatch/change-notifier.ts), then `inTx`.
 */
export async function saveEdit (app: FastifyInstance, change: EntityChange, rc: RecentChange = recentChange(), inTx?: (tx: PoolClient) => Promise<void>): Promise<void> {
  const { self, host, options } = wikibaseInternals(app)
  const edited = addUserMetadata(setChangeMetadata(
    { ...change, revisionId: rc.rc_this_oldid },
    { bot: rc.rc_bot ? 1 : 0, rev_id: rc.rc_this_oldid, parent_id: rc.rc_last_oldid, comment: rc.rc_comment }), rc.rc_user, rc.rc_user_text, 0)
  const deps = { db: self, centralUserId: host?.services.centralUserId ?? (async () => 0), dispatchDelayMs: options.repoSettings.dispatchDelay, dispatchShards: options.repoSettings.dispatchShards }
  await withTransaction(self.pool, async tx => {
    await notifyOnEntityEdit(tx, edited, { pageId: rc.rc_cur_id, revisionId: rc.rc_this_oldid, rcId: rc.rc_id, timestamp: rc.rc_timestamp }, deps)
    await inTx?.(tx)
  })
}
