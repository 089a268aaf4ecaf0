/**
 * (4) Coalescing: consecutive bot edits to one item, one client page using it; how many
 * refreshes and recentchanges rows the client ends up with (Wikibase's ChangeRunCoalescer
 * merges runs of one user's edits to one entity within a notification).
 */
import { botUser, createItems, drained, editLabel, startFarm, usePages } from './lib/farm.js'
import { printTable } from './lib/report.js'

export async function coalescingBench (config: { edits: number, dispatchDelays: number[] }): Promise<Record<string, unknown>> {
  const rows: Array<Record<string, unknown>> = []
  for (const dispatchDelay of config.dispatchDelays) {
    const farm = await startFarm({ label: 'coalesce', clients: 1, workers: 'in-process', worker: { concurrency: 4, pollInterval: 200 }, repoSettings: { dispatchDelay } })
    try {
      const [entity] = await createItems(farm, 1)
      await usePages(farm, [entity!], 1, 'L.en')
      const client = farm.clients[0]!
      const ctx = { ...farm.ctx, user: botUser }
      const t0 = performance.now()
      for (let i = 0; i < config.edits; i++) await editLabel(farm, entity!, `bot ${i}`, ctx, `bot edit ${i}`)
      const editSeconds = (performance.now() - t0) / 1000
      const ok = await drained(farm, 120_000)
      const count = async (table: string): Promise<number> => Number((await client.pool.query(`SELECT count(*) AS n FROM host.${table}`)).rows[0].n)
      rows.push({
        dispatchDelayMs: dispatchDelay, edits: config.edits, editsPerSecond: Math.round(config.edits / editSeconds),
        refreshes: await count('refreshed'), purges: await count('purged'), rcRows: await count('recentchanges'),
        drained: ok, secondsToPropagate: Math.round((performance.now() - t0) / 100) / 10
      })
    } finally {
      await farm.close()
    }
  }
  printTable(`Coalescing: ${config.edits} consecutive bot edits to one item, one client page`, rows)
  return { config, runs: rows }
}
