import t from 'tap'
import { startWiki } from '../../../support/farm.js'
import { createTestHost } from '../../../support/test-host.js'
import { eventually, freshDatabase, testPool } from '../../../support/test-database.js'
import { handleChanges, type ChangeHandlerDeps } from '../../../../plugin/client/changes/change-handler.js'
import { newEntityChange } from '../../../../plugin/changes/entity-change.js'
import { encodeChange } from '../../../../plugin/changes/stored-change.js'
import { emptyEntityDiffChangedAspects, type EntityDiffChangedAspects } from '../../../../plugin/changes/entity-diff-changed-aspects.js'
import { parseEntityId } from '../../../../hooks/ids.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

// Client setting recentChangesFilter on a real client database and queue: a qualifier-only
// edit of a statement a page uses refreshes the page either way, and makes a recentchanges row
// only with the filter `all` (Wikibase's behaviour).

let nextId = 700
function change (aspects: Partial<EntityDiffChangedAspects>): ReturnType<typeof encodeChange> & { id: number } {
  nextId += 1
  const c = newEntityChange('update', parseEntityId('Q100'), {
    id: nextId, time: '20250101000000', revisionId: 1000 + nextId, userId: 0,
    compactDiff: { ...emptyEntityDiffChangedAspects(), ...aspects },
    metadata: { user_text: 'Qualifier Bot', rev_id: 1000 + nextId, parent_id: 999 + nextId, page_id: 23, bot: 1, comment: 'c' }
  })
  return { ...encodeChange(c), id: nextId }
}

t.test('recentChangesFilter: qualifier-only edit of a used statement', async t => {
  const url = await freshDatabase(t, 'rcfilter')
  const pool = testPool(t, url, 10)
  const host = createTestHost({ pool })
  const app = await startWiki(t, {
    siteId: 'enwiki', roles: ['client'], database: url, repo: { siteId: 'repo' }, host, worker: { pollInterval: 50 },
    client: { recentChangesFilter: 'skipQualOrRefOnly' }
  })
  const usesQualifiers = await host.addPage('Uses P31 qualifiers')
  const usesValue = await host.addPage('Uses P31 value')
  await pool.query(`INSERT INTO wbc_entity_usage (eu_entity_id, eu_aspect, eu_page_id)
    VALUES ('Q100', 'C.P31', $1), ('Q100', 'CQR.P31', $1), ('Q100', 'C.P31', $2)`, [usesQualifiers, usesValue])
  const handler = wikibaseInternals(app).client!.changeHandler
  t.equal(handler.settings.recentChangesFilter, 'skipQualOrRefOnly', 'the option reaches the change handler')

  // The worker runs the queued jobs: the rows and refreshes each change added are the new ones.
  let seenRows = 0
  let seenRefreshes = 0
  const run = async (aspects: Partial<EntityDiffChangedAspects>, deps: ChangeHandlerDeps = handler) => {
    const [handled] = await handleChanges([change(aspects)], 'repo', deps)
    await eventually(async () => (await pool.query('SELECT 1 FROM wikibase_jobs._private_jobs')).rowCount === 0 ? true : undefined)
    const rows = (await host.recentChanges()).slice(seenRows)
    const refreshes = (await host.refreshed()).slice(seenRefreshes)
    seenRows += rows.length
    seenRefreshes += refreshes.length
    return {
      pageIds: handled!.pageIds,
      refreshLinks: refreshes.map(r => r.page as number).sort(),
      rcJobs: handled!.stats.rcJobs,
      rcPages: rows.map(r => r.rc_cur_id).sort()
    }
  }

  t.strictSame(await run({ statementChangesQualOrRefOnly: ['P31'] }),
    { pageIds: [usesQualifiers], refreshLinks: [usesQualifiers], rcJobs: 0, rcPages: [] },
    'skipQualOrRefOnly: the page reading P31 qualifiers is refreshed, no recentchanges row')

  t.strictSame(await run({ statementChangesQualOrRefOnly: ['P31'] }, { ...handler, settings: { ...handler.settings, recentChangesFilter: 'all' } }),
    { pageIds: [usesQualifiers], refreshLinks: [usesQualifiers], rcJobs: 1, rcPages: [usesQualifiers] },
    'all (Wikibase\'s behaviour): the same edit makes its recentchanges row')

  t.strictSame(await run({ statementChangesExcludingQualOrRefOnlyChanges: ['P31'] }),
    { pageIds: [usesQualifiers, usesValue], refreshLinks: [usesQualifiers, usesValue], rcJobs: 1, rcPages: [usesQualifiers, usesValue].sort() },
    'skipQualOrRefOnly: a change of P31\'s value makes rows for both pages')

  t.strictSame(await run({ statementChangesQualOrRefOnly: ['P31'], labelChanges: ['en'] }),
    { pageIds: [usesQualifiers], refreshLinks: [usesQualifiers], rcJobs: 0, rcPages: [] },
    'skipQualOrRefOnly: a label changed too, but the page does not use it: no row')
})
