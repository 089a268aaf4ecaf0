import t from 'tap'
import { startWiki } from '../../../support/farm.js'
import { freshDatabase } from '../../../support/test-database.js'
import { wikibaseInternals } from '../../../../plugin/facade.js'
import { firstUsageBatches, usageBatches, type UsageBatch, type UsageLookup } from '../../../../plugin/client/changes/affected-usage-stream.js'

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

/**
 * firstUsageBatches reads the first batch of many lookups in one statement; the change handler continues a lookup with
 * usageBatches after its throughPageId. The result must be the per-lookup walk, batch for batch.
 */
t.test('firstUsageBatches equals the first batch of each usageBatches walk, and continues it', async t => {
  const wiki = await startWiki(t, { siteId: 'enwiki', roles: ['repo', 'client'], database: await freshDatabase(t, 'firstusagebatches'), worker: { enabled: false } })
  const db = wikibaseInternals(wiki).self
  // Q1 on pages 1–7 (as above), Q2 on page 3, Q4 on exactly three pages (a full batch that is the last).
  const usages: Array<[number, string, string]> = [
    [1, 'Q1', 'S'], [2, 'Q1', 'S'], [2, 'Q1', 'T'], [3, 'Q1', 'S'], [3, 'Q2', 'S'], [4, 'Q1', 'S'], [5, 'Q1', 'L.en'], [5, 'Q1', 'S'], [6, 'Q1', 'L.en'], [7, 'Q1', 'S'],
    [2, 'Q4', 'X'], [4, 'Q4', 'S'], [9, 'Q4', 'S'], [9, 'Q4', 'T']
  ]
  for (const [page, entity, aspect] of usages) {
    await db.pool.query('INSERT INTO public.wbc_entity_usage (eu_page_id, eu_entity_id, eu_aspect) VALUES ($1, $2, $3)', [page, entity, aspect])
  }
  const lookups: UsageLookup[] = [
    { entityId: 'Q1', aspects: null }, // remove/restore: every aspect; more pages than a batch
    { entityId: 'Q1', aspects: ['L.en', 'X'] },
    { entityId: 'Q3', aspects: null }, // used nowhere
    { entityId: 'Q1', aspects: ['S', 'T', 'X'] },
    { entityId: 'Q2', aspects: ['S'] },
    { entityId: 'Q3', aspects: ['S'] },
    { entityId: 'Q4', aspects: null },
    { entityId: 'Q4', aspects: ['D.en'] } // used, not by these aspects
  ]
  const show = (b: UsageBatch): [number, number | null, string[]] => [b.afterPageId, b.throughPageId, b.rows.map(r => `${r.eu_page_id}:${r.eu_entity_id}#${r.eu_aspect}`)]
  const client = await db.pool.connect()
  t.teardown(() => client.release())
  for (const perBatch of [1, 2, 3, 100]) {
    const firsts = await firstUsageBatches(client, db, lookups, perBatch)
    t.equal(firsts.length, lookups.length, `${perBatch} a batch: a first batch per lookup`)
    for (const [i, lookup] of lookups.entries()) {
      const walked: UsageBatch[] = []
      for await (const batch of usageBatches(client, db, lookup.entityId, lookup.aspects, perBatch)) walked.push(batch)
      const batched = [firsts[i]!]
      const through = firsts[i]!.throughPageId
      if (through !== null) for await (const batch of usageBatches(client, db, lookup.entityId, lookup.aspects, perBatch, through)) batched.push(batch)
      t.strictSame(batched.map(show), walked.map(show), `${perBatch} a batch, ${lookup.entityId} ${JSON.stringify(lookup.aspects)}: as usageBatches walks it`)
    }
  }
  // Spelled out once, for three pages a batch.
  t.strictSame((await firstUsageBatches(client, db, lookups, 3)).map(show), [
    [0, 3, ['1:Q1#S', '2:Q1#S', '2:Q1#T', '3:Q1#S']],
    [0, null, ['5:Q1#L.en', '6:Q1#L.en']],
    [0, null, []],
    [0, 3, ['1:Q1#S', '2:Q1#S', '2:Q1#T', '3:Q1#S']],
    [0, null, ['3:Q2#S']],
    [0, null, []],
    [0, 9, ['2:Q4#X', '4:Q4#S', '9:Q4#S', '9:Q4#T']],
    [0, null, []]
  ])
  t.strictSame(await firstUsageBatches(client, db, [], 3), [], 'no lookups: no statement, no batches')
})
