import Fastify, { type FastifyInstance } from 'fastify'
import type { PoolClient } from 'pg'
import wikibase, { type WikibaseOptions } from '../../plugin/index.js'
import type { RecentChange } from '../../hooks/contract.js'
import { holdChange } from '../../plugin/repo/dispatch/change-holder.js'
import { withTransaction } from '../../plugin/db/wiki-database.js'
import type { EntityChange } from '../../plugin/changes/entity-change.js'

interface Teardown { teardown: (fn: () => unknown) => void }

export async function startWiki (t: Teardown, options: WikibaseOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: { level: process.env.TEST_LOG_LEVEL ?? 'silent' } })
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
 * What a host does for an entity edit: in one transaction, hold the change, save the RC
 * row (not modelled here) and fire RecentChangeSave.
 */
export async function saveEdit (app: FastifyInstance, change: EntityChange, rc: RecentChange = recentChange(), inTx?: (tx: PoolClient) => Promise<void>): Promise<void> {
  const host = app.wikibase.host!
  await withTransaction(app.wikibase.self.pool, async tx => {
    holdChange(tx, change)
    await host.hooks.callHook('RecentChangeSave', rc, tx)
    await inTx?.(tx)
  })
}
