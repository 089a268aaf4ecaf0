import t from 'tap'
import { startWiki } from '../../../support/farm.js'
import { createTestHost } from '../../../support/test-host.js'
import { freshDatabase, testPool, pendingRefreshPageIds } from '../../../support/test-database.js'
import { handleChanges } from '../../../../plugin/client/changes/change-handler.js'
import { newEntityChange } from '../../../../plugin/changes/entity-change.js'
import { encodeChange, type StoredChangeRow } from '../../../../plugin/changes/stored-change.js'
import { emptyEntityDiffChangedAspects } from '../../../../plugin/changes/entity-diff-changed-aspects.js'
import { parseEntityId } from '../../../../hooks/ids.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

// The client's entry decodes a notification's rows once; what it makes of rows it cannot read.

let nextId = 500
function row (fields: Partial<StoredChangeRow> = {}): StoredChangeRow {
  nextId += 1
  const change = newEntityChange('update', parseEntityId('Q100'), {
    id: nextId, time: '20130101000000', revisionId: nextId, compactDiff: { ...emptyEntityDiffChangedAspects(), labelChanges: ['en'] },
    metadata: { user_text: `User${nextId}`, rev_id: nextId, parent_id: nextId - 1, page_id: 23, bot: 0, comment: 'c' }
  })
  return { ...encodeChange(change), id: nextId, ...fields }
}

t.test('malformed rows at the client entry', async t => {
  const url = await freshDatabase(t, 'handlerinput')
  const pool = testPool(t, url, 20)
  const host = createTestHost({ pool })
  const app = await startWiki(t, { siteId: 'enwiki', roles: ['client'], database: url, repo: { siteId: 'repo' }, host, worker: { enabled: false } })
  const emmy = await host.addPage('Emmy')
  await pool.query("INSERT INTO wbc_entity_usage (eu_entity_id, eu_aspect, eu_page_id) VALUES ('Q100', 'L.en', $1)", [emmy])
  const refreshJobs = async (): Promise<number[]> => await pendingRefreshPageIds(pool)

  t.test('a row that names no entity change is left out; the others are handled', async t => {
    const notAChange = row({ type: 'wikibase-property~update' }) // a property type for Q100
    const good = row()
    const handled = await handleChanges([notAChange, good], 'repo', wikibaseInternals(app).client!.changeHandler)
    t.same(handled.map(h => h.change.id), [good.id])
    t.same(await refreshJobs(), [emmy])
    t.same(await handleChanges([notAChange], 'repo', wikibaseInternals(app).client!.changeHandler), [], 'it is marked handled: a replay does not try again')
  })

  t.test('an action Wikibase does not define (`~change`) is handled by its aspects, like an update', async t => {
    await pool.query('DELETE FROM wikibase_jobs._private_jobs; DELETE FROM wbc_pending_refresh')
    const other = row({ type: 'wikibase-item~change' })
    const [handled] = await handleChanges([other], 'repo', wikibaseInternals(app).client!.changeHandler)
    t.equal(handled!.change.action, 'change')
    t.same(await refreshJobs(), [emmy])
  })

  t.test('info that is not JSON reads as empty info: a change without compact diff, handled', async t => {
    await pool.query('DELETE FROM wikibase_jobs._private_jobs; DELETE FROM wbc_pending_refresh')
    const [handled] = await handleChanges([row({ info: '{nope' })], 'repo', wikibaseInternals(app).client!.changeHandler)
    t.same(handled!.pageIds, [], 'no aspects, no affected page')
    t.equal(handled!.change.compactDiffProblem?.kind, 'missing')
  })

  t.test('a compact diff that does not decode fails the notification, as reading it did', async t => {
    const broken = row({ info: '{"compactDiff":"{\\"arrayFormatVersion\\":2}"}' })
    await t.rejects(handleChanges([broken], 'repo', wikibaseInternals(app).client!.changeHandler), { name: 'InvalidEntityDiffChangedAspectsError' })
    await t.rejects(handleChanges([broken], 'repo', wikibaseInternals(app).client!.changeHandler), { name: 'InvalidEntityDiffChangedAspectsError' }, 'not marked handled: the job retries')
  })
})
