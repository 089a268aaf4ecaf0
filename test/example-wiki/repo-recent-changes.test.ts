import t from 'tap'
import { startWiki } from '../support/farm.js'
import { listRecentChanges } from '../../example-wiki/engine/recent-changes-store.js'
import { createEntity, deleteEntity, editEntity } from '../../plugin/repo/entities/entity-editor.js'
import { saveAccount } from '../../example-wiki/engine/account-store.js'
import type { EntityId } from '../../hooks/ids.js'
import { wikibaseInternals } from '../../plugin/facade.js'
import { engineWiki } from '../support/engine-wiki.js'

/**
 * Issue 14.7, through the plugin's entity editor into the example host: the sizes shown in the
 * repo's recentchanges are those of the entity's stored content (Wikibase's json_encode blob),
 * so adding a sitelink or a statement adds exactly its serialization.
 */
t.test('repo recentchanges record the entity content sizes', async t => {
  const { pool, db, wiki } = await engineWiki(t, 'reposizes', 'repowiki')
  const repo = await startWiki(t, { siteId: 'repowiki', roles: ['repo'], pool, host: wiki.host, clients: [], worker: { enabled: false } })
  await pool.query("INSERT INTO sites (site_global_key) VALUES ('dewiki') ON CONFLICT DO NOTHING")
  // A sysop: the edits end with a deletion, which needs the right `delete`.
  const editorId = await saveAccount(pool, db, 'Editor', '', ['sysop'])
  const ctx = { db: wikibaseInternals(repo).self, host: wiki.host, user: { id: editorId, name: 'Editor', anonymous: false, bot: false } }

  const { entityId } = await createEntity(ctx, 'item', { type: 'item', labels: { en: { language: 'en', value: 'Berlin' } } }, { comment: 'create' })
  const id = entityId as EntityId
  await editEntity(ctx, id, e => ({ ...e, sitelinks: { dewiki: { site: 'dewiki', title: 'Berlin', badges: [] } } }), { comment: 'sitelink' })
  await editEntity(ctx, id, e => ({ ...e, labels: { en: { language: 'en', value: 'Berlín' } } }), { comment: 'accent' })
  await editEntity(ctx, id, e => ({ ...e, labels: { en: { language: 'en', value: 'Berlin' } } }), { comment: 'no accent' })
  await deleteEntity(ctx, id, { comment: 'gone' })

  const rows = (await listRecentChanges(pool, db, { limit: 10, hideExternal: false })).reverse()
  const created = `{"type":"item","labels":{"en":{"language":"en","value":"Berlin"}},"id":"${entityId}"}`.length
  const sitelink = ',"sitelinks":{"dewiki":{"site":"dewiki","title":"Berlin","badges":[]}}'.length
  t.same(rows.map(rc => [rc.rc_comment, rc.rc_old_len, rc.rc_new_len]), [
    ['create', 0, created],
    ['sitelink', created, created + sitelink],
    // `í` is `\u00ed` in the blob: 6 bytes for 1 character.
    ['accent', created + sitelink, created + sitelink + 5],
    ['no accent', created + sitelink + 5, created + sitelink],
    ['gone', null, null]
  ], 'old and new sizes of each edit; a deletion has none')
})
