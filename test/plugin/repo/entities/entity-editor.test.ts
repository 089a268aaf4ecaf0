import t from 'tap'
import { parseEntityId } from '../../../../hooks/ids.js'
import { changeType } from '../../../../plugin/changes/entity-change.js'
import { createEntity, deleteEntity, editEntity, restoreEntity, type EditContext } from '../../../../plugin/repo/entities/entity-editor.js'
import { listRevisionIds } from '../../../../plugin/repo/entities/entity-store.js'
import { loadLatestRevision } from '../../../../plugin/repo-reader/entity-revisions.js'
import { siteLinksOfItem } from '../../../../plugin/repo/entities/sitelink-store.js'
import { SitelinkConflictError, UnknownSiteError } from '../../../../plugin/repo/entities/entity-errors.js'
import { addSites, editor, startRepo } from '../../../support/repo-test-wiki.js'
import { importEntity } from '../../../../plugin/repo/entities/entity-importer.js'
import { createTestHost } from '../../../support/test-host.js'
import { subscribe } from '../../../../plugin/repo-reader/subscriptions.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

const label = (value: string): Record<string, { language: string, value: string }> => ({ en: { language: 'en', value } })
const sitelink = (site: string, title: string, badges: string[] = []): Record<string, { site: string, title: string, badges: string[] }> => ({ [site]: { site, title, badges } })

t.test('each saved revision becomes an EntityChange with the compact diff, recorded in the same transaction', async t => {
  const host = createTestHost()
  const app = await startRepo(t, 'editor', host)
  const db = wikibaseInternals(app).self
  await addSites(db, ['enwiki', 'dewiki'])
  const ctx: EditContext = { db, host, user: editor }

  const created = await createEntity(ctx, 'item', { type: 'item', labels: label('Berlin'), sitelinks: sitelink('enwiki', 'Berlin') }, { comment: 'create' })
  t.equal(created.entityId, 'Q1')
  t.equal(created.change === null ? undefined : changeType(created.change), 'wikibase-item~add')
  t.same(created.change!.compactDiff.labelChanges, ['en'])
  t.same(created.change!.compactDiff.siteLinkChanges, { enwiki: [null, 'Berlin', false] })
  // Sizes of the content (issue 14.7): 0 before a creation, then the stored blob's bytes.
  const createdBlob = '{"type":"item","labels":{"en":{"language":"en","value":"Berlin"}},"sitelinks":{"enwiki":{"site":"enwiki","title":"Berlin","badges":[]}},"id":"Q1"}'
  t.same(host.edits.at(-1), { entityId: 'Q1', user: editor, comment: 'create', bot: false, revisionId: created.revision.revisionId, parentRevisionId: 0, kind: 'create', oldSize: 0, newSize: createdBlob.length })

  const renamed = await editEntity(ctx, created.entityId, entity => ({ ...entity, sitelinks: sitelink('enwiki', 'Berlin, Germany', ['Q17437796']) }), { comment: 'move' })
  t.equal(renamed.change === null ? undefined : changeType(renamed.change), 'wikibase-item~update')
  t.same(renamed.change!.compactDiff.siteLinkChanges, { enwiki: ['Berlin', 'Berlin, Germany', true] })
  t.match(host.edits.at(-1), { kind: 'edit', oldSize: createdBlob.length, newSize: createdBlob.length + ', Germany'.length + '"Q17437796"'.length }, 'an edit: the sizes before and after')
  t.same(renamed.change?.metadata, {
    page_id: 100, rev_id: renamed.revision.revisionId, parent_id: created.revision.revisionId, comment: 'move', bot: 0, user_text: 'Editor', central_user_id: 0
  })
  t.same(await siteLinksOfItem(db.pool, db, created.entityId), [{ site: 'enwiki', title: 'Berlin, Germany' }], 'wb_items_per_site follows the title')

  const nullEdit = await editEntity(ctx, created.entityId, entity => entity)
  t.equal(nullEdit.change, null, 'a null edit makes no change')
  t.equal(nullEdit.revision.revisionId, renamed.revision.revisionId, 'and no revision')

  const rows = await db.pool.query<{ change_type: string, change_revision_id: string }>('SELECT change_type, change_revision_id FROM repo.wb_changes ORDER BY change_id')
  t.same(rows.rows, [
    { change_type: 'wikibase-item~add', change_revision_id: String(created.revision.revisionId) },
    { change_type: 'wikibase-item~update', change_revision_id: String(renamed.revision.revisionId) }
  ], 'the host\'s RecentChangeSave buffered both sitelink changes')

  t.test('a sitelink linked from another item: SitelinkConflictError naming it, nothing written', async t => {
    const other = await createEntity(ctx, 'item', { type: 'item', labels: label('Berlin 2') })
    const revisions = await listRevisionIds(db.pool, db, other.entityId)
    const error = await editEntity(ctx, other.entityId, e => ({ ...e, sitelinks: sitelink('enwiki', 'Berlin, Germany') })).catch((e: unknown) => e)
    t.ok(error instanceof SitelinkConflictError)
    t.match(error, { conflictingItemId: 'Q1', siteId: 'enwiki', title: 'Berlin, Germany', statusCode: 422 })
    t.same(await listRevisionIds(db.pool, db, other.entityId), revisions)
    t.same(await siteLinksOfItem(db.pool, db, other.entityId), [])
    await t.rejects(editEntity(ctx, other.entityId, e => ({ ...e, sitelinks: sitelink('xxwiki', 'Berlin') })), UnknownSiteError)
  })

  t.test('the host failing to record the edit rolls back the revision, the sitelinks and the change row', async t => {
    const before = await loadLatestRevision(db.pool, db, created.entityId)
    const changes = (await db.pool.query('SELECT count(*)::int AS n FROM repo.wb_changes')).rows[0].n
    host.failNextRecord = true
    await t.rejects(editEntity(ctx, created.entityId, e => ({ ...e, sitelinks: sitelink('dewiki', 'Berlin') })), { message: 'host failed to save the page' })
    t.equal((await loadLatestRevision(db.pool, db, created.entityId))?.revisionId, before?.revisionId)
    t.same(await siteLinksOfItem(db.pool, db, created.entityId), [{ site: 'enwiki', title: 'Berlin, Germany' }])
    t.equal((await db.pool.query('SELECT count(*)::int AS n FROM repo.wb_changes')).rows[0].n, changes)
  })

  t.test('delete and restore produce remove and restore changes and unlink/relink sitelinks', async t => {
    const removed = await deleteEntity(ctx, created.entityId, { comment: 'spam' })
    t.equal(changeType(removed.change), 'wikibase-item~remove')
    t.equal(removed.change.revisionId, 0)
    t.same(removed.change.compactDiff.siteLinkChanges, { enwiki: ['Berlin, Germany', null, true] })
    t.same(await siteLinksOfItem(db.pool, db, created.entityId), [])
    t.match(host.edits.at(-1), { kind: 'delete', oldSize: null, newSize: null }, 'a deletion is a log entry: no sizes')
    const restored = await restoreEntity(ctx, created.entityId)
    t.equal(restored.change === null ? undefined : changeType(restored.change), 'wikibase-item~restore')
    t.match(host.edits.at(-1), { kind: 'restore', oldSize: null, newSize: null }, 'so is a restore')
    t.same(await siteLinksOfItem(db.pool, db, created.entityId), [{ site: 'enwiki', title: 'Berlin, Germany' }])
  })
})

