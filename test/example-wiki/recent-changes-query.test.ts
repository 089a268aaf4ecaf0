import t from 'tap'
import { freshDatabase, testPool } from '../support/test-database.js'
import { migrateEngine } from '../../example-wiki/engine/engine-migrator.js'
import { insertRecentChange, queryRecentChanges } from '../../example-wiki/engine/recent-changes-store.js'
import { selectRecentChanges } from '../support/recent-changes-selection.js'
import type { RecentChangeListing, RecentChangesQuery } from '../../hooks/contract.js'
import { createWiki } from '../../example-wiki/engine/host-services.js'
import { inTransaction } from '../../example-wiki/engine/wiki-db.js'
import { NS_ITEM } from '../../example-wiki/engine/titles.js'
import { parseEntityId } from '../../hooks/ids.js'

/**
 * The hosts' `queryRecentChanges` (hooks/contract.ts): the example engine's SQL and the test
 * host's in-memory selection give the same rows for the same query — filters, both
 * directions, start/end, and continuation from a row (timestamp, then id).
 */
t.test('queryRecentChanges: the example engine and the test host agree', async t => {
  const url = await freshDatabase(t, 'rcquery')
  const pool = testPool(t, url)
  const db = { pool, schema: 'wiki' }
  await migrateEngine(db)
  const base = { rc_cur_id: 1, rc_this_oldid: 1, rc_last_oldid: 0, rc_user: 7, rc_user_text: 'U', rc_comment: '', rc_bot: false, rc_minor: false, rc_log_type: null, rc_log_action: null, rc_params: null }
  const seeds: Array<[string, number, string, string, string[]]> = [
    ['2026-12-01T10:00:00Z', 0, 'Roma', 'mw.new', []],
    ['2026-12-01T10:00:00Z', 120, 'Q1', 'mw.new', ['spam']],
    ['2026-12-01T10:00:01Z', 120, 'Q1', 'mw.edit', ['spam', 'bot-run']],
    ['2026-12-01T10:00:02Z', 122, 'P1', 'mw.new', []],
    ['2026-12-01T10:00:02Z', 0, 'Roma', 'wb', []],
    ['2026-12-01T10:00:03Z', 120, 'Q1', 'mw.log', []]
  ]
  const memory: RecentChangeListing[] = []
  for (const [time, ns, title, source, tags] of seeds) {
    const row = await insertRecentChange(pool, db, { ...base, rc_timestamp: new Date(time), rc_namespace: ns, rc_title: title, rc_source: source, rc_tags: tags })
    const { rc_tags: rowTags, rc_patrolled: _p, rc_deleted: _d, ...rest } = row
    memory.push({ ...rest, tags: rowTags })
  }
  const ids = memory.map(row => row.rc_id)
  const at = (i: number): { timestamp: Date, id: number } => ({ timestamp: memory[i]!.rc_timestamp, id: ids[i]! })
  const cases: Array<[string, RecentChangesQuery, number[]]> = [
    ['newest first', { dir: 'older', limit: 10 }, [5, 4, 3, 2, 1, 0]],
    ['oldest first', { dir: 'newer', limit: 10 }, [0, 1, 2, 3, 4, 5]],
    ['limit', { dir: 'older', limit: 2 }, [5, 4]],
    ['entity namespaces', { dir: 'older', limit: 10, namespaces: [120, 122] }, [5, 3, 2, 1]],
    ['new pages and edits', { dir: 'older', limit: 10, sources: ['mw.new', 'mw.edit'] }, [3, 2, 1, 0]],
    ['older from start to end', { dir: 'older', limit: 10, start: new Date('2026-12-01T10:00:02Z'), end: new Date('2026-12-01T10:00:01Z') }, [4, 3, 2]],
    ['newer from start to end', { dir: 'newer', limit: 10, start: new Date('2026-12-01T10:00:01Z'), end: new Date('2026-12-01T10:00:02Z') }, [2, 3, 4]],
    ['continue older within a second', { dir: 'older', limit: 10, from: at(3) }, [3, 2, 1, 0]],
    ['continue newer within a second', { dir: 'newer', limit: 10, from: at(1) }, [1, 2, 3, 4, 5]]
  ]
  for (const [name, query, expected] of cases) {
    const engine = await queryRecentChanges(pool, db, query)
    t.same(engine.map(row => ids.indexOf(row.rc_id)), expected, `engine: ${name}`)
    t.same(selectRecentChanges(memory, query).map(row => ids.indexOf(row.rc_id)), expected, `test host: ${name}`)
  }
  const [tagged] = await queryRecentChanges(pool, db, { dir: 'newer', limit: 1, from: at(2) })
  t.same(tagged?.tags, ['spam', 'bot-run'], 'rows carry their tags')
  t.notOk('rc_tags' in (tagged ?? {}), 'as `tags`')
})

t.test('the example engine keeps an entity edit\'s tags with its recentchanges row', async t => {
  const url = await freshDatabase(t, 'rctags')
  const pool = testPool(t, url)
  const db = { pool, schema: 'wiki' }
  await migrateEngine(db)
  const log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } as any
  const wiki = createWiki({ siteId: 'repowiki', language: 'en', db, log })
  const user = { id: 7, name: 'Editor', anonymous: false, bot: false }
  const edit = { entityId: parseEntityId('Q1'), user, comment: 'c', revisionId: 1, parentRevisionId: 0, kind: 'create' as const, oldSize: 0, newSize: 10 }
  await inTransaction(db, async tx => await wiki.host.services.recordEntityEdit!({ ...edit, tags: ['spam', 'bot-run'] }, tx))
  await inTransaction(db, async tx => await wiki.host.services.recordEntityEdit!({ ...edit, kind: 'edit', revisionId: 2, parentRevisionId: 1 }, tx))
  const rows = await wiki.host.services.queryRecentChanges!({ dir: 'newer', limit: 10 })
  t.same(rows.map(row => [row.rc_namespace, row.rc_title, row.rc_source, row.tags]), [
    [NS_ITEM, 'Q1', 'mw.new', ['spam', 'bot-run']],
    [NS_ITEM, 'Q1', 'mw.edit', []]
  ])
})
