import t from 'tap'
import { createItems, startFarm } from '../../../../bench/lib/farm.js'
import { newEntityUsageFromIdentity } from '../../../../plugin/client/usage/entity-usage.js'
import { withTransaction } from '../../../../plugin/db/wiki-database.js'
import { entityUsageSummary } from '../../../../plugin/repo-reader/entity-usage-counts.js'
import type { PageId } from '../../../../hooks/ids.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'
import { eventually } from '../../../support/test-database.js'

/**
 * Issue 16.4 end to end, a database per wiki: two clients save pages using an item (their
 * usage updater, in the page's transaction), the repo's aggregate sums them, and with
 * `protectEntitiesUsedOnMoreThan: 2` an anonymous edit of the item is refused on both APIs
 * with the protected-page codes; once pages stop using it, the edit goes through. The clients'
 * counts reach the repo through wikibase:syncUsageCounts (the in-process workers), not in the
 * save: the test waits for them, as protection lags a save by that job.
 */
t.test('an entity used on more client pages than the threshold refuses an anonymous edit', async t => {
  const farm = await startFarm({ label: 'usageprot', clients: 2, workers: 'in-process', repoSettings: { protectEntitiesUsedOnMoreThan: 2 } })
  t.teardown(farm.close)
  const [used, quiet] = await createItems(farm, 2)
  const repo = farm.repo
  repo.host.denied.add('127.0.0.1:editsemiprotected')
  const save = async (client: typeof farm.clients[0], page: number, identities: string[]): Promise<void> => {
    const updater = wikibaseInternals(client.app).client!.updater
    await withTransaction(client.pool, async tx => { await updater.replaceUsagesForPage(page as PageId, identities.map(newEntityUsageFromIdentity), tx) })
  }
  const [c0, c1] = farm.clients as [typeof farm.clients[0], typeof farm.clients[0]]
  await save(c0, 1, [`${used!}#L.en`, `${quiet!}#S`])
  await save(c0, 2, [`${used!}#S`])
  await save(c1, 1, [`${used!}#T`])
  const summaryOf = async (id: NonNullable<typeof used>, pages: number): Promise<unknown> =>
    await eventually(async () => {
      const summary = await entityUsageSummary(repo.pool, wikibaseInternals(repo.app).self, id)
      return summary.pages === pages ? summary : undefined
    })
  t.same(await summaryOf(used!, 3), { pages: 3, wikis: 2 })
  t.same(await summaryOf(quiet!, 1), { pages: 1, wikis: 1 })

  const rest = async (id: string, label: string): Promise<{ status: number, body: any }> => {
    const r = await repo.app.inject({ method: 'PUT', url: `/w/rest.php/wikibase/v1/entities/items/${id}/labels/de`, payload: { label } })
    return { status: r.statusCode, body: r.json() }
  }
  const action = async (id: string, value: string): Promise<any> => {
    const r = await repo.app.inject({
      method: 'POST', url: '/w/api.php', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ action: 'wbsetlabel', id, language: 'de', value, token: '+\\', format: 'json' }).toString()
    })
    return r.json()
  }
  t.match(await rest(used!, 'x'), { status: 403, body: { code: 'permission-denied', context: { denial_reason: 'resource-protected' } } }, 'REST: resource-protected')
  t.equal((await action(used!, 'x')).error?.code, 'protectedpage', 'action API: protectedpage')
  t.equal((await rest(quiet!, 'ok')).status, 201, 'an entity used on one page is not protected')

  await save(c0, 2, [])
  t.same(await summaryOf(used!, 2), { pages: 2, wikis: 2 }, 'page 2 stopped using it')
  t.equal((await action(used!, 'now allowed')).success, 1, 'at the threshold the rule lets go')
})
