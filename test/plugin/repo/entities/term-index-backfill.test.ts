import t from 'tap'
import Fastify from 'fastify'
import wikibase from '../../../../plugin/index.js'
import { createEntity } from '../../../../plugin/repo/entities/entity-editor.js'
import { queueTermIndexBackfill } from '../../../../plugin/repo/entities/term-index-backfill.js'
import type { WikibaseEntity } from '../../../../plugin/changes/wikibase-entity.js'
import { eventually, freshDatabase, testPool } from '../../../support/test-database.js'
import { editor } from '../../../support/repo-test-wiki.js'
import { createTestHost } from '../../../support/test-host.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'

const SEARCH = '/w/rest.php/wikibase/v1/search/items?q=Berl&language=de'

t.test('entities saved before the term index existed are indexed by a job the repo queues at start', async t => {
  const url = await freshDatabase(t, 'termbackfill')
  const host = createTestHost({ pool: testPool(t, url) })
  const start = async (worker: boolean): Promise<ReturnType<typeof Fastify>> => {
    const app = Fastify({ logger: false })
    await app.register(wikibase, { siteId: 'repo', roles: ['repo'], database: url, host, worker: { enabled: worker, pollInterval: 100 }, repoSettings: { resubmitSchedule: '' } })
    await app.ready()
    return app
  }
  const found = async (app: ReturnType<typeof Fastify>): Promise<string[]> =>
    (await app.inject(SEARCH)).json().results.map((r: { id: string }) => r.id)
  const backfillJobs = async (app: ReturnType<typeof Fastify>): Promise<number> =>
    Number((await wikibaseInternals(app).self.pool.query("SELECT count(*) AS n FROM wikibase_jobs._private_jobs j JOIN wikibase_jobs._private_tasks k ON k.id = j.task_id WHERE k.identifier = 'wikibase:reindexTerms'")).rows[0].n)

  const first = await start(false)
  const db = wikibaseInternals(first).self
  t.equal(await queueTermIndexBackfill(db), false, 'a fresh repo has nothing to backfill')
  await createEntity({ db, host, user: editor }, 'item', { type: 'item', labels: { de: { language: 'de', value: 'Berlin' } } } as unknown as WikibaseEntity)
  t.same(await found(first), ['Q1'], 'a save writes its terms')
  // The state migration repo/031 leaves on a repo that had entities: no rows, a pending mark.
  await db.pool.query('DELETE FROM wb_term_index')
  await db.pool.query('INSERT INTO wb_term_index_backfill VALUES (true)')
  t.same(await found(first), [], 'not found while unindexed')
  await first.close()

  const second = await start(true)
  t.teardown(async () => { await second.close() })
  await eventually(async () => (await found(second)).length > 0 ? true : undefined, 30_000)
  t.same(await found(second), ['Q1'], 'the job indexed the entity saved before')
  await eventually(async () => (await wikibaseInternals(second).self.pool.query('SELECT 1 FROM wb_term_index_backfill')).rowCount === 0 ? true : undefined, 30_000)
  await eventually(async () => await backfillJobs(second) === 0 ? true : undefined, 30_000)
  t.equal(await queueTermIndexBackfill(wikibaseInternals(second).self), false, 'done: the next start queues nothing')
  t.equal(await backfillJobs(second), 0)
})
