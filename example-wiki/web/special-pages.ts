import type { FastifyReply, FastifyRequest } from 'fastify'
import { listPages } from '../engine/page-store.js'
import { listRecentChanges } from '../engine/recent-changes-store.js'
import { NS_ITEM, NS_MAIN, NS_PROPERTY, NS_TEMPLATE, pageUrl, prefixedText, tryParseTitle } from '../engine/titles.js'
import { escapeHtml } from '../engine/wikitext-renderer.js'
import { callPlugin, errorMessage, REST_BASE } from './plugin-api.js'
import { field, renderPage, type SpecialPage, type UiContext } from './ui-context.js'
import { postSiteForm, sitesPage } from './special-sites.js'
import { currentUser } from './request-user.js'
import { userCan } from '../engine/user-rights.js'
import { goToLinkedPage } from './go-to-linked-page.js'
import { changesListLines } from './changes-list.js'
import { wikibaseFilterFor } from './watchlist-pages.js'
import { entityPageSpecial } from './entity-page-special.js'
import { linkItemSpecial } from './link-item-special.js'
import { entityLabels } from './entity-view.js'
import { integerParam, MAX_ID } from './request-numbers.js'
import { pagesWithBadgesPage } from './special-pages-with-badges.js'

const link = (href: string, text: string): string => `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`

export function coreSpecialPages (ctx: UiContext): SpecialPage[] {
  const pages: SpecialPage[] = [
    {
      name: 'RecentChanges',
      description: 'Recent changes of this wiki, with repo changes (toggle to hide them)',
      get: async (request, reply) => {
        const query = request.query as Record<string, string>
        const limit = Math.min(integerParam(field(query, 'limit'), { min: 1, max: MAX_ID }) ?? 50, 500)
        const filter = await wikibaseFilterFor(ctx, request, 'RecentChanges')
        const changes = await listRecentChanges(ctx.wiki.db.pool, ctx.wiki.db, { limit, hideExternal: filter.hide })
        return await renderPage(ctx, reply, 'recentchanges', {
          pageTitle: 'Recent changes',
          offerToggle: filter.offered,
          repoId: ctx.repoId,
          hideExternal: filter.hide,
          linkFor: (change: Record<string, number>) => pageUrl('Special:RecentChanges', { limit, hidewikidata: filter.hide ? 1 : 0, ...change }),
          changes: await changesListLines(ctx, changes)
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
          for (const page of await listPages(ctx.wiki.db.pool, ctx.wiki.db, ns)) {
            items.push(link(pageUrl({ namespace: ns, dbKey: page.page_title }), prefixedText({ namespace: ns, dbKey: page.page_title })))
          }
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
      description: 'The sites this wiki knows (list, add, edit; sysops only)',
      get: async (request, reply) => await mayManageSites(ctx, request, reply) ?? await sitesPage(ctx, request, reply),
      post: async (request, reply) => await mayManageSites(ctx, request, reply) ?? await postSiteForm(ctx, request, reply, currentUser(request))
    },
    // Every wiki of the farm is a client (repowiki too).
    pagesWithBadgesPage(ctx)
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
              rows: [[
                s.numberOfChanges, s.numberOfEntities, s.undispatchedChanges, s.stalestTime ?? '—', s.freshestTime ?? '—', `${Math.round(s.oldestAgeSeconds)} s`
              ].map(v => escapeHtml(String(v)))] },
            { caption: 'Clients', head: ['Client', 'Pending changes', 'Lag', 'Last delivery', 'Delivered in total'],
              rows: s.clients.map((c: any) => [
                escapeHtml(c.siteId), c.pendingChanges, `${Math.round(c.lagSeconds)} s`, escapeHtml(c.lastDelivery ?? '—'), c.deliveredTotal
              ].map(String)),
              empty: 'No clients.' },
            { caption: 'Entities with pending changes (oldest first)', head: ['Entity', 'Changes', 'Oldest age'],
              rows: s.entities.map((e: any) => [
                link(pageUrl(`Item:${e.entityId}`), e.entityId), String(e.changes), `${Math.round(e.oldestAgeSeconds)} s`
              ]),
              empty: 'Nothing pending.' }
          ],
          outro: `<p class="meta">From <a href="${escapeHtml(`${ctx.routePrefix}/wikibase/dispatch-stats`)}">` +
            `${escapeHtml(`${ctx.routePrefix}/wikibase/dispatch-stats`)}</a> (JSON) · ` +
            `<a href="${escapeHtml(`${ctx.routePrefix}/wikibase/metrics`)}">metrics</a></p>`
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
          const got = await callPlugin<{ ids: string[] }>(ctx.app, 'GET',
            `${ctx.routePrefix}${REST_BASE}/entities/${kind}?limit=200${kind === 'items' && after > 0 ? `&after=${after}` : ''}`)
          if (got.status !== 200) return await renderPage(ctx, reply, 'list', { pageTitle: 'All items', error: errorMessage(got), items: [] }, 502)
          const labels = await entityLabels(ctx, got.body.ids, ctx.wiki.language)
          // As Wikidata lists entity pages: the label (with fallback), then the id.
          for (const id of got.body.ids) {
            const label = labels.get(id)
            items.push(link(pageUrl(`${kind === 'items' ? 'Item' : 'Property'}:${id}`), label ?? id) +
              (label === undefined ? '' : ` <span class="wb-itemlink-id">(${escapeHtml(id)})</span>`))
          }
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
  if (ctx.isRepo) pages.push(goToLinkedPage(ctx), entityPageSpecial(ctx), linkItemSpecial(ctx))
  return pages
}

/** Null when the visitor holds `managesites` (sysops), else the 403 page already sent. */
async function mayManageSites (ctx: UiContext, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | null> {
  const user = currentUser(request)
  if (await userCan(ctx.wiki.db, user, 'managesites')) return null
  return await renderPage(ctx, reply, 'list', {
    pageTitle: 'Permission error',
    error: `Special:Sites is for administrators: it needs the right “managesites” (group sysop)${user.anonymous ? '. Log in first (Special:UserLogin).' : '.'}`,
    items: []
  }, 403)
}
