import { unconnectedPages } from '../engine/link-store.js'
import { NS_MAIN, pageUrl, prefixedText } from '../engine/titles.js'
import { escapeHtml } from '../engine/wikitext-renderer.js'
import { integerParam } from './request-numbers.js'
import { field, renderPage, type SpecialPage, type UiContext } from './ui-context.js'

/** QueryPage's paging: 50 by default, at most 500, offsets up to 10000 (MediaWiki's miser-mode cap). */
const DEFAULT_LIMIT = 50
const MAX_LIMIT = 500
const MAX_OFFSET = 10_000
const LIMITS = [20, 50, 100, 250, 500]
/** The namespaces whose pages get connected to items (the plugin connects main-namespace pages). */
const WIKIBASE_NAMESPACES: ReadonlyArray<[number, string]> = [[NS_MAIN, '(Main)']]

/**
 * Client: Special:UnconnectedPages (Wikibase's SpecialUnconnectedPages) — pages that should be
 * connected to a repo item and are not: those the plugin marked `unexpectedUnconnectedPage` at
 * their last parse (a page with `__EXPECTED_UNCONNECTED_PAGE__` is not marked), redirects left
 * out. `namespace` filters (one of the Wikibase namespaces, else every one), `limit` and
 * `offset` page through the list. A value that is no number is refused naming it.
 */
export function unconnectedPagesSpecialPage (ctx: UiContext): SpecialPage {
  return {
    name: 'UnconnectedPages',
    description: 'Pages not connected to an item of the repo',
    get: async (request, reply) => {
      const query = request.query
      const bad = (name: string, why: string): Promise<unknown> => renderPage(ctx, reply, 'list', {
        pageTitle: 'Pages not connected to items', error: `Bad value for “${name}”: ${why}.`, items: []
      }, 400)
      const nsText = field(query, 'namespace')
      const namespace = nsText === '' || nsText === 'all' ? null : integerParam(nsText, { min: 0, max: 10_000 })
      if (nsText !== '' && nsText !== 'all' && namespace === null) return await bad('namespace', 'a namespace number or “all”')
      const limitText = field(query, 'limit')
      const limit = limitText === '' ? DEFAULT_LIMIT : integerParam(limitText, { min: 1, max: MAX_LIMIT })
      if (limit === null) return await bad('limit', `a number from 1 to ${MAX_LIMIT}`)
      const offsetText = field(query, 'offset')
      const offset = offsetText === '' ? 0 : integerParam(offsetText, { min: 0, max: MAX_OFFSET })
      if (offset === null) return await bad('offset', `a number from 0 to ${MAX_OFFSET}`)
      // One row more than shown says whether there is a next page.
      const rows = await unconnectedPages(ctx.wiki.db.pool, ctx.wiki.db, { namespace, limit: limit + 1, offset })
      const shown = rows.slice(0, limit)
      const items = shown.map(row => {
        const title = { namespace: row.page_namespace, dbKey: row.page_title }
        return `<a href="${escapeHtml(pageUrl(title))}">${escapeHtml(prefixedText(title))}</a>`
      })
      const here = (o: { offset: number, limit: number }): string =>
        pageUrl('Special:UnconnectedPages', { ...(namespace === null ? {} : { namespace }), limit: o.limit, offset: o.offset })
      const prev = offset > 0
        ? `<a href="${escapeHtml(here({ offset: Math.max(0, offset - limit), limit }))}" rel="prev">previous ${limit}</a>`
        : `previous ${limit}`
      const next = rows.length > limit && offset + limit <= MAX_OFFSET
        ? `<a href="${escapeHtml(here({ offset: offset + limit, limit }))}" rel="next">next ${limit}</a>`
        : `next ${limit}`
      const sizes = LIMITS.map(n => `<a href="${escapeHtml(here({ offset, limit: n }))}">${n}</a>`).join(' | ')
      const selected = namespace === null ? 'all' : String(namespace)
      const options = [['all', 'all'], ...WIKIBASE_NAMESPACES.map(([ns, name]) => [String(ns), name])]
        .map(([value, name]) => `<option value="${escapeHtml(value!)}"${selected === value ? ' selected' : ''}>${escapeHtml(name!)}</option>`)
        .join('')
      const form = '<form method="get" action="/wiki/Special:UnconnectedPages" id="unconnected-pages-form">' +
        `<label>Namespace: <select name="namespace">${options}</select></label> ` +
        `<input type="hidden" name="limit" value="${limit}"> <button>Go</button></form>`
      const paging = `<p class="paging">View (${prev} | ${next}) (${sizes})</p>`
      return await renderPage(ctx, reply, 'list', {
        pageTitle: 'Pages not connected to items',
        intro: '<p>Pages of this wiki that are not connected to an item of the repo. A page that should stay unconnected ' +
          'says <code>__EXPECTED_UNCONNECTED_PAGE__</code>.</p>',
        form: form + (shown.length > 0 ? `<p>Showing up to ${limit} results in range #${offset + 1} to #${offset + shown.length}.</p>` : '') + paging,
        items,
        empty: 'There are no unconnected pages.'
      })
    }
  }
}
