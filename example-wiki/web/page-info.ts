import type { FastifyReply } from 'fastify'
import { escapeHtml } from '../engine/wikitext-renderer.js'
import { findPage } from '../engine/page-store.js'
import { pageProps } from '../engine/link-store.js'
import { pageUrl, prefixedText, type Title } from '../engine/titles.js'
import { renderPage, type UiContext } from './ui-context.js'
import { repoLinkerOf, type RepoLinker } from './repo-linker.js'
import { repoLabels } from './repo-labels.js'

/**
 * `?action=info` of a client page (MediaWiki's InfoAction with Wikibase client's
 * Hooks/InfoActionHookHandler.php): the page's basic facts and, from Wikibase, the connected
 * item (its id, linked to the repo) and the entities the page uses, each with its label
 * (linked to the repo) and its aspects, as the messages `wikibase-pageinfo-entity-usage-<aspect>`
 * name them (`Label: en` for an aspect with a modifier). The usages are read as any reader of
 * the wiki reads them: from its own `api.php` (`prop=wbentityusage`).
 */

/** Aspect keys by entity id, as `prop=wbentityusage` gives them. */
export type UsagesByEntity = ReadonlyMap<string, readonly string[]>
const ASPECT_NAMES: Readonly<Record<string, string>> = {
  S: 'Sitelink', L: 'Label', D: 'Description', A: 'Alias', T: 'Title', C: 'Statement',
  CQR: 'Statement with qualifiers or references', O: 'Other (statements)', X: 'All entity data'
}

/** An aspect key as the info page names it: `S` → `Sitelink`, `L.en` → `Label: en`, `C.P31` → `Statement: P31`. */
export function aspectName (aspectKey: string): string {
  const dot = aspectKey.indexOf('.')
  const aspect = dot === -1 ? aspectKey : aspectKey.slice(0, dot)
  const name = ASPECT_NAMES[aspect] ?? aspect
  return dot === -1 ? name : `${name}: ${aspectKey.slice(dot + 1)}`
}

/** The usages as InfoActionHookHandler lists them: per entity (label linked), its aspects as a nested list; escaped. */
export function entityUsageHtml (byEntity: UsagesByEntity, labels: ReadonlyMap<string, string>, linker: RepoLinker | null): string {
  const items = [...byEntity].map(([id, aspects]) => {
    const text = escapeHtml(labels.get(id) ?? id)
    const link = linker === null ? text : `<a href="${escapeHtml(linker.entityUrl(id))}">${text}</a>`
    return `<li>${link}: <ul>${aspects.map(a => `<li>${escapeHtml(aspectName(a))}</li>`).join('')}</ul></li>`
  })
  return `<ul class="mw-wikibase-pageinfo-entity-usage">${items.join('')}</ul>`
}

function row (id: string, label: string, valueHtml: string): string {
  return `<tr id="${id}"><td>${escapeHtml(label)}</td><td>${valueHtml}</td></tr>`
}

interface UsageAnswer {
  error?: unknown
  continue?: { wbeucontinue?: string }
  query?: { pages?: Array<{ wbentityusage?: Record<string, { aspects: string[] }> }> }
}

/** The page's usages from the wiki's own api.php (all of them: wbeulimit=max, continued); null when the wiki is no client. */
async function pageUsages (ctx: UiContext, pageId: number): Promise<Map<string, string[]> | null> {
  const out = new Map<string, string[]>()
  let from: string | undefined
  for (let round = 0; round < 20; round++) {
    const query = new URLSearchParams({ action: 'query', prop: 'wbentityusage', pageids: String(pageId), wbeulimit: 'max', format: 'json', formatversion: '2' })
    if (from !== undefined) query.set('wbeucontinue', from)
    const response = await ctx.app.inject({ method: 'GET', url: `/w/api.php?${query.toString()}` })
    const body = response.json<UsageAnswer>()
    if (body.error !== undefined) return round === 0 ? null : out
    for (const [id, entry] of Object.entries(body.query?.pages?.[0]?.wbentityusage ?? {})) out.set(id, [...(out.get(id) ?? []), ...entry.aspects])
    from = body.continue?.wbeucontinue
    if (from === undefined) break
  }
  return out
}

export async function pageInfo (ctx: UiContext, reply: FastifyReply, title: Title): Promise<FastifyReply> {
  const { wiki } = ctx
  const page = await findPage(wiki.db.pool, wiki.db, title)
  if (page === null) {
    return await renderPage(ctx, reply, 'list', { pageTitle: `Information for "${prefixedText(title)}"`, error: 'There is no such page.', items: [] }, 404)
  }
  const rows = [
    row('mw-pageinfo-article-id', 'Page ID', String(page.page_id)),
    row('mw-pageinfo-length', 'Page length (in bytes)', String(page.page_len)),
    row('mw-pageinfo-content-language', 'Page content language', escapeHtml(page.page_lang)),
    row('mw-pageinfo-latest', 'Latest revision', `<a href="${escapeHtml(pageUrl(title, { oldid: String(page.page_latest) }))}">${page.page_latest}</a>`)
  ]
  const usages = await pageUsages(ctx, page.page_id)
  if (usages !== null) {
    const linker = repoLinkerOf(ctx)
    const item = (await pageProps(wiki.db.pool, wiki.db, page.page_id)).get('wikibase_item')
    const repoUrl = ctx.farm().find(w => w.siteId === ctx.repoId)?.url ?? null
    const labels = await repoLabels(repoUrl, usages.keys(), page.page_lang)
    if (typeof item === 'string' && /^Q[1-9][0-9]*$/.test(item)) {
      const link = linker === null ? escapeHtml(item) : `<a href="${escapeHtml(linker.entityUrl(item))}">${escapeHtml(item)}</a>`
      rows.push(row('mw-pageinfo-wikibase-item', 'Wikidata item ID', link))
    } else rows.push(row('mw-pageinfo-wikibase-item', 'Wikidata item ID', 'None'))
    if (usages.size > 0) rows.push(row('mw-pageinfo-wikibase-entity-usage', 'Wikidata entities used in this page', entityUsageHtml(usages, labels, linker)))
  }
  return await renderPage(ctx, reply, 'list', {
    pageTitle: `Information for "${prefixedText(title)}"`,
    intro: `<h2 id="Basic_information">Basic information</h2><table class="wikitable mw-page-info">${rows.join('')}</table>`,
    items: [],
    empty: ''
  })
}
