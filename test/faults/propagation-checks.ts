/**
 * Checks the fault tests share: every change the repo made reached every subscribing client
 * exactly once, no client page shows one change twice in recentchanges, and every page's
 * last recentchanges row is the last revision of its item. The farm is the one of
 * bench/lib/farm.ts, pages from `usePages` (titles `Page_<entity>_<n>`).
 */
import pg from 'pg'
import type { Test } from 'tap'
import type { Farm, Wiki } from '../../bench/lib/farm.js'

/** Records every wb_changes row the repo inserts in host.change_log (the rows themselves are deleted once delivered). */
export async function logChanges (farm: Farm): Promise<void> {
  await farm.repo.pool.query(`
    CREATE TABLE IF NOT EXISTS host.change_log (id bigint PRIMARY KEY, entity text NOT NULL, revision bigint NOT NULL);
    CREATE OR REPLACE FUNCTION host.log_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO host.change_log VALUES (NEW.change_id, NEW.change_object_id, NEW.change_revision_id); RETURN NULL; END $$;
    CREATE TRIGGER log_change AFTER INSERT ON wb_changes FOR EACH ROW EXECUTE FUNCTION host.log_change();`)
}

/**
 * Records, on every client, the change ids each drain of its inbox took (a drain deletes
 * the rows it handled, in its transaction: only drains that committed are logged) in
 * host.delivery_log, the drain's transaction id as its job, so `redelivered` can tell a
 * change that was delivered twice (pushed again after its first copy was drained).
 */
export async function logDeliveries (farm: Farm, clients: Wiki[] = farm.clients): Promise<void> {
  for (const client of clients) {
    const inbox = `${pg.escapeIdentifier(client.dataSchema)}.wbc_change_inbox`
    await client.pool.query(`
      CREATE TABLE IF NOT EXISTS host.delivery_log (job_id bigint NOT NULL, change_id bigint NOT NULL);
      CREATE OR REPLACE FUNCTION host.log_delivery() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO host.delivery_log VALUES (txid_current(), OLD.ci_change_id); RETURN NULL; END $$;
      CREATE TRIGGER log_delivery AFTER DELETE ON ${inbox} FOR EACH ROW EXECUTE FUNCTION host.log_delivery();`)
  }
}

/** Change ids (of host.delivery_log, see `logDeliveries`) that more than one successful notification carried. */
export async function redelivered (client: Wiki): Promise<string[]> {
  const { rows } = await client.pool.query<{ id: string }>(
    'SELECT change_id AS id FROM host.delivery_log GROUP BY 1 HAVING count(DISTINCT job_id) > 1 ORDER BY 1')
  return rows.map(r => String(r.id))
}

/** Notifications that ran to success and the change ids they carried, per `logDeliveries`. */
export async function deliveryCounts (client: Wiki): Promise<{ jobs: number, changes: number }> {
  const { rows } = await client.pool.query<{ jobs: number, changes: number }>(
    'SELECT count(DISTINCT job_id)::int AS jobs, count(DISTINCT change_id)::int AS changes FROM host.delivery_log')
  return rows[0]!
}

/** Changes the client has handled (rows of wbc_handled_changes). */
export async function handledCount (client: Wiki): Promise<number> {
  const { rows } = await client.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM wbc_handled_changes')
  return rows[0]!.n
}

/**
 * Asserts the outcome once the farm has drained: `expectedChanges` changes were logged, each
 * client handled exactly those, no recentchanges row is doubled, and no page is stale.
 */
export async function checkPropagation (t: Test, farm: Farm, expectedChanges: number, clients: Wiki[] = farm.clients): Promise<void> {
  const { rows: changes } = await farm.repo.pool.query<{ id: string }>('SELECT id FROM host.change_log')
  t.equal(changes.length, expectedChanges, 'one change per edit')
  const { rows: latest } = await farm.repo.pool.query<{ entity: string, revision: string }>('SELECT entity, max(revision) AS revision FROM host.change_log GROUP BY entity')
  const want = new Map(latest.map(r => [r.entity, String(r.revision)]))
  const made = new Set(changes.map(c => String(c.id)))
  for (const client of clients) {
    // (hc_repo_site_id, hc_change_id) is the table's key: a change is handled at most once.
    const { rows: handled } = await client.pool.query<{ id: string }>('SELECT hc_change_id AS id FROM wbc_handled_changes')
    const seen = new Set(handled.map(r => String(r.id)))
    const lost = [...made].filter(id => !seen.has(id))
    t.same(lost.length, 0, `${client.siteId}: every change handled`)
    const unknown = [...seen].filter(id => !made.has(id))
    t.same(unknown, [], `${client.siteId}: no change handled that the repo did not make`)
    const { rows: dup } = await client.pool.query<{ n: number }>(`
      SELECT count(*)::int AS n FROM (
        SELECT row->>'rc_cur_id', row->'rc_params'->'wikibase-repo-change'->>'revision_id', row->'rc_params'->'wikibase-repo-change'->>'id'
          FROM host.recentchanges GROUP BY 1, 2, 3 HAVING count(*) > 1) d`)
    t.equal(dup[0]!.n, 0, `${client.siteId}: no duplicate recentchanges row`)
    const { rows: shown } = await client.pool.query<{ page: string, entity: string, revision: string }>(`
      SELECT p.page_id AS page, split_part(p.page_title, '_', 2) AS entity,
             max((r.row->'rc_params'->'wikibase-repo-change'->>'revision_id')::bigint) AS revision
        FROM host.page p LEFT JOIN host.recentchanges r ON (r.row->>'rc_cur_id')::int = p.page_id GROUP BY 1, 2`)
    const stale = shown.filter(s => want.has(s.entity) && String(s.revision) !== want.get(s.entity))
    t.same(stale, [], `${client.siteId}: every page's last recentchanges row is its item's last revision`)
  }
}

