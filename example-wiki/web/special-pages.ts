import type { FastifyReply, FastifyRequest } from 'fastify'
import { listPages } from '../engine/page-store.js'
import { listRecentChanges, type RecentChangeRow } from '../engine/recent-changes-store.js'
import { NS_ITEM, NS_MAIN, NS_PROPERTY, NS_TEMPLATE, pageUrl, prefixedText, tryParseTitle } from '../engine/titles.js'
import { escapeHtml } from '../engine/wikitext-renderer.js'
import { callPlugin, errorMessage, REST_BASE } from './plugin-api.js'
import { field, formatTime, renderPage, type SpecialPage, type UiContext } from './ui-context.js'
import { integerParam, MAX_ID } from './request-numbers.js'
import { saveSiteThroughCli, type SiteForm } from './site-cli.js'

const link = (href: string, text: string): string => `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`

function describeChange (ctx: UiContext, rc: RecentChangeRow): { cls: string, source: string, flag: string, flagTitle: string, title: string, detail: string } {
  const title = { namespace: rc.rc_namespace, dbKey: rc.rc_title }
  const titleLink = link(pageUrl(title), prefixedText(title))
  if (rc.rc_source === 'wb') {
    const change = (rc.rc_params?.['wikibase-repo-change'] ?? {}) as { object_id?: string, revision_id?: number, type?: string }
    const repo = ctx.farm().find(w => w.siteId === ctx.repoId)
    const entity = change.object_id === undefined ? '' : ` (${repo === undefined ? escapeHtml(change.object_id) : `<a class="wb-entity" href="${escapeHtml(`${repo.url}wiki/Item:${change.object_id}`)}">${escapeHtml(change.object_id)}</a>`})`
    return { cls: 'wb', source: 'wb', flag: 'D', flagTitle: `This edit was made on ${ctx.repoId}`, title: titleLink, detail: `· ${escapeHtml(ctx.repoId)} change${entity}` }
  }
  if (rc.rc_log_type !== null) {
    const target = (rc.rc_params as { target?: { namespace: number, title: string } } | null)?.target
    const detail = rc.rc_log_type === 'move' && target !== undefined ? `moved to ${link(pageUrl({ namespace: target.namespace, dbKey: target.title }), prefixedText({ namespace: target.namespace, dbKey: target.title }))}` : `${escapeHtml(rc.rc_log_type)}/${escapeHtml(rc.rc_log_action ?? '')}`
    return { cls: 'log', source: rc.rc_source, flag: '', flagTitle: '', title: titleLink, detail: `· (log) ${detail}` }
  }
  const diff = rc.rc_new_len !== null && rc.rc_old_len !== null ? rc.rc_new_len - rc.rc_old_len : 0
  const history = link(pageUrl(title, { action: 'history' }), 'hist')
  return {
    cls: rc.rc_source === 'mw.new' ? 'new' : 'edit',
    source: rc.rc_source,
    flag: rc.rc_source === 'mw.new' ? 'N' : rc.rc_minor ? 'm' : rc.rc_bot ? 'b' : '',
    flagTitle: rc.rc_source === 'mw.new' ? 'This edit created a new page' : rc.rc_minor ? 'minor edit' : 'bot edit',
    title: titleLink,
    detail: `(${history}) <span class="${diff >= 0 ? 'plus' : 'minus'}">(${diff >= 0 ? '+' : ''}${diff})</span>`
  }
}

