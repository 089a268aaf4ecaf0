import t from 'tap'
import Fastify from 'fastify'
import fp from 'fastify-plugin'
import wikibase from '../../plugin/index.js'
import { createTestHost } from '../support/test-host.js'
import { freshDatabase, testPool, pendingRefreshPageIds } from '../support/test-database.js'
import { handleChanges } from '../../plugin/client/changes/change-handler.js'
import { newEntityChange } from '../../plugin/changes/entity-change.js'
import { encodeChange } from '../../plugin/changes/stored-change.js'
import { emptyEntityDiffChangedAspects } from '../../plugin/changes/entity-diff-changed-aspects.js'
import { parseEntityId } from '../../hooks/ids.js'
import { wikibaseInternals } from '../../plugin/facade.js'

/**
 * Another plugin that extends change handling through fastify-wikibase's own hooks: it drops
 * changes by bots, adds a watch page to every change's affected pages and keeps a log.
 */
const watchPlugin = fp(async app => {
  const log: string[] = []
  app.decorate('watchLog', log)
  const watchPage = Number(process.env.WATCH_PAGE_ID)
  app.wikibase.hooks.hook('changes:coalesced', event => {
    event.changes = event.changes.filter(change => change.metadata?.bot !== 1)
  })
  app.wikibase.hooks.hook('change:affectedPages', event => { event.pageIds = [...event.pageIds, watchPage] })
  app.wikibase.hooks.hook('change:handled', event => { log.push(`${event.change.entityId}: ${event.pageIds.join(',')}`) })
}, { name: 'watch-plugin', dependencies: ['fastify-wikibase'] })

declare module 'fastify' { interface FastifyInstance { watchLog: string[] } }

t.test('a plugin can filter changes, add affected pages and observe handling', async t => {
  const url = await freshDatabase(t, 'pluginhooks')
  const pool = testPool(t, url, 20)
  const host = createTestHost({ pool })
  const used = await host.addPage('Uses Q5')
  const watch = await host.addPage('Watchlist')
  process.env.WATCH_PAGE_ID = String(watch)
  const app = Fastify({ logger: false })
  await app.register(wikibase, { siteId: 'enwiki', roles: ['client'], database: url, repo: { siteId: 'repo' }, host, worker: { enabled: false } })
  await app.register(watchPlugin)
  await app.ready()
  t.teardown(async () => { await app.close() })
  await pool.query("INSERT INTO wbc_entity_usage (eu_entity_id, eu_aspect, eu_page_id) VALUES ('Q5', 'L.en', $1)", [used])

  const change = (id: number, bot: number, user: string) => ({
    ...encodeChange(newEntityChange('update', parseEntityId('Q5'), {
      id, time: '20240101000000', revisionId: id, userId: 1,
      compactDiff: { ...emptyEntityDiffChangedAspects(), labelChanges: ['en'] }, metadata: { user_text: user, bot, rev_id: id, parent_id: id - 1 }
    })),
    id
  })
  await handleChanges([change(1, 1, 'Bot'), change(2, 0, 'Human')], 'repo', wikibaseInternals(app).client!.changeHandler)
  t.same(app.watchLog, [`Q5: ${used},${watch}`], 'the bot change was dropped; the human one reached the used page and the watch page')
  t.same(await pendingRefreshPageIds(pool), [used, watch])
})
