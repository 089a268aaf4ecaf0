import type { FastifyReply, FastifyRequest } from 'fastify'
import { escapeHtml } from '../engine/wikitext-renderer.js'
import { callPlugin } from './plugin-api.js'
import { currentUser } from './request-user.js'
import { knownSites } from './site-urls.js'
import { csrfInput, field, renderPage, type SpecialPage, type UiContext } from './ui-context.js'

/**
 * Special:LinkItem on the repo: where a client page's "Add links" leads (repo-item-link-
 * generator.ts). Wikibase's client widget (wikibase.client.linkitem) asks for a site and a
 * page of another wiki and calls the repo's `wblinktitles` with the client page; this wiki
 * works without JavaScript, so the same dialogue is this form: `site` and `page` name the
 * client page, the visitor picks the other site and its page, and the submit (the wiki's
 * form CSRF check, then the action API's own token, as the visitor) calls `wblinktitles`.
 * Success: to the item's sitelinks; a refusal (`no-external-page`, `common-item`,
 * `no-common-item`, rights) is shown with the form, escaped, as a 400.
 */

const MAX_TITLE = 255

interface LinkForm { site: string, page: string, tosite: string, totitle: string }

function readForm (source: unknown): LinkForm {
  const value = (name: string): string => field(source, name).trim().slice(0, MAX_TITLE * 4)
  return { site: value('site'), page: value('page'), tosite: value('tosite'), totitle: value('totitle') }
}

export function linkItemSpecial (ctx: UiContext): SpecialPage {
  const show = async (request: FastifyRequest, reply: FastifyReply, form: LinkForm, error?: string, status = 200): Promise<FastifyReply> => {
    const sites = [...(await knownSites(ctx)).byId.entries()].filter(([id, site]) => id !== form.site && site.pageUrl('x') !== null).map(([id]) => id).sort()
    const options = sites.map(id => `<option value="${escapeHtml(id)}"${id === form.tosite ? ' selected' : ''}>${escapeHtml(id)}</option>`).join('')
    const html = `<p>Link <b>${escapeHtml(form.page || '?')}</b> on <b>${escapeHtml(form.site || '?')}</b> with a page of another wiki.
The two pages then share one item: a new one when neither is linked yet.</p>
<form method="post" action="/wiki/Special:LinkItem" id="wbc-linkItem">${csrfInput(ctx, request)}
<input type="hidden" name="site" value="${escapeHtml(form.site)}"><input type="hidden" name="page" value="${escapeHtml(form.page)}">
<p><label>Site <select name="tosite" id="wbc-linkItem-site">${options}</select></label>
<label>Page <input name="totitle" id="wbc-linkItem-page" value="${escapeHtml(form.totitle)}" size="30" maxlength="${MAX_TITLE}" required></label>
<button id="wbc-linkItem-submit">Link with page</button></p></form>`
    const data = { pageTitle: 'Link with a page of another wiki', items: [], empty: '', form: html }
    return await renderPage(ctx, reply, 'list', { ...data, ...(error === undefined ? {} : { error }) }, status)
  }
  return {
    name: 'LinkItem',
    description: 'Link a page with a page of another wiki (the client\'s "Add links")',
    get: async (request, reply) => {
      const form = readForm(request.query)
      if (form.site === '' || form.page === '') return await show(request, reply, form, 'Give the page to link: ?site=<site id>&page=<title>.', 400)
      return await show(request, reply, form)
    },
    post: async (request, reply) => {
      const form = readForm(request.body)
      if (form.site === '' || form.page === '' || form.tosite === '' || form.totitle === '') {
        return await show(request, reply, form, 'Name both pages: the site and the page to link with.', 400)
      }
      const user = currentUser(request)
      const api = `${ctx.routePrefix}/w/api.php`
      const tokens = await callPlugin<any>(ctx.app, 'GET', `${api}?action=query&meta=tokens&format=json`, { user })
      const token = tokens.body?.query?.tokens?.csrftoken
      if (typeof token !== 'string') return await show(request, reply, form, 'The repo gave no edit token.', 503)
      const linked = await callPlugin<any>(ctx.app, 'POST', api, {
        user,
        form: { action: 'wblinktitles', format: 'json', fromsite: form.site, fromtitle: form.page, tosite: form.tosite, totitle: form.totitle, token }
      })
      const id = linked.body?.entity?.id
      if (linked.status !== 200 || typeof id !== 'string' || !/^Q[1-9][0-9]*$/.test(id)) {
        const error = linked.body?.error
        const text = typeof error?.info === 'string' ? `${String(error.info)} (${String(error.code)})` : `The repo answered HTTP ${linked.status}.`
        return await show(request, reply, form, `The pages were not linked: ${text}`, 400)
      }
      const group = (await knownSites(ctx)).byId.get(form.site)?.group ?? ''
      return await reply.redirect(`/wiki/Item:${id}${group === '' ? '#sitelinks' : `#sitelinks-${encodeURIComponent(group)}`}`, 303)
    }
  }
}
