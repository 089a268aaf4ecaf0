import t from 'tap'
import pg from 'pg'
import { cluster, withDatabase } from '../../bench/lib/bench-cluster.js'
import { createItems, drained, editLabel, startFarm, usePages, type WikiDefinition } from '../../bench/lib/farm.js'
import { spawnWorkers, type WorkerProcess } from '../../bench/lib/child-workers.js'
import type { EntityId } from '../../hooks/ids.js'
import { checkPropagation, describeBacklog, handledCount, logChanges, logDeliveries, redelivered } from './propagation-checks.js'

/**
 * A client database stops accepting connections mid-run while writers keep editing on the
 * repo: `ALTER DATABASE … ALLOW_CONNECTIONS false` and every backend on it terminated, so the
 * repo cannot push to it and the client's own workers lose their connections, including
 * the one of a job that is running at that moment (the test makes sure one is, by holding
 * a lock that job waits for). Each wiki's workers run in their own child process, as each
 * wiki runs its own plugin in a real farm. The other client must keep handling changes
 * during the outage; once the database is back, everything must drain and every change
 * reach every subscriber exactly once, and no worker process may have died on the way (one
 * that did is restarted after the outage, as a supervisor would, so the rest is still
 * checked). `npm run test:faults` (WIKIBASE_FAULTS=full) holds the database down for 30 s;
 * `npm test` for 3 s.
 */
const FULL = process.env.WIKIBASE_FAULTS === 'full'
const OUTAGE_MS = FULL ? 30_000 : 3_000
/** Changes made during the outage the healthy client must have handled before it ends. */
const PROGRESS = FULL ? 200 : 20
const ITEMS = 20
const WRITERS = 4

// Full: a 30 s outage, then up to 120 s for the catch-up and 120 s for the drain when something is wrong.
if (FULL) t.setTimeout(420_000)

const sleep = async (ms: number): Promise<void> => { await new Promise(resolve => setTimeout(resolve, ms)) }

async function connect (database?: string): Promise<pg.Client> {
  const { url } = await cluster()
  const client = new pg.Client({ connectionString: database === undefined ? url : withDatabase(url, database), application_name: 'wikibase-fault-admin' })
  client.on('error', () => {})
  await client.connect()
  return client
}

/** A query on the cluster's maintenance database, on a connection of its own. */
async function admin<R extends pg.QueryResultRow = pg.QueryResultRow> (sql: string, params: unknown[] = []): Promise<R[]> {
  const client = await connect()
  try {
    return (await client.query<R>(sql, params)).rows
  } finally {
    await client.end()
  }
}

const backendsOn = async (database: string): Promise<number> =>
  (await admin<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]))[0]!.n

/** The error a new connection to `database` gets, or null when it connects. */
async function connectError (database: string): Promise<{ code?: string, message: string } | null> {
  try {
    await (await connect(database)).end()
    return null
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message }
  }
}

