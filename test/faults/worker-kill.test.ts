import t from 'tap'
import { createItems, drained, editLabel, startFarm, usePages } from '../../bench/lib/farm.js'
import { spawnWorkers, type WorkerProcess } from '../../bench/lib/child-workers.js'
import type { EntityId } from '../../hooks/ids.js'
import { checkPropagation, logChanges } from './propagation-checks.js'

/**
 * The job workers of a repo and two clients run in a child process that is SIGKILLed at
 * random moments while writers edit (the web side runs with `worker: { enabled: false }`),
 * then restarted. The restarted workers free the jobs the killed ones held (they stopped
 * beating). Afterwards every change must have reached every subscriber, every page
 * must show the last revision of its item in recentchanges, and no page may show one
 * change twice. `npm run test:faults` (WIKIBASE_FAULTS=full) does 2,000 edits; `npm test`
 * a quick version.
 */
const FULL = process.env.WIKIBASE_FAULTS === 'full'
const EDITS = FULL ? 2000 : 150
const KILLS = FULL ? 12 : 3
let seed = Number(process.env.FAULT_SEED ?? Date.now() % 100000)
const random = (): number => { seed = (seed * 16807) % 2147483647; return seed / 2147483647 }

t.test(`SIGKILL of the worker process during ${EDITS} edits (seed ${seed})`, async t => {
  const farm = await startFarm({ label: 'kill', clients: 2, workers: 'child', worker: { concurrency: 2, pollInterval: 200, heartbeatInterval: 500, deadAfter: 3000 } })
  t.teardown(async () => { await farm.close() })
  await logChanges(farm)
  const items = await createItems(farm, 20)
  await usePages(farm, items, 2, 'L.en')
  let workers: WorkerProcess = await spawnWorkers(farm.definitions)
  t.teardown(async () => { await workers.kill('SIGKILL') })

  let next = 0
  let done = false
  const writers = Promise.all(Array.from({ length: 4 }, async () => {
    for (;;) {
      const i = next++
      if (i >= EDITS) return
      await editLabel(farm, items[i % items.length]! as EntityId, `v${i}`)
    }
  })).finally(() => { done = true })
  let kills = 0
  while (!done || kills < KILLS) {
    await new Promise(resolve => setTimeout(resolve, 200 + random() * 1500))
    await workers.kill('SIGKILL')
    kills += 1
    workers = await spawnWorkers(farm.definitions)
    if (done && kills >= KILLS) break
  }
  await writers
  t.ok(kills >= KILLS, `killed the workers ${kills} times`)

  // The restarted workers free the jobs the killed ones had locked once those stop beating
  // (deadAfter 3 s here), with no help from outside.
  t.ok(await drained(farm, FULL ? 120_000 : 60_000), 'everything propagated after the last restart')

  await checkPropagation(t, farm, EDITS)
})
