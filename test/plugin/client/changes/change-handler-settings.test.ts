import t from 'tap'
import { startWiki } from '../../../support/farm.js'
import { createTestHost } from '../../../support/test-host.js'
import { eventually, freshDatabase, testPool, pendingRefreshPageIds } from '../../../support/test-database.js'
import { handleChanges } from '../../../../plugin/client/changes/change-handler.js'
import { identityOf, newEntityUsageFromIdentity } from '../../../../plugin/client/usage/entity-usage.js'
import { newEntityChange } from '../../../../plugin/changes/entity-change.js'
import { encodeChange } from '../../../../plugin/changes/stored-change.js'
import { emptyEntityDiffChangedAspects, type EntityDiffChangedAspects } from '../../../../plugin/changes/entity-diff-changed-aspects.js'
import { parseEntityId, type PageId } from '../../../../hooks/ids.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'
import { storeEntity } from '../../../support/usage-test-wiki.js'
import type { WikibaseEntity } from '../../../../plugin/changes/wikibase-entity.js'

// Client settings that change which pages a repo change updates and how (facts §4.2 step 6,
// §4.9, §5.4).

let nextId = 500
function change (aspects: Partial<EntityDiffChangedAspects>): ReturnType<typeof encodeChange> & { id: number } {
  nextId += 1
  const c = newEntityChange('update', parseEntityId('Q100'), {
    id: nextId, time: '20130101000000', revisionId: 1000 + nextId, userId: 0,
    compactDiff: { ...emptyEntityDiffChangedAspects(), ...aspects },
    metadata: { user_text: 'Some User', rev_id: 1000 + nextId, parent_id: 999 + nextId, page_id: 23, bot: 0, comment: 'c' }
  })
  return { ...encodeChange(c), id: nextId }
}

t.test('disabledUsageAspects {C (list entry), D → O}: a disabled aspect makes no page affected', async t => {
  const url = await freshDatabase(t, 'handlerdisabled')
  const pool = testPool(t, url, 10)
  const host = createTestHost({ pool })
  const app = await startWiki(t, {
    siteId: 'enwiki', roles: ['client'], database: url, repo: { siteId: 'repo' }, host, worker: { enabled: false },
    client: { disabledUsageAspects: { 0: 'C', D: 'O' } }
  })
  const page = await host.addPage('Uses Q100')
  const tracker = wikibaseInternals(app).client!.tracker
  // Wikibase applies the setting where usages are stored (SqlUsageTracker, §5.4), so a parse
  // that read Q100's English label, description and P31 statements leaves L.en and O.
  await tracker.replaceUsedEntities(page, ['Q100#L.en', 'Q100#D.en', 'Q100#C.P31'].map(newEntityUsageFromIdentity))
  t.strictSame((await tracker.getUsagesForPage(page)).map(identityOf), ['Q100#L.en', 'Q100#O'], 'stored: C dropped, D.en replaced by O')

  const refreshedBy = async (aspects: Partial<EntityDiffChangedAspects>): Promise<number[]> => {
    await pool.query('DELETE FROM wikibase_jobs._private_jobs; DELETE FROM wbc_pending_refresh')
    await handleChanges([change(aspects)], 'repo', wikibaseInternals(app).client!.changeHandler)
    return await pendingRefreshPageIds(pool)
  }
  t.strictSame(await refreshedBy({ descriptionChanges: ['en'] }), [], 'description en changed: not affected (D is disabled)')
  t.strictSame(await refreshedBy({ statementChangesExcludingQualOrRefOnlyChanges: ['P31'] }), [], 'statement P31 changed: not affected (C is disabled)')
  t.strictSame(await refreshedBy({ labelChanges: ['en'] }), [page], 'label en changed: affected (L is not disabled)')
  t.strictSame(await refreshedBy({ otherChanges: true }), [page], 'other change: affected through the O that replaced D')

  // AffectedPagesFinder does not consult the setting (§4.4): rows stored before an aspect was
  // disabled still match until the page is parsed again.
  await pool.query("INSERT INTO wbc_entity_usage (eu_entity_id, eu_aspect, eu_page_id) VALUES ('Q100', 'D.en', $1)", [page])
  t.strictSame(await refreshedBy({ descriptionChanges: ['en'] }), [page], 'a D.en row stored before D was disabled: affected')
  await tracker.replaceUsedEntities(page, ['Q100#L.en', 'Q100#D.en'].map(newEntityUsageFromIdentity))
  t.strictSame(await refreshedBy({ descriptionChanges: ['en'] }), [], 'once the page is stored again, the D.en row is gone: not affected')
})