/** What is left when a farm does not drain: per wiki, its queued jobs by task and state; the repo's change rows. For a failure's diagnostics. */
export async function describeBacklog (farm: Farm): Promise<string> {
  const lines: string[] = []
  for (const wiki of [farm.repo, ...farm.clients]) {
    const q = pg.escapeIdentifier(wiki.queueSchema)
    const { rows } = await wiki.pool.query<{ task: string, locked: boolean, n: number, attempts: number, run_in: number | null, error: string | null }>(`
      SELECT t.identifier AS task, j.locked_by IS NOT NULL AS locked, count(*)::int AS n, max(j.attempts) AS attempts,
             round(extract(epoch FROM max(j.run_at) - now()))::int AS run_in, max(j.last_error) AS error
        FROM ${q}._private_jobs j JOIN ${q}._private_tasks t ON t.id = j.task_id
       WHERE j.attempts < j.max_attempts GROUP BY 1, 2 ORDER BY 1, 2`)
    for (const r of rows) {
      lines.push(`${wiki.siteId}: ${r.n} × ${r.task}${r.locked ? ' locked' : ''}, attempts ≤ ${r.attempts}, latest run_at in ${r.run_in ?? '?'} s${r.error === null ? '' : `, last error: ${r.error.slice(0, 160)}`}`)
    }
    const { rows: locks } = await wiki.pool.query<{ by: string, since: number, beat: number | null }>(`
      SELECT j.locked_by AS by, round(extract(epoch FROM now() - min(j.locked_at)))::int AS since,
             round(extract(epoch FROM now() - max(w.jw_heartbeat_at)))::int AS beat
        FROM ${q}._private_jobs j LEFT JOIN ${pg.escapeIdentifier(wiki.dataSchema)}.wb_job_workers w ON w.jw_worker_id = j.locked_by
       WHERE j.locked_by IS NOT NULL GROUP BY 1`)
    for (const l of locks) lines.push(`${wiki.siteId}: jobs locked by ${l.by} for ${l.since} s; its last heartbeat ${l.beat === null ? 'none' : `${l.beat} s ago`}`)
    const { rows: queues } = await wiki.pool.query<{ name: string, by: string, since: number }>(`
      SELECT queue_name AS name, locked_by AS by, round(extract(epoch FROM now() - locked_at))::int AS since
        FROM ${q}._private_job_queues WHERE locked_by IS NOT NULL ORDER BY 1`)
    for (const l of queues) lines.push(`${wiki.siteId}: named queue ${l.name} locked by ${l.by} for ${l.since} s`)
    // What the wiki's connections do: a job stuck in a query shows here, one stuck in Node does not.
    const { rows: backends } = await wiki.pool.query<{ app: string, state: string | null, wait: string | null, since: number | null, query: string }>(`
      SELECT application_name AS app, state, wait_event_type || ':' || wait_event AS wait,
             round(extract(epoch FROM now() - state_change))::int AS since, left(regexp_replace(query, '\\s+', ' ', 'g'), 100) AS query
        FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle' ORDER BY state_change`)
    for (const b of backends) lines.push(`${wiki.siteId}: backend ${b.app} ${b.state ?? '?'}${b.wait === null ? '' : ` waiting on ${b.wait}`} for ${b.since ?? '?'} s: ${b.query}`)
  }
  const { rows: [changes] } = await farm.repo.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM wb_changes')
  const { rows: deliveries } = await farm.repo.pool.query<{ site: string, n: number }>('SELECT cd_site_id AS site, count(*)::int AS n FROM wb_changes_delivery GROUP BY 1 ORDER BY 1')
  lines.push(`repo: ${changes!.n} wb_changes rows; pending deliveries ${deliveries.map(d => `${d.site} ${d.n}`).join(', ') || 'none'}`)
  return lines.join('\n')
}
