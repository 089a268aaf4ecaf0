import t from 'tap'
import pg from 'pg'
import { createItems, drained, editLabel, spawnWorkers, startFarm, usePages, type Farm, type WorkerProcess } from '../../bench/lib/farm.js'
import type { EntityId } from '../../plugin/changes/entity-id.js'

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

async function logChanges (farm: Farm): Promise<void> {
  await farm.repo.pool.query(`
    CREATE TABLE IF NOT EXISTS host.change_log (id bigint PRIMARY KEY, entity text NOT NULL, revision bigint NOT NULL);
    CREATE OR REPLACE FUNCTION host.log_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO host.change_log VALUES (NEW.change_id, NEW.change_object_id, NEW.change_revision_id); RETURN NULL; END $$;
    CREATE TRIGGER log_change AFTER INSERT ON wb_changes FOR EACH ROW EXECUTE FUNCTION host.log_change();`)
}

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

  const { rows: changes } = await farm.repo.pool.query<{ id: string }>('SELECT id FROM host.change_log')
  t.equal(changes.length, EDITS, 'one change per edit')
  const { rows: latest } = await farm.repo.pool.query<{ entity: string, revision: string }>('SELECT entity, max(revision) AS revision FROM host.change_log GROUP BY entity')
  for (const client of farm.clients) {
    const { rows: handled } = await client.pool.query<{ id: string }>('SELECT hc_change_id AS id FROM wbc_handled_changes')
    const seen = new Set(handled.map(r => String(r.id)))
    const lost = changes.filter(c => !seen.has(String(c.id)))
    t.same(lost.length, 0, `${client.siteId}: every change handled`)
    const { rows: dup } = await client.pool.query<{ n: number }>(`
      SELECT count(*)::int AS n FROM (
        SELECT row->>'rc_cur_id', row->'rc_params'->'wikibase-repo-change'->>'revision_id', row->'rc_params'->'wikibase-repo-change'->>'id'
          FROM host.recentchanges GROUP BY 1, 2, 3 HAVING count(*) > 1) d`)
    t.equal(dup[0]!.n, 0, `${client.siteId}: no duplicate recentchanges row`)
    const { rows: shown } = await client.pool.query<{ page: string, entity: string, revision: string }>(`
      SELECT p.page_id AS page, split_part(p.page_title, '_', 2) AS entity,
             max((r.row->'rc_params'->'wikibase-repo-change'->>'revision_id')::bigint) AS revision
        FROM host.page p LEFT JOIN host.recentchanges r ON (r.row->>'rc_cur_id')::int = p.page_id GROUP BY 1, 2`)
    const want = new Map(latest.map(r => [r.entity, String(r.revision)]))
    const stale = shown.filter(s => want.has(s.entity) && String(s.revision) !== want.get(s.entity))
    t.same(stale, [], `${client.siteId}: every page's last recentchanges row is its item's last revision`)
  }
})
