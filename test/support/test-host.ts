import type pg from 'pg'
import { createWikiHost, type ExternalRecentChange, type PageRecord, type RecentChange, type WikiHost } from '../../hooks/contract.js'
import type { PageId } from '../../hooks/ids.js'
import { withTransaction } from '../../plugin/db/wiki-database.js'
import { testUserCan } from './test-rights.js'

/**
 * A small real host for tests: pages, recentchanges and the page updates the plugin asks
 * for, in tables of the wiki's own database (schema `host`). The example wiki is the full one.
 */
export interface TestHost extends WikiHost {
  addPage: (title: string, options?: { namespace?: number, latest?: number, length?: number, language?: string }) => Promise<PageId>
  refreshed: () => Promise<Array<{ page: number, agent: string }>>
  purged: () => Promise<Array<{ pages: number[], agent: string }>>
  recentChanges: () => Promise<Array<ExternalRecentChange & { rc_id: number }>>
}

export async function createTestHost (pool: pg.Pool, options: { editRecentChange?: (rc: RecentChange) => RecentChange } = {}): Promise<TestHost> {
  await pool.query(`
    CREATE SCHEMA IF NOT EXISTS host;
    CREATE TABLE IF NOT EXISTS host.page (page_id serial PRIMARY KEY, page_namespace int NOT NULL, page_title text NOT NULL,
      page_latest int NOT NULL, page_len int NOT NULL, page_lang text NOT NULL, UNIQUE (page_namespace, page_title));
    CREATE TABLE IF NOT EXISTS host.recentchanges (rc_id bigserial PRIMARY KEY, row jsonb NOT NULL);
    CREATE TABLE IF NOT EXISTS host.refreshed (id bigserial PRIMARY KEY, page_id int NOT NULL, agent text NOT NULL);
    CREATE TABLE IF NOT EXISTS host.purged (id bigserial PRIMARY KEY, page_ids int[] NOT NULL, agent text NOT NULL);`)
  const toRecord = (r: { page_id: number, page_namespace: number, page_title: string, page_latest: number, page_len: number, page_lang: string }): PageRecord =>
    ({ id: r.page_id as PageId, namespace: r.page_namespace, title: r.page_title, latestRevisionId: r.page_latest, length: r.page_len, contentLanguage: r.page_lang })
  let nextRc = 0
  const host = createWikiHost({
    pageIdsForTitles: async titles => {
      const { rows } = await pool.query<{ page_title: string, page_id: number }>(
        'SELECT page_title, page_id FROM host.page WHERE page_namespace = 0 AND page_title = ANY($1::text[])', [titles.map(t => t.replaceAll(' ', '_'))])
      const byTitle = new Map(rows.map(r => [r.page_title, r.page_id as PageId]))
      return new Map(titles.flatMap(t => { const id = byTitle.get(t.replaceAll(' ', '_')); return id === undefined ? [] : [[t, id]] }))
    },
    pagesByIds: async ids => {
      const { rows } = await pool.query('SELECT * FROM host.page WHERE page_id = ANY($1::int[]) ORDER BY page_id', [ids])
      return rows.map(toRecord)
    },
    refreshLinks: async (pages, cause) => {
      for (const page of pages) await pool.query('INSERT INTO host.refreshed (page_id, agent) VALUES ($1, $2)', [page.id, cause.agent])
    },
    purgeWebCache: async (pages, cause) => {
      await pool.query('INSERT INTO host.purged (page_ids, agent) VALUES ($1, $2)', [pages.map(p => p.id), cause.agent])
    },
    insertRecentChanges: async (rows, tx) => {
      const q = tx ?? pool
      const ids: number[] = []
      for (const row of rows) {
        const { rows: inserted } = await q.query<{ rc_id: string }>('INSERT INTO host.recentchanges (row) VALUES ($1) RETURNING rc_id', [JSON.stringify(row)])
        ids.push(Number(inserted[0]!.rc_id))
      }
      return ids
    },
    transaction: async fn => await withTransaction(pool, fn),
    userCan: testUserCan,
    recordEntityEdit: async (edit, tx) => {
      nextRc += 1
      const rc: RecentChange = {
        rc_id: nextRc, rc_timestamp: new Date(), rc_namespace: 120, rc_title: edit.entityId, rc_cur_id: 1,
        rc_this_oldid: edit.revisionId, rc_last_oldid: edit.parentRevisionId, rc_user: edit.user.id, rc_user_text: edit.user.name,
        rc_comment: edit.comment, rc_bot: edit.user.bot, rc_minor: false, rc_source: 'mw.edit',
        rc_log_type: edit.kind === 'delete' || edit.kind === 'restore' ? 'delete' : null,
        rc_log_action: edit.kind === 'delete' ? 'delete' : edit.kind === 'restore' ? 'restore' : null,
        rc_params: null
      }
      await host.hooks.callHook('RecentChangeSave', options.editRecentChange?.(rc) ?? rc, tx)
      return { pageId: 1, revisionId: edit.revisionId, rcId: nextRc }
    }
  })
  return {
    ...host,
    addPage: async (title, o = {}) => {
      const { rows } = await pool.query<{ page_id: number }>(
        'INSERT INTO host.page (page_namespace, page_title, page_latest, page_len, page_lang) VALUES ($1, $2, $3, $4, $5) RETURNING page_id',
        [o.namespace ?? 0, title.replaceAll(' ', '_'), o.latest ?? 1, o.length ?? 100, o.language ?? 'en'])
      return rows[0]!.page_id as PageId
    },
    refreshed: async () => (await pool.query('SELECT page_id AS page, agent FROM host.refreshed ORDER BY id')).rows,
    purged: async () => (await pool.query('SELECT page_ids AS pages, agent FROM host.purged ORDER BY id')).rows,
    recentChanges: async () => (await pool.query('SELECT rc_id, row FROM host.recentchanges ORDER BY rc_id')).rows.map(r => ({ ...r.row, rc_id: Number(r.rc_id) }))
  }
}