t.test('without a host the edit saves the revision and its change (the plugin is the whole wiki); creating is refused (no rights service)', async t => {
  const app = await startRepo(t, 'nohost')
  const db = wikibaseInternals(app).self
  const ctx: EditContext = { db, user: editor }
  const refused = await createEntity(ctx, 'property', { type: 'property', datatype: 'string', labels: label('name') }).catch((e: unknown) => e)
  t.match(refused, { name: 'PermissionDeniedError', right: 'createpage', statusCode: 403 }, 'without userCan only read and edit')
  await importEntity(db, { type: 'property', id: 'P1', datatype: 'string', labels: label('name') })
  const imported = await listRevisionIds(db.pool, db, parseEntityId('P1'))
  const edited = await editEntity(ctx, parseEntityId('P1'), entity => ({ ...entity, labels: label('full name') }))
  t.equal(edited.change === null ? undefined : changeType(edited.change), 'wikibase-property~update', 'the change is still built')
  t.same(await listRevisionIds(db.pool, db, parseEntityId('P1')), [edited.revision.revisionId, ...imported], 'a new revision (newest first)')
  t.equal((await db.pool.query('SELECT count(*)::int AS n FROM repo.wb_changes')).rows[0].n, 0, 'no client uses P1: nothing to dispatch')
  await subscribe(db.pool, db, 'enwiki', ['P1'])
  const used = await editEntity(ctx, parseEntityId('P1'), entity => ({ ...entity, labels: label('the name') }))
  const rows = await db.pool.query('SELECT change_type, change_revision_id::int AS rev FROM repo.wb_changes')
  t.same(rows.rows, [{ change_type: 'wikibase-property~update', rev: used.revision.revisionId }], 'a used entity: its change is saved for dispatch, no host needed')
})
