import { escapeHtml } from '../engine/wikitext-renderer.js'
import { callPlugin, REST_BASE } from './plugin-api.js'
import { knownSites } from './site-urls.js'
import { field, renderPage, type SpecialPage, type UiContext } from './ui-context.js'

/**
 * Special:GoToLinkedPage/<site>/<item> (Wikibase repo's SpecialGoToLinkedPage): redirects to
 * the page the item links on that site, through the site's page URL in the sites table — so a
 * link to it stays right when the farm's ports change. Without both parts it shows its form;
 * an unknown item, site or sitelink is a 404 that says which.
 */
export function goToLinkedPage (ctx: UiContext): SpecialPage {
  const form = (site: string, item: string): string => `<form method="get" action="/wiki/Special:GoToLinkedPage"><p>
<label>Site id <input name="site" value="${escapeHtml(site)}" size="12" placeholder="enwiki"></label>
<label>Item id <input name="itemid" value="${escapeHtml(item)}" size="10" placeholder="Q64"></label> <button>Go</button></p></form>`
  return {
    name: 'GoToLinkedPage',
    description: 'Go to the page an item links on a site',
    get: async (request, reply, subpage) => {
      const [subSite = '', subItem = ''] = subpage.split('/')
      const site = (field(request.query, 'site') || subSite).trim()
      const item = (field(request.query, 'itemid') || subItem).trim().toUpperCase()
      const fail = async (error: string | undefined, status: number): Promise<unknown> =>
        await renderPage(ctx, reply, 'list', { pageTitle: 'Go to linked page', error, items: [], empty: '', form: form(site, item) }, status)
      if (site === '' || item === '') return await fail(undefined, 200)
      if (!/^Q[1-9][0-9]*$/.test(item)) return await fail(`“${item}” is not an item id.`, 400)
      const got = await callPlugin<{ title: string }>(ctx.app, 'GET',
        `${ctx.routePrefix}${REST_BASE}/entities/items/${item}/sitelinks/${encodeURIComponent(site)}`)
      // The repo answers 400 invalid-path-parameter (site_id) for a site its sites table lacks.
      if (got.status === 400) return await fail(`The repo does not know the site “${site}”.`, 404)
      if (got.status !== 200) {
        return await fail(got.status === 404
          ? `${item} has no sitelink to “${site}”, or there is no item ${item}.`
          : `The repo answered HTTP ${got.status}.`, 404)
      }
      const url = (await knownSites(ctx)).byId.get(site)?.pageUrl(got.body.title) ?? null
      if (url === null) return await fail(`The site “${site}” is not in this wiki's sites table.`, 404)
      return await reply.redirect(url, 302)
    }
  }
}