t.test(`a client database unavailable for ${OUTAGE_MS / 1000} s while writers edit`, async t => {
  const t0 = Date.now()
  const phase = (what: string): void => { t.comment(`${((Date.now() - t0) / 1000).toFixed(1)} s: ${what}`) }
  const farm = await startFarm({ label: 'outage', clients: 2, workers: 'child', worker: { concurrency: 2, pollInterval: 200, heartbeatInterval: 500, deadAfter: 3000 } })
  t.teardown(async () => { await farm.close() })
  const [down, up] = farm.clients as [typeof farm.clients[0], typeof farm.clients[0]]
  const downDb = pg.escapeIdentifier(down.database)
  // Whatever happens below, the database must accept connections again for farm.close().
  t.teardown(async () => { await admin(`ALTER DATABASE ${downDb} WITH ALLOW_CONNECTIONS true`) })
  await logChanges(farm)
  await logDeliveries(farm)
  const items = await createItems(farm, ITEMS)
  await usePages(farm, items, 2, 'L.en')

  // One worker process per wiki: [repo, down, up].
  const groups: WikiDefinition[][] = farm.definitions.map(d => [d])
  const names = farm.definitions.map(d => d.options.siteId)
  const workers: WorkerProcess[] = await Promise.all(groups.map(async g => await spawnWorkers(g)))
  t.teardown(async () => { await Promise.all(workers.map(async w => { await w.kill('SIGKILL') })) })
  const alive = (i: number): boolean => workers[i]!.child.exitCode === null && workers[i]!.child.signalCode === null
  const crashes: string[] = []
  /** Records the worker processes that died and starts them again (the database must be up). */
  const restartDead = async (): Promise<void> => {
    for (let i = 0; i < workers.length; i++) {
      if (alive(i)) continue
      const { code, signal } = await workers[i]!.exited
      crashes.push(`${names[i]!} (exit ${code ?? signal ?? '?'})`)
      workers[i] = await spawnWorkers(groups[i]!)
    }
  }

  let edits = 0
  let committed = 0
  let stop = false
  let writeError: unknown = null
  const writers = Promise.all(Array.from({ length: WRITERS }, async () => {
    while (!stop && writeError === null) {
      const i = edits++
      try {
        await editLabel(farm, items[i % items.length]! as EntityId, `v${i}`)
        committed += 1
      } catch (error) {
        writeError = error
      }
    }
  }))
  t.teardown(async () => { stop = true; await writers })

  /**
   * Polls `check` every 100 ms until it holds or `timeoutMs` passes; gives up early when
   * a writer failed or a worker process that must stay up (`needed`) died.
   */
  const until = async (timeoutMs: number, needed: number[], check: () => Promise<boolean>): Promise<boolean> => {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      if (await check()) return true
      if (!needed.every(alive) || writeError !== null || Date.now() > deadline) return false
      await sleep(100)
    }
  }
  const REPO = 0
  const DOWN = 1
  const UP = 2

  phase('farm and worker processes started')
  t.ok(await until(60_000, [REPO, DOWN, UP], async () => await handledCount(down) >= 10 && await handledCount(up) >= 10), 'both clients handle changes before the outage')

  // ---- the outage ----
  // A job of the down client is running when its database goes: hold a lock its
  // injectRCRecords jobs wait for (they insert into host.recentchanges) until one does.
  const holder = await connect(down.database)
  await holder.query('BEGIN')
  await holder.query('LOCK TABLE host.recentchanges IN SHARE ROW EXCLUSIVE MODE')
  const holderPid = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid
  t.ok(await until(60_000, [REPO, DOWN, UP], async () => (await admin<{ n: number }>(
    'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = \'Lock\' AND $2 = ANY(pg_blocking_pids(pid))',
    [down.database, holderPid]))[0]!.n > 0), `a job of ${down.siteId} is running, waiting for the lock, when the outage begins`)
  await admin(`ALTER DATABASE ${downDb} WITH ALLOW_CONNECTIONS false`)
  t.ok(await until(10_000, [REPO, UP], async () => {
    await admin('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [down.database])
    return await backendsOn(down.database) === 0
  }), `no backend left on ${down.siteId}'s database`)
  void holder.end().catch(() => {})
  // From here no transaction can start on the down client until the outage ends.
  const [{ at: outageStart, last: lastBefore }] = (await farm.repo.pool.query<{ at: Date, last: string | null }>(
    'SELECT clock_timestamp() AS at, (SELECT max(id) FROM host.change_log) AS last')).rows as [{ at: Date, last: string | null }]
  const startedAt = Date.now()
  phase('outage begins')
  const refused = await connectError(down.database)
  t.equal(refused?.code, '55000', `a new connection to ${down.siteId}'s database is refused (${refused?.message ?? 'it connected'})`)

  // The healthy client keeps handling changes made during the outage: measured, not slept.
  const handledSince = async (client: typeof up): Promise<number> => (await client.pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM wbc_handled_changes WHERE hc_change_id > $1', [lastBefore ?? 0])).rows[0]!.n
  let stray = 0
  const progressed = await until(OUTAGE_MS + 60_000, [REPO, UP], async () => {
    stray = Math.max(stray, await backendsOn(down.database))
    return Date.now() - startedAt >= OUTAGE_MS && await handledSince(up) >= PROGRESS
  })
  const [{ at: outageEnd }] = (await farm.repo.pool.query<{ at: Date }>('SELECT clock_timestamp() AS at')).rows as [{ at: Date }]
  const upDuring = await handledSince(up)
  const { rows: [pending] } = await farm.repo.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM wb_changes_delivery WHERE cd_site_id = $1', [down.siteId])
  await admin(`ALTER DATABASE ${downDb} WITH ALLOW_CONNECTIONS true`)
  const outageSeconds = (outageEnd.getTime() - outageStart.getTime()) / 1000

  t.ok(alive(REPO) && alive(UP), `the repo's and ${up.siteId}'s worker processes ran through the outage`)
  t.equal(writeError, null, 'no repo edit failed during the outage')
  t.equal(stray, 0, `no connection reached ${down.siteId}'s database during the outage`)
  t.ok(progressed, `${up.siteId} handled ${upDuring} changes made during the ${outageSeconds.toFixed(1)} s outage (wanted ${PROGRESS})`)
  t.ok(pending!.n > 0, `the repo holds ${pending!.n} deliveries for ${down.siteId} at the end of the outage`)

  // ---- after the outage: the client catches up while edits go on ----
  phase('outage ends')
  await restartDead()
  // A catch-up normally takes 1–2 s; one slower than 15 s says what the queues hold then
  // (once), so a rare slow recovery can be told from a lost one and traced.
  const backAt = Date.now()
  let described = false
  t.ok(await until(120_000, [REPO, DOWN, UP], async () => {
    if (await handledSince(down) >= PROGRESS) return true
    if (!described && Date.now() - backAt > 15_000) {
      described = true
      t.comment(`${down.siteId} not caught up 15 s after the outage:\n${await describeBacklog(farm)}`)
      for (const w of workers) w.child.send('diagnose')
    }
    return false
  }), `${down.siteId} handles changes made during its outage once it is back`)
  phase(`${down.siteId} caught up with the outage`)
  stop = true
  await writers
  t.equal(writeError, null, 'no repo edit failed')
  const propagated = await drained(farm, 120_000)
  t.ok(propagated, 'everything propagated after the outage')
  if (!propagated) t.comment(await describeBacklog(farm))
  phase('drained')
  await restartDead()
  t.same(crashes, [], 'no worker process died')

  // The down client handled nothing while its database was unavailable; the other did.
  const during = async (client: typeof up): Promise<number> => (await client.pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM wbc_handled_changes WHERE hc_handled_at BETWEEN $1 AND $2', [outageStart, outageEnd])).rows[0]!.n
  t.equal(await during(down), 0, `${down.siteId} handled no change during its outage`)
  t.ok(await during(up) >= PROGRESS, `${up.siteId} handled changes during the outage`)

  t.comment(`${committed} edits, outage ${outageSeconds.toFixed(1)} s`)
  await checkPropagation(t, farm, committed)
  for (const client of farm.clients) t.same(await redelivered(client), [], `${client.siteId}: no change delivered twice`)
})
