import t from 'tap'
import { withTransaction } from '../../../../plugin/db/wiki-database.js'
import { parseEntityId, type EntityId } from '../../../../hooks/ids.js'
import { entityMap } from '../../../../plugin/changes/wikibase-entity.js'
import { createEntity, listEntityIds, listRevisionIds, saveRevision, withRevisionData } from '../../../../plugin/repo/entities/entity-store.js'
import { loadEntityState } from '../../../../plugin/repo-reader/entity-state.js'
import { loadLatestRevision, loadRevision } from '../../../../plugin/repo-reader/entity-revisions.js'
import { importEntity } from '../../../../plugin/repo/entities/entity-importer.js'
import { EditConflictError } from '../../../../plugin/repo/entities/entity-errors.js'
import { siteLinksOfItem } from '../../../../plugin/repo/entities/sitelink-store.js'
import { addSites, fixtureEntity, fixtureEntityFiles, fixtureSites, startRepo, withoutRevisionData } from '../../../support/repo-test-wiki.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

const meta = { userId: 7, userText: 'Editor', comment: 'test', bot: false }

t.test('withRevisionData replaces lastrevid/modified in place, or puts them before type', async t => {
  t.same(Object.keys(withRevisionData({ pageid: 1, lastrevid: 5, modified: 'x', type: 'item', id: 'Q1' }, 9, 'm')), ['pageid', 'lastrevid', 'modified', 'type', 'id'])
  t.same(withRevisionData({ pageid: 1, lastrevid: 5, modified: 'x', type: 'item', id: 'Q1' }, 9, 'm'), { pageid: 1, lastrevid: 9, modified: 'm', type: 'item', id: 'Q1' })
  t.same(Object.keys(withRevisionData({ id: 'P6', type: 'property' }, 9, 'm')), ['id', 'lastrevid', 'modified', 'type'])
})

t.test('all 96 fixture entities import and read back identical except lastrevid/modified', async t => {
  const app = await startRepo(t, 'fixtures')
  const db = wikibaseInternals(app).self
  await addSites(db, fixtureSites())
  const files = fixtureEntityFiles()
  t.equal(files.length, 96)
  for (const file of files) {
    const original = fixtureEntity(file)
    const result = await importEntity(db, original)
    const loaded = await loadLatestRevision(db.pool, db, result.entityId)
    t.equal(loaded?.revisionId, result.revisionId, `${file}: the imported revision is the latest`)
    // Same keys in the same order with the same values (JSON text equality), lastrevid/modified aside.
    if (JSON.stringify(withoutRevisionData(loaded!.entity)) !== JSON.stringify(withoutRevisionData(original))) {
      t.fail(`${file} changed in the round trip`)
      t.same(withoutRevisionData(loaded!.entity), withoutRevisionData(original))
    }
    t.equal(loaded!.entity.lastrevid, result.revisionId, `${file}: lastrevid is ours`)
    t.equal(loaded!.entity.modified, loaded!.timestamp.toISOString().replace('.000Z', 'Z'), `${file}: modified is ours`)
    if (original.type === 'item') {
      const links = await siteLinksOfItem(db.pool, db, result.entityId)
      t.same(links, Object.values(entityMap(original.sitelinks)).map(l => ({ site: l.site, title: l.title })).sort((a, b) => a.site < b.site ? -1 : 1), `${file}: one wb_items_per_site row per sitelink`)
    }
  }
  const q1040 = await loadEntityState(db.pool, db, parseEntityId('Q32063953'))
  t.same(q1040 && { target: q1040.redirectTarget, rev: q1040.latestRevisionId }, { target: 'Q1040', rev: 0 }, 'the wbgetentities redirect annotation records Q32063953 → Q1040')
  t.same(await listEntityIds(db.pool, db, 'property'), files.filter(f => f.startsWith('P')).map(f => f.replace('.json', '')).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))))
  const { entityId } = await withTransaction(db.pool, async tx => await createEntity(tx, db, 'item', { type: 'item', labels: {} }, meta))
  t.equal(entityId, 'Q120248305', 'new ids start above the highest imported id (Q120248304)')
})

t.test('revisions: parent chain, load at revision, stale base refused with nothing written', async t => {
  const app = await startRepo(t, 'revisions')
  const db = wikibaseInternals(app).self
  const first = await withTransaction(db.pool, async tx => await createEntity(tx, db, 'item', { type: 'item', labels: { en: { language: 'en', value: 'one' } } }, meta))
  t.equal(first.entityId, 'Q1')
  t.same(Object.keys(first.entity), ['lastrevid', 'modified', 'type', 'id', 'labels'], 'revision data first, then type and id, as Special:EntityData')
  t.equal(first.entity.id, 'Q1', 'the new id is written into the content')
  const second = await withTransaction(db.pool, async tx => await saveRevision(tx, db, {
    entityId: first.entityId, baseRevisionId: first.revisionId, entity: { ...first.entity, labels: { en: { language: 'en', value: 'two' } } }, meta
  }))
  t.equal(second.parentId, first.revisionId)
  t.same(await listRevisionIds(db.pool, db, first.entityId), [second.revisionId, first.revisionId])
  t.same((await loadRevision(db.pool, db, first.entityId, first.revisionId))?.entity, first.entity)
  t.equal(await loadRevision(db.pool, db, parseEntityId('Q2'), first.revisionId), null, 'a revision of another entity is not found')

  const stale = withTransaction(db.pool, async tx => await saveRevision(tx, db, {
    entityId: first.entityId, baseRevisionId: first.revisionId, entity: { ...first.entity, labels: { en: { language: 'en', value: 'three' } } }, meta
  }))
  await t.rejects(stale, EditConflictError)
  const conflict = await stale.catch((error: EditConflictError) => error)
  t.match(conflict, { statusCode: 409, context: { entity_id: 'Q1', base_revision_id: first.revisionId, latest_revision_id: second.revisionId } })
  t.same(await listRevisionIds(db.pool, db, first.entityId), [second.revisionId, first.revisionId], 'the stale edit wrote no revision')
  t.same((await loadLatestRevision(db.pool, db, first.entityId))?.entity.labels, { en: { language: 'en', value: 'two' } })
})

t.test('50 concurrent creations get Q1…Q50, each once; a rolled-back creation leaves no gap', async t => {
  const app = await startRepo(t, 'idalloc')
  const db = wikibaseInternals(app).self
  const created = await Promise.all(Array.from({ length: 50 }, async (_, i) =>
    await withTransaction(db.pool, async tx => (await createEntity(tx, db, 'item', { type: 'item', labels: { en: { language: 'en', value: `item ${i}` } } }, meta)).entityId)))
  t.same([...created].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))), Array.from({ length: 50 }, (_, i) => `Q${i + 1}`))
  await t.rejects(withTransaction(db.pool, async tx => {
    await createEntity(tx, db, 'item', { type: 'item' }, meta)
    throw new Error('abort')
  }), { message: 'abort' })
  const next: EntityId = await withTransaction(db.pool, async tx => (await createEntity(tx, db, 'item', { type: 'item' }, meta)).entityId)
  t.equal(next, 'Q51', 'the id of the rolled-back creation is handed out again')
  const property = await withTransaction(db.pool, async tx => (await createEntity(tx, db, 'property', { type: 'property', datatype: 'string' }, meta)).entityId)
  t.equal(property, 'P1', 'properties count on their own')
})
