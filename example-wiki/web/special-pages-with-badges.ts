import type { FastifyReply, FastifyRequest } from 'fastify'
import { pagesWithProp } from '../engine/link-store.js'
import { pageUrl, prefixedText } from '../engine/titles.js'
import { escapeHtml } from '../engine/wikitext-renderer.js'
import { field, renderPage, type SpecialPage, type UiContext } from './ui-context.js'
import { integerParam } from './request-numbers.js'
import { repoLabels } from './repo-labels.js'
import { wikibaseInternals } from '../../plugin/facade.js'

const DEFAULT_LIMIT = 50
const MAX_LIMIT = 500
/** Deepest offset a request may ask for: paging further is a full scan for nothing. */
const MAX_OFFSET = 100_000

/**
 * Special:PagesWithBadges (Wikibase's client/includes/Specials/SpecialPagesWithBadges.php):
 * pick one of the badges this wiki names in `badgeClassNames` (offered by their repo labels),
 * see the pages whose own sitelink has it (page prop `wikibase-badge-<id>`), paged by
 * `limit`/`offset`. The badge comes as `?badge=Q…` or as the subpage. A badge that is not
 * configured is refused with 400 naming it.
 */
export function pagesWithBadgesPage (ctx: UiContext): SpecialPage {
  return {
    name: 'PagesWithBadges',
    description: 'Pages whose sitelink has a given badge',
    get: async (request: FastifyRequest, reply: FastifyReply, subpage: string) => {
      const badges = Object.keys(wikibaseInternals(ctx.app).options.client.badgeClassNames).sort()
      const repoUrl = ctx.farm().find(w => w.siteId === ctx.repoId)?.url ?? null
      const labels = badges.length === 0 ? new Map<string, string>() : await repoLabels(repoUrl, badges, ctx.wiki.language)
      const badge = (field(request.query, 'badge') || subpage).trim()
      const limit = integerParam(field(request.query, 'limit') || String(DEFAULT_LIMIT), { min: 1, max: MAX_LIMIT })
      const offset = integerParam(field(request.query, 'offset') || '0', { min: 0, max: MAX_OFFSET })
      const options = badges.map(id => {
        const selected = id === badge ? ' selected' : ''
        return `<option value="${escapeHtml(id)}"${selected}>${escapeHtml(labels.get(id) ?? id)} (${escapeHtml(id)})</option>`
      }).join('')
      const form = '<form method="get" action="/wiki/Special:PagesWithBadges" class="pages-with-badges">' +
        `<label>Badge <select name="badge" id="wb-pageswithbadges-badge">${options}</select></label> <button>Show</button></form>`
      const base = { pageTitle: 'Pages with badges', form, items: [] as string[] }
      if (badges.length === 0) {
        return await renderPage(ctx, reply, 'list', { ...base, form: '', empty: 'This wiki names no badges (client setting badgeClassNames).' })
      }
      if (badge === '') return await renderPage(ctx, reply, 'list', { ...base, empty: 'Pick a badge.' })
      if (!badges.includes(badge)) {
        return await renderPage(ctx, reply, 'list', { ...base, error: `${badge} is not one of this wiki's badges (${badges.join(', ')}).` }, 400)
      }
      if (limit === null || offset === null) {
        return await renderPage(ctx, reply, 'list', { ...base, error: `limit must be 1–${MAX_LIMIT} and offset 0–${MAX_OFFSET}.` }, 400)
      }
      const rows = await pagesWithProp(ctx.wiki.db.pool, ctx.wiki.db, `wikibase-badge-${badge}`, offset, limit)
      const items = rows.slice(0, limit).map(row => {
        const title = { namespace: row.page_namespace, dbKey: row.page_title }
        return `<a href="${escapeHtml(pageUrl(title))}">${escapeHtml(prefixedText(title))}</a>`
      })
      const at = (o: number): string => `/wiki/Special:PagesWithBadges?${new URLSearchParams({ badge, limit: String(limit), offset: String(o) }).toString()}`
      const nav = [
        offset > 0 ? `<a rel="prev" href="${escapeHtml(at(Math.max(0, offset - limit)))}">previous ${limit}</a>` : `previous ${limit}`,
        rows.length > limit ? `<a rel="next" href="${escapeHtml(at(offset + limit))}">next ${limit}</a>` : `next ${limit}`
      ].join(' | ')
      return await renderPage(ctx, reply, 'list', {
        ...base,
        intro: `<p class="paging">(${nav})</p>`,
        items,
        empty: `No pages have the badge ${labels.get(badge) ?? badge}.`
      })
    }
  }
}