export function coreSpecialPages (ctx: UiContext): SpecialPage[] {
  const pages: SpecialPage[] = [
    {
      name: 'RecentChanges',
      description: 'Recent changes of this wiki, with repo changes (toggle to hide them)',
      get: async (request, reply) => {
        const query = request.query as Record<string, string>
        const limit = Math.min(integerParam(field(query, 'limit'), { min: 1, max: MAX_ID }) ?? 50, 500)
        const hideExternal = ctx.isRepo ? false : field(query, 'hidewikidata') === '1'
        const changes = await listRecentChanges(ctx.wiki.db.pool, ctx.wiki.db, { limit, hideExternal })
        return await renderPage(ctx, reply, 'recentchanges', {
          pageTitle: 'Recent changes',
          isClient: !ctx.isRepo,
          repoId: ctx.repoId,
          hideExternal,
          linkFor: (change: Record<string, number>) => pageUrl('Special:RecentChanges', { limit, hidewikidata: hideExternal ? 1 : 0, ...change }),
          changes: changes.map(rc => ({ time: formatTime(rc.rc_timestamp), user: rc.rc_user_text, comment: rc.rc_comment, ...describeChange(ctx, rc) }))
        })
      }
    },
    {
      name: 'AllPages',
      description: 'Every page, by namespace',
      get: async (_request, reply) => {
        const namespaces = [NS_MAIN, NS_TEMPLATE, ...(ctx.isRepo ? [NS_ITEM, NS_PROPERTY] : [])]
        const items: string[] = []
        for (const ns of namespaces) {
          for (const page of await listPages(ctx.wiki.db.pool, ctx.wiki.db, ns)) items.push(link(pageUrl({ namespace: ns, dbKey: page.page_title }), prefixedText({ namespace: ns, dbKey: page.page_title })))
        }
        return await renderPage(ctx, reply, 'list', { pageTitle: 'All pages', items })
      }
    },
    {
      name: 'Go',
      description: 'Go to a page (the search box)',
      get: async (request, reply) => {
        const text = field(request.query, 'search').trim()
        const entity = /^[QP][1-9][0-9]*$/i.exec(text)
        if (entity !== null && ctx.isRepo) return await reply.redirect(pageUrl(`${text[0]!.toUpperCase() === 'P' ? 'Property' : 'Item'}:${text.toUpperCase()}`))
        const title = tryParseTitle(text)
        return await reply.redirect(title === null ? '/wiki/Special:AllPages' : pageUrl(title))
      }
    },
    {
      name: 'SpecialPages',
      description: 'This list',
      get: async (_request, reply) => await renderPage(ctx, reply, 'list', {
        pageTitle: 'Special pages',
        items: [...ctx.specialPages.values()].filter(p => p.name !== 'Go').sort((a, b) => a.name.localeCompare(b.name))
          .map(p => `${link(pageUrl(`Special:${p.name}`), p.name)} — ${escapeHtml(p.description)}`)
      })
    },
    {
      name: 'Sites',
      description: 'The sites this wiki knows (list, add, edit)',
      get: async (request, reply) => await sitesPage(ctx, request, reply),
      post: async (request, reply) => {
        const body = request.body as Record<string, unknown>
        const form: SiteForm = {
          globalId: field(body, 'globalId').trim(), group: field(body, 'group').trim(), language: field(body, 'language').trim(),
          pagePath: field(body, 'pagePath').trim(), filePath: field(body, 'filePath').trim(),
          interwikiIds: field(body, 'interwikiIds').split(/[\s,]+/).filter(Boolean), navigationIds: field(body, 'navigationIds').split(/[\s,]+/).filter(Boolean)
        }
        try {
          const message = await saveSiteThroughCli(ctx, form, field(body, 'mode') === 'edit' ? 'edit' : 'add')
          return await sitesPage(ctx, request, reply, { notice: message })
        } catch (error) {
          return await sitesPage(ctx, request, reply, { error: (error as Error).message, form }, 400)
        }
      }
    }
  ]
  if (ctx.isRepo) {
    pages.push({
      name: 'DispatchStats',
      description: 'How far the repo is with dispatching changes to its clients',
      get: async (_request, reply) => {
        const got = await callPlugin<any>(ctx.app, 'GET', `${ctx.routePrefix}/wikibase/dispatch-stats`)
        if (got.status !== 200) return await renderPage(ctx, reply, 'table', { pageTitle: 'Dispatch statistics', error: errorMessage(got), tables: [] }, 502)
        const s = got.body
        return await renderPage(ctx, reply, 'table', {
          pageTitle: 'Dispatch statistics',
          tables: [
            { caption: 'Backlog', head: ['Changes pending', 'Entities', 'Not yet assigned', 'Oldest change', 'Newest change', 'Oldest age'],
              rows: [[s.numberOfChanges, s.numberOfEntities, s.undispatchedChanges, s.stalestTime ?? '—', s.freshestTime ?? '—', `${Math.round(s.oldestAgeSeconds)} s`].map(v => escapeHtml(String(v)))] },
            { caption: 'Clients', head: ['Client', 'Pending changes', 'Lag', 'Last delivery', 'Delivered in total'],
              rows: s.clients.map((c: any) => [escapeHtml(c.siteId), c.pendingChanges, `${Math.round(c.lagSeconds)} s`, escapeHtml(c.lastDelivery ?? '—'), c.deliveredTotal].map(String)), empty: 'No clients.' },
            { caption: 'Entities with pending changes (oldest first)', head: ['Entity', 'Changes', 'Oldest age'],
              rows: s.entities.map((e: any) => [link(pageUrl(`Item:${e.entityId}`), e.entityId), String(e.changes), `${Math.round(e.oldestAgeSeconds)} s`]), empty: 'Nothing pending.' }
          ],
          outro: `<p class="meta">From <a href="${escapeHtml(`${ctx.routePrefix}/wikibase/dispatch-stats`)}">${escapeHtml(`${ctx.routePrefix}/wikibase/dispatch-stats`)}</a> (JSON) · <a href="${escapeHtml(`${ctx.routePrefix}/wikibase/metrics`)}">metrics</a></p>`
        })
      }
    }, {
      name: 'AllItems',
      description: 'The items (and properties) of the repo',
      get: async (request, reply) => {
        const after = integerParam(field(request.query, 'after'), { min: 0, max: MAX_ID }) ?? 0
        const items: string[] = []
        let next = ''
        for (const kind of ['properties', 'items'] as const) {
          if (kind === 'properties' && after > 0) continue
          const got = await callPlugin<{ ids: string[] }>(ctx.app, 'GET', `${ctx.routePrefix}${REST_BASE}/entities/${kind}?limit=200${kind === 'items' && after > 0 ? `&after=${after}` : ''}`)
          if (got.status !== 200) return await renderPage(ctx, reply, 'list', { pageTitle: 'All items', error: errorMessage(got), items: [] }, 502)
          const labels = await Promise.all(got.body.ids.map(async id => {
            const label = await callPlugin<string>(ctx.app, 'GET', `${ctx.routePrefix}${REST_BASE}/entities/${kind}/${id}/labels/${ctx.wiki.language}`)
            return [id, label.status === 200 ? label.body : ''] as const
          }))
          for (const [id, label] of labels) items.push(`${link(pageUrl(`${kind === 'items' ? 'Item' : 'Property'}:${id}`), id)} ${escapeHtml(label)}`)
          if (kind === 'items' && got.body.ids.length === 200) next = got.body.ids.at(-1)!.slice(1)
        }
        return await renderPage(ctx, reply, 'list', {
          pageTitle: 'All items',
          items,
          intro: next === '' ? '' : `<p>${link(pageUrl('Special:AllItems', { after: next }), 'next page')}</p>`
        })
      }
    })
  }
  return pages
}

