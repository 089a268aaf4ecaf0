import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { ChangeHandledEvent, DispatchAfterEvent, UsageRecordedEvent } from '../hooks/contract.js'
import { pagesById } from './engine/page-store.js'
import { pageUrl, prefixedText } from './engine/titles.js'
import { escapeHtml } from './engine/wikitext-renderer.js'
import { table } from './engine/wiki-db.js'
import { field, formatTime, renderPage, type UiContext } from './web/ui-context.js'
import { changeType, type EntityChange } from '../plugin/changes/entity-change.js'
import { clientSitelinkEdit } from './web/client-sitelink-log.js'

/**
 * A small third-party plugin on top of fastify-wikibase, using only the plugin's own hooks
 * (hooks/plugin-hooks.ts):
 * - `change:handled` and `dispatch:after` → a row in this wiki's change log, shown on Special:Log
 *   after the wiki's own log entries (moves, deletions, undeletions) and, on the repo, the
 *   sitelink edits made for client users (UpdateRepo);
 * - `usage:recorded` → a copy of each page's usages, shown on Special:EntityUsage.
 * Its tables are its own (plain idempotent SQL in the wiki's engine schema).
 */
export interface ActivityPluginOptions { ctx: UiContext }

async function activityPlugin (app: FastifyInstance, { ctx }: ActivityPluginOptions): Promise<void> {
  const { db } = ctx.wiki
  await db.pool.query(`
    CREATE TABLE IF NOT EXISTS ${table(db, 'wikibase_change_log')} (
      cl_id bigserial PRIMARY KEY, cl_time timestamptz NOT NULL DEFAULT now(), cl_event text NOT NULL,
      cl_entity text NOT NULL, cl_change_type text NOT NULL DEFAULT '', cl_change_ids bigint[] NOT NULL DEFAULT '{}',
      cl_pages int[] NOT NULL DEFAULT '{}', cl_targets text[] NOT NULL DEFAULT '{}', cl_comment text NOT NULL DEFAULT '');
    CREATE TABLE IF NOT EXISTS ${table(db, 'wikibase_usage_copy')} (
      uc_page int NOT NULL, uc_entity text NOT NULL, uc_aspect text NOT NULL, PRIMARY KEY (uc_page, uc_entity, uc_aspect));
    CREATE INDEX IF NOT EXISTS wikibase_usage_copy_entity ON ${table(db, 'wikibase_usage_copy')} (uc_entity);`)
  const hooks = app.wikibase.hooks

  hooks.hook('change:handled', async ({ change, pageIds }: ChangeHandledEvent<EntityChange>) => {
    await db.pool.query(
      `INSERT INTO ${table(db, 'wikibase_change_log')} (cl_event, cl_entity, cl_change_type, cl_change_ids, cl_pages, cl_comment)
       VALUES ('handled', $1, $2, $3, $4, $5)`,
      [change.entityId, changeType(change), [change.id], pageIds, change.metadata?.comment ?? ''])
  })
  hooks.hook('dispatch:after', async ({ entityId, changeIds, delivered }: DispatchAfterEvent) => {
    await db.pool.query(`INSERT INTO ${table(db, 'wikibase_change_log')} (cl_event, cl_entity, cl_change_ids, cl_targets) VALUES ('dispatched', $1, $2, $3)`,
      [entityId, changeIds, delivered])
  })
  hooks.hook('usage:recorded', async ({ pageId, usages }: UsageRecordedEvent) => {
    const parsed = usages.map(u => { const [entity = '', aspect = ''] = u.split('#'); return { entity, aspect } })
    await db.pool.query(`DELETE FROM ${table(db, 'wikibase_usage_copy')} WHERE uc_page = $1`, [pageId])
    if (parsed.length > 0) {
      await db.pool.query(
        `INSERT INTO ${table(db, 'wikibase_usage_copy')} (uc_page, uc_entity, uc_aspect)
         SELECT $1, * FROM unnest($2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
        [pageId, parsed.map(p => p.entity), parsed.map(p => p.aspect)])
    }
  })
  ctx.wiki.host.hooks.hook('PageDeleteComplete', async (page, tx) => {
    await tx.query(`DELETE FROM ${table(db, 'wikibase_usage_copy')} WHERE uc_page = $1`, [page.id])
  })

  ctx.specialPages.set('Log', {
    name: 'Log',
    description: 'Moves, deletions and undeletions; on the repo the sitelink edits made for client users; the repo changes handled here',
    get: async (_request, reply) => {
      const { rows } = await db.pool.query(`SELECT * FROM ${table(db, 'wikibase_change_log')} ORDER BY cl_id DESC LIMIT 200`)
      // The wiki's own log entries, as its recentchanges rows keep them (rc_log_type).
      const pageLog = (await db.pool.query(
        `SELECT rc_timestamp, rc_namespace, rc_title, rc_user_text, rc_comment, rc_log_type, rc_log_action, rc_params, rc_deleted
           FROM ${table(db, 'recentchanges')} WHERE rc_log_type IS NOT NULL ORDER BY rc_id DESC LIMIT 200`)).rows
      // The repo's UpdateRepo edits: made as the client user's repo account, recognised by Wikibase's summaries.
      const forClients = ctx.isRepo
        ? (await db.pool.query(
            `SELECT rc_timestamp, rc_title, rc_user_text, rc_comment, rc_deleted FROM ${table(db, 'recentchanges')}
              WHERE rc_comment LIKE '/* clientsitelink-%' ORDER BY rc_id DESC LIMIT 200`)).rows
        : []
      const hiddenUser = (r: { rc_deleted: number, rc_user_text: string }): string =>
        (r.rc_deleted & 4) !== 0 ? '<span class="history-deleted">(username removed)</span>' : escapeHtml(r.rc_user_text)
      const logTitle = (namespace: number, dbKey: string): string => {
        const t = { namespace, dbKey }
        return `<a href="${escapeHtml(pageUrl(t))}">${escapeHtml(prefixedText(t))}</a>`
      }
      const pageIds = [...new Set(rows.flatMap(r => r.cl_pages as number[]))]
      const titles = new Map((await pagesById(db.pool, db, pageIds)).map(p => [p.page_id, { namespace: p.page_namespace, dbKey: p.page_title }]))
      const pageList = (ids: number[]): string => ids.map(id => {
        const t = titles.get(id)
        return t === undefined ? `#${id}` : `<a href="${escapeHtml(pageUrl(t))}">${escapeHtml(prefixedText(t))}</a>`
      }).join(', ')
      return await renderPage(ctx, reply, 'table', {
        pageTitle: 'Change log',
        intro: '<p>Written by <code>example-wiki/wikibase-activity-plugin.ts</code> from the plugin\'s ' +
          '<code>change:handled</code> and <code>dispatch:after</code> hooks.</p>',
        tables: [{
          caption: 'Moves, deletions and undeletions',
          head: ['Time', 'Log', 'User', 'Page', 'Reason'],
          rows: pageLog.map(r => {
            const target = r.rc_params?.target as { namespace?: unknown, title?: unknown } | undefined
            const moved = r.rc_log_type === 'move' && typeof target?.namespace === 'number' && typeof target.title === 'string'
              ? ` → ${logTitle(target.namespace, target.title)}${r.rc_params?.noredir === '1' ? ' (without a redirect)' : ''}`
              : ''
            return [escapeHtml(formatTime(r.rc_timestamp)), escapeHtml(`${r.rc_log_type}/${r.rc_log_action ?? ''}`), hiddenUser(r),
              logTitle(r.rc_namespace, r.rc_title) + moved,
              (r.rc_deleted & 2) !== 0 ? '<span class="history-deleted">(summary removed)</span>' : escapeHtml(r.rc_comment)]
          }),
          empty: 'No page has been moved, deleted or undeleted yet.'
        }, ...(ctx.isRepo
          ? [{
              caption: 'Sitelink edits made for client users (their pages moved or deleted)',
              head: ['Time', 'User', 'Item', 'Client page', 'Sitelink'],
              rows: forClients.map(r => {
                const edit = clientSitelinkEdit(r.rc_deleted === 0 ? r.rc_comment : '')
                const page = edit === null
                  ? ''
                  : edit.action === 'update' ? `${edit.site}:${edit.oldTitle} → ${edit.site}:${edit.newTitle}` : `${edit.site}:${edit.title}`
                return [escapeHtml(formatTime(r.rc_timestamp)), hiddenUser(r), escapeHtml(r.rc_title), escapeHtml(page),
                  edit === null ? '' : edit.action === 'update' ? 'follows the moved page' : 'removed (page deleted)']
              }),
              empty: 'No client page move or deletion has changed a sitelink yet.'
            }]
          : []), {
          caption: 'Repo changes handled here',
          head: ['Time', 'Event', 'Entity', 'Change', 'Pages / targets', 'Comment'],
          rows: rows.map(r => [
            escapeHtml(formatTime(r.cl_time)), escapeHtml(r.cl_event), escapeHtml(r.cl_entity),
            escapeHtml(`${r.cl_change_type} ${(r.cl_change_ids as string[]).join(', ')}`),
            r.cl_event === 'dispatched' ? escapeHtml((r.cl_targets as string[]).join(', ')) : pageList(r.cl_pages), escapeHtml(r.cl_comment)]),
          empty: 'No repo change has been handled here yet.'
        }]
      })
    }
  })

  ctx.specialPages.set('EntityUsage', {
    name: 'EntityUsage',
    description: 'Which pages use an entity, and how (usage aspects)',
    get: async (request, reply, subpage) => {
      const entity = (subpage || field(request.query, 'entity')).trim().toUpperCase()
      const form = '<form method="get" action="/wiki/Special:EntityUsage"><p><label>Entity id ' +
        `<input name="entity" value="${escapeHtml(entity)}" size="10" placeholder="Q42"></label> <button>Show</button></p></form>`
      if (entity === '') {
        const { rows } = await db.pool.query(`SELECT uc_entity, count(DISTINCT uc_page)::int AS pages, string_agg(DISTINCT uc_aspect, ' ') AS aspects
          FROM ${table(db, 'wikibase_usage_copy')} GROUP BY uc_entity ORDER BY pages DESC, uc_entity LIMIT 100`)
        return await renderPage(ctx, reply, 'table', {
          pageTitle: 'Entity usage',
          intro: form,
          tables: [{
            head: ['Entity', 'Pages', 'Aspects'],
            rows: rows.map(r => [
              `<a href="${escapeHtml(pageUrl(`Special:EntityUsage/${r.uc_entity}`))}">${escapeHtml(r.uc_entity)}</a>`, String(r.pages), escapeHtml(r.aspects)
            ]),
            empty: 'No page of this wiki uses an entity yet.'
          }]
        })
      }
      const { rows } = await db.pool.query(
        `SELECT uc_page, array_agg(uc_aspect ORDER BY uc_aspect) AS aspects FROM ${table(db, 'wikibase_usage_copy')}
          WHERE uc_entity = $1 GROUP BY uc_page ORDER BY uc_page`, [entity])
      const pages = new Map((await pagesById(db.pool, db, rows.map(r => r.uc_page))).map(p => [p.page_id, p]))
      return await renderPage(ctx, reply, 'table', {
        pageTitle: `Entity usage: ${entity}`,
        intro: form,
        tables: [{
          head: ['Page', 'Aspects'],
          rows: rows.flatMap(r => {
            const p = pages.get(r.uc_page)
            if (p === undefined) return []
            const t = { namespace: p.page_namespace, dbKey: p.page_title }
            return [[`<a href="${escapeHtml(pageUrl(t))}">${escapeHtml(prefixedText(t))}</a>`, escapeHtml((r.aspects as string[]).join(', '))]]
          }),
          empty: `No page of this wiki uses ${entity}.`
        }]
      })
    }
  })
}

export default fp(activityPlugin, { name: 'example-wiki-wikibase-activity', fastify: '5.x', dependencies: ['fastify-wikibase'] })
