import type { EditPageRequest, PageServiceFailure, ParsedLink, ParsedPage, ParsePageRequest, SavedPageEdit } from '../../hooks/contract.js'
import type { PageId } from '../../hooks/ids.js'
import { formatComment } from '../web/comment-formatter.js'
import { clientAutoComment, entityAutoCommentFor } from '../web/autocomment-formatter.js'
import { findPage, loadRevision, pageIdsOf, pagesById, type PageRow } from './page-store.js'
import { NS_ITEM, NS_PROPERTY, pageUrl, prefixedText, tryParseTitle, type Title } from './titles.js'
import { EditConflictError, savePage, type Wiki } from './wiki-engine.js'

/**
 * The engine's `parsePage` and `editPage` (hooks/page-services.ts): the repo's action API
 * answers `action=parse` and `action=edit` on this wiki's pages with them. A parse is the
 * page's latest revision (or the given text) through the wiki's parser; a summary is
 * formatted as the wiki's history shows it (entity autocomments on entity pages). An edit is
 * `savePage` with its conflict check; `basetimestamp` conflicts with a later revision;
 * `starttimestamp` is not checked (the engine keeps no deletion time to compare).
 */
async function target (wiki: Wiki, request: { title?: string, pageId?: number }): Promise<{ title: Title, page: PageRow | null } | PageServiceFailure> {
  if (request.pageId !== undefined) {
    const [page] = await pagesById(wiki.db.pool, wiki.db, [request.pageId])
    if (page === undefined) return { error: 'nosuchpageid', info: `There is no page with ID ${request.pageId}.` }
    return { title: { namespace: page.page_namespace, dbKey: page.page_title }, page }
  }
  const title = tryParseTitle(request.title ?? '')
  if (title === null) return { error: 'invalidtitle', info: `Bad title "${request.title ?? ''}".` }
  return { title, page: await findPage(wiki.db.pool, wiki.db, title) }
}

async function linksOf (wiki: Wiki, titles: readonly Title[]): Promise<ParsedLink[]> {
  const unique = [...new Map(titles.map(t => [`${t.namespace}:${t.dbKey}`, t])).values()]
  const existing = await pageIdsOf(wiki.db.pool, wiki.db, unique)
  return unique.map(t => ({ ns: t.namespace, title: prefixedText(t), exists: existing.has(`${t.namespace}:${t.dbKey}`) }))
}

function summaryHtml (title: Title, summary: string): string {
  const entityType = title.namespace === NS_ITEM ? 'item' : title.namespace === NS_PROPERTY ? 'property' : null
  const autocomment = entityType === null ? clientAutoComment : entityAutoCommentFor(entityType)
  return formatComment(summary, { autocomment, pageUrl: t => pageUrl(t), sectionUrl: s => `${pageUrl(title)}#${encodeURIComponent(s.replaceAll(' ', '_'))}` })
}

export async function parseWikiPage (wiki: Wiki, request: ParsePageRequest): Promise<ParsedPage | PageServiceFailure> {
  const found = await target(wiki, request)
  if ('error' in found) return found
  const { title, page } = found
  const summary = request.summary === undefined ? {} : { parsedsummary: summaryHtml(title, request.summary) }
  const head = { title: prefixedText(title), pageid: page?.page_id ?? 0 }
  if (request.text === undefined && request.pageId === undefined && request.summary !== undefined) return { ...head, revid: 0, ...summary }
  if (request.text === undefined && page === null) return { error: 'missingtitle' }
  const revision = request.text === undefined && page !== null ? await loadRevision(wiki.db.pool, wiki.db, page.page_latest) : null
  const wikitext = request.text ?? revision?.rev_text ?? ''
  const ref = { id: (page?.page_id ?? 0) as PageId, namespace: title.namespace, title: title.dbKey }
  const result = await wiki.parser.parse(ref, page?.page_lang ?? wiki.language, wikitext)
  return {
    ...head,
    revid: revision?.rev_id ?? 0,
    text: result.html,
    displaytitle: prefixedText(title),
    langlinks: result.output.languageLinks.map(l => ({ lang: l.language, url: l.url, title: l.title })),
    categories: [],
    links: await linksOf(wiki, result.links),
    templates: await linksOf(wiki, result.templates),
    properties: Object.fromEntries(result.output.pageProps),
    sections: [],
    parsewarnings: result.output.warnings,
    wikitext,
    ...summary
  }
}

export async function editWikiPage (wiki: Wiki, request: EditPageRequest): Promise<SavedPageEdit | PageServiceFailure> {
  const found = await target(wiki, request)
  if ('error' in found) return found
  const { title, page } = found
  if (page !== null && request.createOnly) return { error: 'articleexists' }
  if (page === null && request.noCreate) return { error: 'missingtitle' }
  const latest = page === null ? null : await loadRevision(wiki.db.pool, wiki.db, page.page_latest)
  if (latest !== null && request.baseTimestamp !== undefined && Math.floor(latest.rev_timestamp.getTime() / 1000) * 1000 > request.baseTimestamp.getTime()) {
    return { error: 'editconflict' }
  }
  const text = request.text ?? `${request.prependtext ?? ''}${latest?.rev_text ?? ''}${request.appendtext ?? ''}`
  const head = { result: 'Success' as const, title: prefixedText(title), contentmodel: 'wikitext' }
  if (latest !== null && page !== null && latest.rev_text === text) return { ...head, pageid: page.page_id, nochange: true }
  try {
    const saved = await savePage(wiki, {
      title, text, comment: request.summary, user: { ...request.user, bot: request.bot }, minor: request.minor,
      // Without baserevid the edit is based on the revision read above: a save in between is a conflict.
      baseRevisionId: request.baseRevisionId ?? page?.page_latest ?? 0
    })
    return {
      ...head, pageid: saved.page.page_id, ...(page === null ? { new: true } : {}),
      oldrevid: page?.page_latest ?? 0, newrevid: saved.revision.rev_id, newtimestamp: saved.revision.rev_timestamp
    }
  } catch (error) {
    if (error instanceof EditConflictError) return { error: 'editconflict' }
    throw error
  }
}
