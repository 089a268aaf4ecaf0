import type { EditPageRequest, PageServiceFailure, ParsedPage, ParsePageRequest, SavedPageEdit } from '../../hooks/contract.js'
import { escapeHtml } from '../../plugin/action-api/api-errors.js'
import { parseTitleText, prefixedText, type PageRow } from './test-host-tables.js'
import type { TestHost } from './test-host.js'

/**
 * The test host's `parsePage` and `editPage` (hooks/page-services.ts): its parse (parser
 * functions expanded) escaped into `<div class="mw-parser-output"><p>…</p></div>`, `[[links]]`
 * and `{{templates}}` listed; summaries with `/* autocomment *\/` shown as MediaWiki's
 * `<span class="autocomment">`; edits saved with `TestHost.save`, each revision stamped with
 * the time it was saved (the conflict checks of `basetimestamp` / `starttimestamp`).
 */
export function summaryHtml (summary: string): string {
  return summary.split(/(\/\*.*?\*\/)/).filter(part => part !== '').map(part => {
    const auto = /^\/\*\s*(.*?)\s*\*\/$/.exec(part)
    return auto === null ? escapeHtml(part) : `<span dir="auto"><span class="autocomment">${escapeHtml(auto[1]!)}: </span></span>`
  }).join('')
}

async function pageOf (host: TestHost, request: { title?: string, pageId?: number }): Promise<PageRow | null | 'invalid'> {
  if (request.pageId !== undefined) return (await host.tables.pageRows(host.tables.pool, [request.pageId]))[0] ?? null
  const title = request.title ?? ''
  if (title.trim() === '' || /[<>[\]{}|#]/.test(title)) return 'invalid'
  return await host.tables.findPage(host.tables.pool, parseTitleText(title))
}

const titleLinks = async (host: TestHost, names: string[], namespace?: number): Promise<Array<{ ns: number, title: string, exists: boolean }>> => {
  const out = []
  for (const name of [...new Set(names)]) {
    const parsed = parseTitleText(namespace === undefined ? name : `Template:${name}`)
    const exists = await host.tables.findPage(host.tables.pool, parsed) !== null
    out.push({ ns: parsed.namespace, title: prefixedText(parsed), exists })
  }
  return out
}

export async function parseTestPage (host: TestHost, request: ParsePageRequest): Promise<ParsedPage | PageServiceFailure> {
  const summaryOnly = request.text === undefined && request.pageId === undefined && request.summary !== undefined
  const row = summaryOnly && request.title === undefined ? null : await pageOf(host, request)
  if (row === 'invalid') return { error: 'invalidtitle', info: `Bad title "${request.title ?? ''}".` }
  const parsedsummary = request.summary === undefined ? {} : { parsedsummary: summaryHtml(request.summary) }
  const title = row === null ? prefixedText(parseTitleText(request.title ?? 'API')) : prefixedText({ namespace: row.page_namespace, title: row.page_title })
  if (summaryOnly) return { title, pageid: row?.page_id ?? 0, revid: 0, ...parsedsummary }
  if (request.text === undefined && row === null) {
    return request.pageId === undefined ? { error: 'missingtitle' } : { error: 'nosuchpageid', info: `There is no page with ID ${request.pageId}.` }
  }
  const wikitext = request.text ?? row?.page_text ?? ''
  const record = { id: (row?.page_id ?? 0) as never, namespace: row?.page_namespace ?? 0, title: row?.page_title ?? title, latestRevisionId: row?.page_latest ?? 0, length: 0, contentLanguage: 'en' }
  const parsed = await host.parse(record, wikitext)
  return {
    title,
    pageid: row?.page_id ?? 0,
    revid: request.text === undefined ? row?.page_latest ?? 0 : 0,
    text: `<div class="mw-parser-output"><p>${escapeHtml(parsed.text)}</p></div>`,
    displaytitle: title,
    langlinks: parsed.output.languageLinks.map(l => ({ lang: l.language, url: l.url, title: l.title })),
    categories: [],
    links: await titleLinks(host, [...wikitext.matchAll(/\[\[([^\]|#]+)/g)].map(m => m[1]!.trim())),
    templates: await titleLinks(host, [...wikitext.matchAll(/\{\{([^#{}|][^{}|]*)/g)].map(m => m[1]!.trim()), 10),
    properties: Object.fromEntries(parsed.output.pageProps),
    sections: [],
    parsewarnings: parsed.output.warnings,
    wikitext,
    ...parsedsummary
  }
}

export async function editTestPage (host: TestHost, request: EditPageRequest, savedAt: Map<number, Date>): Promise<SavedPageEdit | PageServiceFailure> {
  const row = await pageOf(host, request)
  if (row === 'invalid') return { error: 'invalidtitle', info: `Bad title "${request.title ?? ''}".` }
  if (row === null && request.pageId !== undefined) return { error: 'nosuchpageid', info: `There is no page with ID ${request.pageId}.` }
  if (row !== null && request.createOnly) return { error: 'articleexists' }
  if (row === null && request.noCreate) return { error: 'missingtitle' }
  const last = row === null ? undefined : savedAt.get(row.page_id)
  const conflict = row !== null && (
    (request.baseRevisionId !== undefined && request.baseRevisionId !== row.page_latest) ||
    (request.baseTimestamp !== undefined && last !== undefined && last > request.baseTimestamp))
  if (conflict) return { error: 'editconflict' }
  const current = row?.page_text ?? ''
  const text = request.text ?? `${request.prependtext ?? ''}${current}${request.appendtext ?? ''}`
  const title = row === null ? prefixedText(parseTitleText(request.title!)) : prefixedText({ namespace: row.page_namespace, title: row.page_title })
  if (row !== null && row.page_text === text) return { result: 'Success', pageid: row.page_id, title, contentmodel: 'wikitext', nochange: true }
  const saved = await host.save(title, text)
  const now = new Date(Math.floor(Date.now() / 1000) * 1000)
  savedAt.set(saved.page.id, now)
  return {
    result: 'Success', pageid: saved.page.id, title, contentmodel: 'wikitext', ...(row === null ? { new: true } : {}),
    oldrevid: row?.page_latest ?? 0, newrevid: saved.page.latestRevisionId, newtimestamp: now
  }
}
