import t from 'tap'
import pg from 'pg'
import { recentChange, saveEdit, startWiki } from '../support/farm.js'
import { eventually, freshDatabase } from '../support/test-database.js'
import { migrateEngine } from '../../example-wiki/engine/engine-migrator.js'
import { createWiki } from '../../example-wiki/engine/host-services.js'
import { savePage } from '../../example-wiki/engine/wiki-engine.js'
import { parseTitle } from '../../example-wiki/engine/titles.js'
import { listRecentChanges } from '../../example-wiki/engine/recent-changes-store.js'
import { newEntityChange } from '../../plugin/changes/entity-change.js'
import { emptyEntityDiffChangedAspects } from '../../plugin/changes/entity-diff-changed-aspects.js'
import { parseEntityId } from '../../hooks/ids.js'
import { createTestHost } from '../support/test-host.js'
import { engineWiki } from '../support/engine-wiki.js'

/**
 * Issue 14.2, through the plugin's own inject path into the example host: a page is created,
 * then, in the same second, a repo item is linked to it. The injected row carries the repo
 * change's time (whole seconds); it must still be listed above the creation it came after.
 */
t.test('a repo change injected in the second of a local edit is listed above it', async t => {
  const repoUrl = await freshDatabase(t, 'rcorderrepo')
  const { url: enUrl, pool, db, wiki } = await engineWiki(t, 'rcorderen', 'enwiki')
  await startWiki(t, { siteId: 'enwiki', roles: ['client'], pool, host: wiki.host, repo: { siteId: 'repowiki', database: repoUrl }, worker: { pollInterval: 100 } })
  const repo = await startWiki(t, { siteId: 'repowiki', roles: ['repo'], database: repoUrl, clients: [{ siteId: 'enwiki', database: enUrl }], host: createTestHost(), worker: { pollInterval: 100 } })

  const user = { id: 0, name: '127.0.0.1', anonymous: true, bot: false }
  const created = await savePage(wiki, { title: parseTitle('Roma'), text: 'Rome.', comment: 'created', user })
  const second = Math.floor(created.recentChange!.rc_timestamp.getTime() / 1000) * 1000
  // The repo edit: later than the creation, within its second.
  const linked = newEntityChange('update', parseEntityId('Q220'), {
    compactDiff: { ...emptyEntityDiffChangedAspects(), siteLinkChanges: { enwiki: [null, 'Roma', false] } }
  })
  await saveEdit(repo, linked, recentChange({ rc_timestamp: new Date(second + 999), rc_title: 'Q220', rc_comment: 'linked' }))

  const rows = await eventually(async () => {
    const listed = await listRecentChanges(pool, db, { limit: 10, hideExternal: false })
    return listed.some(rc => rc.rc_source === 'wb') ? listed : undefined
  }, 30_000)
  t.same(rows.map(rc => [rc.rc_source, rc.rc_title, rc.rc_comment, rc.rc_timestamp.getTime()]), [
    ['wb', 'Roma', 'A repowiki item was linked to this page', second],
    ['mw.new', 'Roma', 'created', second]
  ], 'newest first: the link, then the creation, both in the same whole second')
  t.equal(rows[0]!.rc_id > rows[1]!.rc_id, true, 'the tie is broken by rc_id')
})

/**
 * Issue 14.6, through the same path on a German client: a template's sitelink moves to another
 * template. Both pages are found by their German titles, and each gets its own comment.
 */
t.test('a sitelink moved between two localized pages: each page gets its own comment', async t => {
  const repoUrl = await freshDatabase(t, 'rclocalrepo')
  const deUrl = await freshDatabase(t, 'rclocalde')
  const pool = new pg.Pool({ connectionString: deUrl, max: 12 })
  t.teardown(async () => { await pool.end() })
  const db = { pool, schema: 'wiki' }
  await migrateEngine(db)
  const log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => log } as any
  const wiki = createWiki({ siteId: 'dewiki', language: 'de', db, log })
  await startWiki(t, { siteId: 'dewiki', roles: ['client'], pool, host: wiki.host, repo: { siteId: 'repowiki', database: repoUrl }, worker: { pollInterval: 100 } })
  const repo = await startWiki(t, { siteId: 'repowiki', roles: ['repo'], database: repoUrl, clients: [{ siteId: 'dewiki', database: deUrl }], host: createTestHost(), worker: { pollInterval: 100 } })

  const user = { id: 0, name: '127.0.0.1', anonymous: true, bot: false }
  await savePage(wiki, { title: parseTitle('Vorlage:Infobox Stadt'), text: 'a', comment: 'neu', user })
  await savePage(wiki, { title: parseTitle('Vorlage:Infobox Ort'), text: 'b', comment: 'neu', user })
  const moved = newEntityChange('update', parseEntityId('Q5626735'), {
    compactDiff: { ...emptyEntityDiffChangedAspects(), siteLinkChanges: { dewiki: ['Vorlage:Infobox Stadt', 'Vorlage:Infobox Ort', false] } },
    metadata: { comment: 'moved', user_text: 'U' }
  })
  await saveEdit(repo, moved, recentChange({ rc_title: 'Q5626735', rc_comment: 'moved' }))

  const rows = await eventually(async () => {
    const listed = (await listRecentChanges(pool, db, { limit: 10, hideExternal: false })).filter(rc => rc.rc_source === 'wb')
    return listed.length === 2 ? listed : undefined
  }, 30_000)
  t.same(rows.map(rc => [rc.rc_namespace, rc.rc_title, rc.rc_comment]).sort(), [
    [10, 'Infobox_Ort', 'A repowiki item was linked to this page'],
    [10, 'Infobox_Stadt', 'This page was unlinked from its repowiki item; language links removed']
  ].sort(), 'the old page: unlinked; the new page: linked')
})
