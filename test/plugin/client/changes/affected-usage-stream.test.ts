import t from 'tap'
import { startWiki } from '../../../support/farm.js'
import { freshDatabase } from '../../../support/test-database.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'
import { usageBatches, type UsageBatch } from '../../../../plugin/client/changes/affected-usage-stream.js'

/** The usages of an entity, a batch of whole pages at a time in page order: the keyset paging the change handler walks. */
t.test('usageBatches pages through whole pages, filtered by aspect', async t => {
  const wiki = await startWiki(t, { siteId: 'enwiki', roles: ['repo', 'client'], database: await freshDatabase(t, 'usagebatches'), worker: { enabled: false } })
  const db = wikibaseInternals(wiki).self
  // Q1 on pages 1–7 (pages 2 and 5 with two aspects), Q2 on page 3; page 6 uses Q1 by its label only.
  const usages: Array<[number, string, string]> = [
    [1, 'Q1', 'S'], [2, 'Q1', 'S'], [2, 'Q1', 'T'], [3, 'Q1', 'S'], [3, 'Q2', 'S'], [4, 'Q1', 'S'], [5, 'Q1', 'L.en'], [5, 'Q1', 'S'], [6, 'Q1', 'L.en'], [7, 'Q1', 'S']
  ]
  for (const [page, entity, aspect] of usages) {
    await db.pool.query('INSERT INTO public.wbc_entity_usage (eu_page_id, eu_entity_id, eu_aspect) VALUES ($1, $2, $3)', [page, entity, aspect])
  }
  const walk = async (entity: string, aspects: string[] | null, perBatch: number): Promise<Array<[number, number | null, string[]]>> => {
    const client = await db.pool.connect()
    try {
      const batches: UsageBatch[] = []
      for await (const batch of usageBatches(client, db, entity, aspects, perBatch)) batches.push(batch)
      return batches.map(b => [b.afterPageId, b.throughPageId, b.rows.map(r => `${r.eu_page_id}:${r.eu_entity_id}#${r.eu_aspect}`)])
    } finally {
      client.release()
    }
  }
  t.same(await walk('Q1', null, 3), [
    [0, 3, ['1:Q1#S', '2:Q1#S', '2:Q1#T', '3:Q1#S']],
    [3, 6, ['4:Q1#S', '5:Q1#L.en', '5:Q1#S', '6:Q1#L.en']],
    [6, null, ['7:Q1#S']]
  ], 'three pages a batch; a page\'s usages never split; the last batch says so')
  t.same(await walk('Q1', null, 7), [[0, 7, ['1:Q1#S', '2:Q1#S', '2:Q1#T', '3:Q1#S', '4:Q1#S', '5:Q1#L.en', '5:Q1#S', '6:Q1#L.en', '7:Q1#S']], [7, null, []]],
    'a full batch does not know it is the last: an empty one ends the walk')
  t.same(await walk('Q1', ['L.en'], 3), [[0, null, ['5:Q1#L.en', '6:Q1#L.en']]], 'only the aspects asked for; pages without them are not in the batch')
  t.same(await walk('Q1', ['S', 'T'], 2), [[0, 2, ['1:Q1#S', '2:Q1#S', '2:Q1#T']], [2, 4, ['3:Q1#S', '4:Q1#S']], [4, 7, ['5:Q1#S', '7:Q1#S']], [7, null, []]])
  t.same(await walk('Q3', null, 3), [[0, null, []]], 'an entity no page uses: one empty batch')
})
