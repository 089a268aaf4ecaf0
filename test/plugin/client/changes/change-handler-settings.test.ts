import t from 'tap'
import { startWiki } from '../../../support/farm.js'
import { createTestHost } from '../../../support/test-host.js'
import { eventually, freshDatabase, queuedJobs, testPool } from '../../../support/test-database.js'
import { handleChanges } from '../../../../plugin/client/changes/change-handler.js'
import { identityOf, newEntityUsageFromIdentity } from '../../../../plugin/client/usage/entity-usage.js'
import { newEntityChange } from '../../../../plugin/changes/entity-change.js'
import { encodeChange } from '../../../../plugin/changes/stored-change.js'
import { emptyEntityDiffChangedAspects, type EntityDiffChangedAspects } from '../../../../plugin/changes/entity-diff-changed-aspects.js'
import { parseEntityId } from '../../../../hooks/ids.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

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
    await pool.query('DELETE FROM wikibase_jobs._private_jobs')
    await handleChanges([change(aspects)], 'repo', wikibaseInternals(app).client!.changeHandler)
    return (await queuedJobs(pool, 'wikibase_jobs', 'wikibase:refreshLinks')).map(j => j.payload.page.id)
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
  t.strictSame(handled!.stats, { purgeJobs: 1, refreshLinksJobs: 1, rcJobs: 0, titles: 1, rcTitles: 0, discardedTitles: 0, incompleteChanges: 0 })
  await eventually(async () => (await pool.query('SELECT 1 FROM wikibase_jobs._private_jobs')).rowCount === 0 ? true : undefined)
  t.strictSame((await host.refreshed()).map(r => r.page), [page], 'refreshed')
  t.strictSame((await host.purged()).map(p => p.pages), [[page]], 'purged')
  t.strictSame(await host.recentChanges(), [], 'no recentchanges row')
})
