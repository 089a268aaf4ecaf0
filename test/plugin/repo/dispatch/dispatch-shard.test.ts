import t from 'tap'
import { deliverJobKey, dispatchJobKey, dispatchShard } from '../../../../plugin/repo/dispatch/dispatch-shard.js'

t.test('an entity\'s shard: FNV-1a of its id modulo the shard count, the same in every process', async t => {
  const cases: Array<[string, number, number]> = [
    // FNV-1a of 'a' is 0xe40c292c (the published test vector): 3826002220.
    ['a', 4_294_967_295, 3_826_002_220],
    ['Q1', 8, 7],
    ['Q2', 8, 2],
    ['Q42', 8, 6],
    ['P31', 8, 7],
    ['L1', 8, 6],
    ['Q1', 2, 1],
    ['Q42', 1, 0]
  ]
  for (const [entity, shards, expected] of cases) t.equal(dispatchShard(entity, shards), expected, `${entity} of ${shards}`)
})

t.test('entities spread over the shards', async t => {
  const counts = new Array<number>(8).fill(0)
  for (let n = 1; n <= 8000; n++) counts[dispatchShard(`Q${n}`, 8)]!++
  for (const [shard, count] of counts.entries()) t.ok(count > 800 && count < 1200, `shard ${shard}: ${count} of 8000`)
})

t.test('a shard count that is not a positive integer is refused', async t => {
  for (const shards of [0, -1, 1.5, Number.NaN]) t.throws(() => dispatchShard('Q1', shards), RangeError, String(shards))
})

t.test('job keys (and named queues) per shard and per client', async t => {
  t.equal(dispatchJobKey(3), 'dispatch:3')
  t.equal(deliverJobKey('enwiki'), 'deliver:enwiki')
})