t.test('injectRecentChanges false: affected pages are purged and refreshed, no recentchanges row is made', async t => {
  const url = await freshDatabase(t, 'handlernorc')
  const pool = testPool(t, url, 10)
  const host = createTestHost({ pool })
  const app = await startWiki(t, {
    siteId: 'enwiki', roles: ['client'], database: url, repo: { siteId: 'repo' }, host, worker: { pollInterval: 50 },
    client: { injectRecentChanges: false }
  })
  const page = await host.addPage('Uses Q100')
  await pool.query("INSERT INTO wbc_entity_usage (eu_entity_id, eu_aspect, eu_page_id) VALUES ('Q100', 'L.en', $1)", [page])

  const [handled] = await handleChanges([change({ labelChanges: ['en'] })], 'repo', wikibaseInternals(app).client!.changeHandler)
  t.strictSame(handled!.pageIds, [page])
  t.strictSame(handled!.stats, { purgeJobs: 1, purgeTagJobs: 0, refreshPages: 1, rcJobs: 0, titles: 1, rcTitles: 0, discardedTitles: 0, incompleteChanges: 0 })
  await eventually(async () => (await pool.query('SELECT 1 FROM wikibase_jobs._private_jobs')).rowCount === 0 ? true : undefined)
  t.strictSame((await host.refreshed()).map(r => r.page), [page], 'refreshed')
  t.strictSame((await host.purged()).map(p => p.pages), [[page]], 'purged')
  t.strictSame(await host.recentChanges(), [], 'no recentchanges row')
})

t.test('enableImplicitDescriptionUsage: the page an item\'s sitelink names is affected by a description change in its language', async t => {
  const url = await freshDatabase(t, 'handlerimplicitd')
  const pool = testPool(t, url, 10)
  const host = createTestHost({ pool })
  const app = await startWiki(t, {
    siteId: 'enwiki', roles: ['repo', 'client'], database: url, clients: [], host, worker: { enabled: false },
    client: { enableImplicitDescriptionUsage: true, allowLocalShortDesc: true }
  })
  const connected = await host.addPage('Uses Q100')
  await host.addPage('Unrelated')
  // The wiki is its own repo here: Q100 links enwiki "Uses Q100".
  await storeEntity(wikibaseInternals(app).self, {
    id: 'Q100', type: 'item', labels: {}, descriptions: {}, aliases: {}, claims: {},
    sitelinks: { enwiki: { site: 'enwiki', title: 'Uses Q100', badges: [] } }
  } as unknown as WikibaseEntity)
  const handler = wikibaseInternals(app).client!.changeHandler
  const refreshedBy = async (aspects: Partial<EntityDiffChangedAspects>, deps = handler): Promise<number[]> => {
    await pool.query('DELETE FROM wikibase_jobs._private_jobs; DELETE FROM wbc_pending_refresh')
    await handleChanges([change(aspects)], 'repo', deps)
    return await pendingRefreshPageIds(pool)
  }
  t.strictSame(await refreshedBy({ descriptionChanges: ['en'] }), [connected], 'description en: the connected English page, with no usage recorded')
  t.strictSame(await refreshedBy({ descriptionChanges: ['de'] }), [], 'description de: not the page\'s content language')
  t.strictSame(await refreshedBy({ labelChanges: ['en'] }), [], 'label en: implicit usage is of the description only')
  t.strictSame(await refreshedBy({ descriptionChanges: ['en'] }, { ...handler, settings: { ...handler.settings, enableImplicitDescriptionUsage: false } }), [],
    'setting off (Wikibase\'s default): no page')

  // A page with its own {{SHORTDESC:…}} shows that one, not the item's: not affected.
  const services = host.services as typeof host.services & { pageProperties?: unknown }
  services.pageProperties = async (ids: PageId[], names: string[]) =>
    new Map(ids.filter(id => id === connected && names.includes('wikibase-shortdesc')).map(id => [id, { 'wikibase-shortdesc': 'local text' }]))
  t.strictSame(await refreshedBy({ descriptionChanges: ['en'] }), [], 'local short description: not affected')
  t.strictSame(await refreshedBy({ descriptionChanges: ['en'] }, { ...handler, settings: { ...handler.settings, allowLocalShortDesc: false } }), [connected],
    'local short descriptions not allowed: the item\'s description is shown, so affected')
})