async function sitesPage (ctx: UiContext, request: FastifyRequest, reply: FastifyReply, extra: { notice?: string, error?: string, form?: SiteForm } = {}, status = 200): Promise<FastifyReply> {
  const got = await callPlugin<{ sites: any[] }>(ctx.app, 'GET', `${ctx.routePrefix}/wikibase/sites`)
  const sites = got.status === 200 ? got.body.sites : []
  const editing = sites.find(s => s.globalId === field(request.query, 'edit'))
  const form = extra.form ?? (editing === undefined ? undefined : {
    globalId: editing.globalId, group: editing.group, language: editing.language, pagePath: editing.paths.page_path ?? '', filePath: editing.paths.file_path ?? '',
    interwikiIds: editing.interwikiIds, navigationIds: editing.navigationIds
  })
  const input = (name: keyof SiteForm, label: string, size = 20): string => {
    const value = form?.[name]
    return `<label>${label} <input name="${name}" size="${size}" value="${escapeHtml(Array.isArray(value) ? value.join(' ') : value ?? '')}"></label>`
  }
  const mode = editing !== undefined || extra.form !== undefined ? 'edit' : 'add'
  return await renderPage(ctx, reply, 'table', {
    pageTitle: 'Sites',
    notice: extra.notice,
    error: extra.error ?? (got.status === 200 ? undefined : errorMessage(got)),
    tables: [{
      head: ['Global id', 'Group', 'Language', 'Page URL', 'Interwiki', 'Navigation', ''],
      rows: sites.map(s => [escapeHtml(s.globalId), escapeHtml(s.group), escapeHtml(s.language), escapeHtml(s.linkPath ?? ''), escapeHtml(s.interwikiIds.join(' ')), escapeHtml(s.navigationIds.join(' ')),
        link(pageUrl('Special:Sites', { edit: s.globalId }), 'edit')]),
      empty: 'No sites.'
    }],
    outro: `<form method="post" action="/wiki/Special:Sites" id="site-form"><fieldset><legend>${mode === 'edit' ? `Edit site ${escapeHtml(form?.globalId ?? '')}` : 'Add a site'}</legend>
<input type="hidden" name="mode" value="${mode}">
<p>${input('globalId', 'Global id', 12)} ${input('group', 'Group', 12)} ${input('language', 'Language', 4)}</p>
<p>${input('pagePath', 'Page path (with $1)', 40)}</p><p>${input('filePath', 'File path (with $1)', 40)}</p>
<p>${input('interwikiIds', 'Interwiki ids', 12)} ${input('navigationIds', 'Navigation ids', 12)} <button type="submit">Save site</button> ${mode === 'edit' ? link('/wiki/Special:Sites', 'cancel') : ''}</p>
<p class="hint">Saved with the plugin's CLI (<code>fastify-wikibase sites add</code> / <code>sites import</code>): the plugin has no HTTP route that writes sites.</p>
</fieldset></form>`
  }, status)
}
