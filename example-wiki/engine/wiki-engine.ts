import type { FastifyBaseLogger } from 'fastify'
import type pg from 'pg'
import type { ClientHostServices, HostUser, PageRecord, PageRef, RecentChange, RepoHostServices, UpdateCause, WikiHost } from '../../hooks/contract.js'
import type { PageId } from '../../hooks/ids.js'
import {
  deletedPageId, deletePageRow, findPage, insertPage, insertRevision, loadRevision, pageIdsOf, pagesById, renamePage, restorePageRow, setLatestRevision,
  toPageRecord, touchPage, type PageRow, type RevisionRow
} from './page-store.js'
import { insertRecentChange, type NewRecentChange, type RecentChangeRow } from './recent-changes-store.js'
import { deleteLinks, pagesLinkingTo, pagesTranscluding, replaceLinks } from './link-store.js'
import { cachedRender, purgeRenders, purgeRendersByTags, renderLanguageKey, tagRenders, storeRender, type RenderedPage } from './render-cache.js'
import { NS_SPECIAL, NS_TEMPLATE, prefixedText, type Title } from './titles.js'
import { WikiParser, type ParseResult } from './wiki-parser.js'
import { inTransaction, type WikiDb } from './wiki-db.js'
import { pageViewRefresh, type PageRefreshState } from './page-refresh-state.js'

/** One wiki of the farm: its database, hook bus and services, and parser. */
export interface Wiki {
  siteId: string
  language: string
  db: WikiDb
  host: WikiHost<ClientHostServices & RepoHostServices>
  parser: WikiParser
  log: FastifyBaseLogger
  /** The plugin's view of page refreshes (page-refresh-state.ts); set once it is registered. */
  refreshState?: PageRefreshState
}

export class EditConflictError extends Error {
  constructor (readonly title: Title, readonly baseRevisionId: number, readonly latestRevisionId: number) {
    super(`edit conflict on ${title.dbKey}: based on revision ${baseRevisionId}, latest is ${latestRevisionId}`)
  }
}

export class PageNotFoundError extends Error {
  constructor (readonly title: Title) {
    super(`no page ${title.dbKey} in namespace ${title.namespace}`)
  }
}

/** A move onto a title that already has a page. */
export class PageExistsError extends Error {
  constructor (readonly title: Title) {
    super(`a page ${title.dbKey} already exists`)
  }
}

const pageRef = (row: PageRow): PageRef => ({ id: row.page_id as PageId, namespace: row.page_namespace, title: row.page_title })

async function templateText (wiki: Wiki, title: Title): Promise<string | null> {
  const page = await findPage(wiki.db.pool, wiki.db, title)
  if (page === null) return null
  return (await loadRevision(wiki.db.pool, wiki.db, page.page_latest))?.rev_text ?? null
}

export function parserSources (wiki: Pick<Wiki, 'db'>): ConstructorParameters<typeof WikiParser>[1] {
  return {
    templateText: async title => await templateText(wiki as Wiki, title),
    // Special pages have no page rows; links to them are blue (MediaWiki's known titles).
    existing: async titles => new Set([
      ...(await pageIdsOf(wiki.db.pool, wiki.db, titles)).keys(),
      ...titles.filter(t => t.namespace === NS_SPECIAL).map(t => `${t.namespace}:${t.dbKey}`)
    ])
  }
}

/**
 * Parse + LinksUpdate in `tx`: link tables rewritten, then LinksUpdateComplete fired in the same
 * transaction, then the fresh rendering cached.
 */
async function parseAndUpdateLinks (wiki: Wiki, tx: pg.PoolClient, page: PageRow, text: string): Promise<ParseResult> {
  const result = await wiki.parser.parse(pageRef(page), page.page_lang, text)
  await replaceLinks(tx, wiki.db, page.page_id, result)
  await wiki.host.hooks.callHook('LinksUpdateComplete', toPageRecord(page), result.output, tx)
  await storeRender(tx, wiki.db, page.page_id, {
    revisionId: page.page_latest, html: result.html, languageLinks: result.output.languageLinks, otherProjects: result.output.otherProjects ?? [],
    warnings: result.output.warnings
  }, renderLanguageKey(result.output, page.page_lang))
  return result
}

/** Saves a recentchanges row and fires RecentChangeSave in the same transaction. */
export async function saveRecentChange (wiki: Wiki, tx: pg.PoolClient, row: NewRecentChange): Promise<RecentChangeRow> {
  const saved = await insertRecentChange(tx, wiki.db, row)
  await wiki.host.hooks.callHook('RecentChangeSave', saved as RecentChange, tx)
  return saved
}

export interface PageEdit {
  title: Title
  text: string
  comment: string
  user: HostUser
  minor?: boolean
  /** The revision the editor started from (0 for a new page); a newer latest revision is a conflict. */
  baseRevisionId?: number
}

export interface SavedEdit {
  page: PageRow
  revision: RevisionRow
  recentChange: RecentChangeRow | null
  parse: ParseResult
}

/**
 * An edit in one transaction: page row (locked), revision, recentchanges row +
 * RecentChangeSave, links update + LinksUpdateComplete, cached rendering. A null edit (same
 * text) saves nothing. Afterwards pages that transclude an edited template are re-parsed.
 */
export async function savePage (wiki: Wiki, edit: PageEdit): Promise<SavedEdit> {
  const saved = await inTransaction(wiki.db, async tx => {
    const existing = await findPage(tx, wiki.db, edit.title, { forUpdate: true })
    if (existing !== null && edit.baseRevisionId !== undefined && edit.baseRevisionId !== existing.page_latest) {
      throw new EditConflictError(edit.title, edit.baseRevisionId, existing.page_latest)
    }
    const previous = existing === null ? null : await loadRevision(tx, wiki.db, existing.page_latest)
    if (existing !== null && previous !== null && previous.rev_text === edit.text) {
      return { page: existing, revision: previous, recentChange: null, parse: await parseAndUpdateLinks(wiki, tx, existing, edit.text), created: false }
    }
    const page = existing ?? await insertPage(tx, wiki.db, edit.title, wiki.language)
    const revision = await insertRevision(tx, wiki.db, {
      rev_page: page.page_id, rev_parent_id: page.page_latest, rev_user: edit.user.id, rev_user_text: edit.user.name,
      rev_comment: edit.comment, rev_minor: edit.minor ?? false, rev_len: Buffer.byteLength(edit.text), rev_text: edit.text
    })
    const updated = await setLatestRevision(tx, wiki.db, page.page_id, revision)
    const recentChange = await saveRecentChange(wiki, tx, {
      rc_timestamp: revision.rev_timestamp, rc_namespace: updated.page_namespace, rc_title: updated.page_title, rc_cur_id: updated.page_id,
      rc_this_oldid: revision.rev_id, rc_last_oldid: revision.rev_parent_id, rc_user: edit.user.id, rc_user_text: edit.user.name,
      rc_comment: edit.comment, rc_bot: edit.user.bot, rc_minor: edit.minor ?? false, rc_source: existing === null ? 'mw.new' : 'mw.edit',
      rc_patrolled: 0, rc_old_len: existing?.page_len ?? 0, rc_new_len: revision.rev_len, rc_log_type: null, rc_log_action: null, rc_params: null
    })
    const parse = await parseAndUpdateLinks(wiki, tx, updated, edit.text)
    return { page: updated, revision, recentChange, parse, created: existing === null }
  })
  const dependants = [
    ...(saved.page.page_namespace === NS_TEMPLATE && saved.recentChange !== null ? await pagesTranscluding(wiki.db.pool, wiki.db, edit.title) : []),
    ...(saved.created ? await pagesLinkingTo(wiki.db.pool, wiki.db, edit.title) : [])
  ]
  await refreshPageIds(wiki, dependants, { action: 'edit', agent: 'example-wiki' })
  return saved
}

async function refreshPageIds (wiki: Wiki, ids: number[], cause: UpdateCause): Promise<void> {
  if (ids.length === 0) return
  const pages = await pagesById(wiki.db.pool, wiki.db, [...new Set(ids)])
  await refreshLinks(wiki, pages.map(pageRef), cause)
}

/** RefreshLinks: re-parse each page's latest revision and update its links, one transaction per page. */
export async function refreshLinks (wiki: Wiki, pages: readonly PageRef[], cause: UpdateCause): Promise<void> {
  for (const ref of pages) {
    await inTransaction(wiki.db, async tx => {
      const [page] = await pagesById(tx, wiki.db, [ref.id])
      if (page === undefined) return
      const revision = await loadRevision(tx, wiki.db, page.page_latest)
      if (revision === null) return
      await touchPage(tx, wiki.db, page.page_id)
      await parseAndUpdateLinks(wiki, tx, page, revision.rev_text)
    })
    wiki.log.debug({ page: ref, cause }, 'example-wiki: links refreshed')
  }
}

/** Purge by cache tag (the optional host service purgeCacheTags): drop the renderings that carry one. */
export async function purgeCacheTags (wiki: Wiki, tags: readonly string[], cause: UpdateCause): Promise<number> {
  const purged = await purgeRendersByTags(wiki.db.pool, wiki.db, tags)
  wiki.log.debug({ tags: tags.length, purged, cause }, 'example-wiki: cache tags purged')
  return purged
}

/** HTMLCacheUpdate: drop the pages' cached renderings. */
export async function purgeWebCache (wiki: Wiki, pages: readonly PageRef[], cause: UpdateCause): Promise<number> {
  const purged = await purgeRenders(wiki.db.pool, wiki.db, pages.map(p => p.id))
  wiki.log.debug({ pages: pages.length, purged, cause }, 'example-wiki: web cache purged')
  return purged
}

export interface PageView {
  page: PageRow
  revision: RevisionRow
  rendered: RenderedPage
  fromCache: boolean
  /** A change's links refresh of the page is still pending (client.pendingRefreshView). */
  refreshPending: boolean
}

/**
 * The page's latest (or an old) revision rendered for a user of `userLanguage` (default: the
 * page's language); the latest comes from the cache when it can. A fresh rendering of the
 * latest revision is cached, then ParserCacheSaveComplete fires (after the write, outside any
 * transaction), so the plugin can add the usages this rendering found.
 */
export async function viewPage (wiki: Wiki, title: Title, oldId?: number, userLanguage?: string): Promise<PageView | null> {
  const page = await findPage(wiki.db.pool, wiki.db, title)
  if (page === null) return null
  const revId = oldId ?? page.page_latest
  const revision = await loadRevision(wiki.db.pool, wiki.db, revId)
  if (revision === null || revision.rev_page !== page.page_id) return null
  const language = userLanguage ?? page.page_lang
  const refresh = await pageViewRefresh(wiki.refreshState, page.page_id)
  if (oldId === undefined && !refresh.renderFresh) {
    const cached = await cachedRender(wiki.db.pool, wiki.db, page.page_id, revId, language)
    if (cached !== null) {
      if (cached.tags === null && wiki.refreshState !== undefined) await tagRenders(wiki.db.pool, wiki.db, page.page_id, refresh.tags)
      return { page, revision, rendered: { ...cached, tags: cached.tags ?? refresh.tags }, fromCache: true, refreshPending: refresh.pending }
    }
  }
  const result = await wiki.parser.parse(pageRef(page), page.page_lang, revision.rev_text, language)
  const rendered = {
    revisionId: revId, html: result.html, languageLinks: result.output.languageLinks, otherProjects: result.output.otherProjects ?? [],
    warnings: result.output.warnings, renderedAt: new Date(), tags: refresh.tags
  }
  if (oldId === undefined) {
    await storeRender(wiki.db.pool, wiki.db, page.page_id, rendered, renderLanguageKey(result.output, language))
    try {
      await wiki.host.hooks.callHook('ParserCacheSaveComplete', pageRef(page), result.output, language)
    } catch (error) {
      // MediaWiki runs it as a deferred update: a failure there never fails the page view.
      wiki.log.warn({ err: error, page: page.page_id }, 'example-wiki: ParserCacheSaveComplete handler failed')
    }
  }
  return { page, revision, rendered, fromCache: false, refreshPending: refresh.pending }
}

/** Preview: parse text as if saved to `title`, without saving anything. */
export async function previewPage (wiki: Wiki, title: Title, text: string): Promise<ParseResult> {
  const page = await findPage(wiki.db.pool, wiki.db, title)
  return await wiki.parser.parse({ id: (page?.page_id ?? 0) as PageId, namespace: title.namespace, title: title.dbKey }, wiki.language, text)
}

/** Deletion: page row and link tables go, a log row is saved, PageDeleteComplete fires, all in one transaction. */
export async function deletePage (wiki: Wiki, title: Title, user: HostUser, comment: string): Promise<PageRecord> {
  const deleted = await inTransaction(wiki.db, async tx => {
    const page = await findPage(tx, wiki.db, title, { forUpdate: true })
    if (page === null) throw new PageNotFoundError(title)
    await deleteLinks(tx, wiki.db, page.page_id)
    await purgeRenders(tx, wiki.db, [page.page_id])
    await deletePageRow(tx, wiki.db, page.page_id)
    await saveRecentChange(wiki, tx, {
      rc_timestamp: new Date(), rc_namespace: page.page_namespace, rc_title: page.page_title, rc_cur_id: page.page_id,
      rc_this_oldid: 0, rc_last_oldid: page.page_latest, rc_user: user.id, rc_user_text: user.name, rc_comment: comment,
      rc_bot: user.bot, rc_minor: false, rc_source: 'mw.log', rc_log_type: 'delete', rc_log_action: 'delete', rc_params: null
    })
    await wiki.host.hooks.callHook('PageDeleteComplete', pageRef(page), tx, { user, reason: comment })
    return page
  })
  await refreshPageIds(wiki, await pagesLinkingTo(wiki.db.pool, wiki.db, title), { action: 'delete', agent: 'example-wiki' })
  return toPageRecord(deleted)
}

/**
 * Move (rename; the page id stays): log row, a redirect left at the old title when asked
 * (MediaWiki's default), PageMoveComplete and a re-parse, in one transaction.
 */
export async function movePage (
  wiki: Wiki, from: Title, to: Title, user: HostUser, comment: string, options: { leaveRedirect?: boolean } = {}
): Promise<PageRecord> {
  const moved = await inTransaction(wiki.db, async tx => {
    const page = await findPage(tx, wiki.db, from, { forUpdate: true })
    if (page === null) throw new PageNotFoundError(from)
    if (await findPage(tx, wiki.db, to) !== null) throw new PageExistsError(to)
    const moved = await renamePage(tx, wiki.db, page.page_id, to)
    await saveRecentChange(wiki, tx, {
      rc_timestamp: new Date(), rc_namespace: page.page_namespace, rc_title: page.page_title, rc_cur_id: page.page_id,
      rc_this_oldid: page.page_latest, rc_last_oldid: page.page_latest, rc_user: user.id, rc_user_text: user.name, rc_comment: comment,
      rc_bot: user.bot, rc_minor: false, rc_source: 'mw.log', rc_log_type: 'move', rc_log_action: 'move',
      rc_params: { target: { namespace: to.namespace, title: to.dbKey }, ...(options.leaveRedirect === false ? { noredir: '1' } : {}) }
    })
    const redirect = options.leaveRedirect === false ? null : await leaveRedirect(wiki, tx, from, to, user, comment)
    await wiki.host.hooks.callHook('PageMoveComplete', pageRef(page), pageRef(moved), tx,
      { user, reason: comment, redirectPageId: redirect === null ? null : redirect.page_id as PageId })
    const revision = await loadRevision(tx, wiki.db, moved.page_latest)
    if (revision !== null) await parseAndUpdateLinks(wiki, tx, moved, revision.rev_text)
    return moved
  })
  // Pages linking to either title: the old one turns blue-to-redirect or red, the new one blue.
  await refreshPageIds(wiki, [...await pagesLinkingTo(wiki.db.pool, wiki.db, from), ...await pagesLinkingTo(wiki.db.pool, wiki.db, to)],
    { action: 'move', agent: 'example-wiki' })
  return toPageRecord(moved)
}

/** The redirect page a move leaves at the old title (MediaWiki's `#REDIRECT [[target]]`), saved and parsed in `tx`. */
async function leaveRedirect (wiki: Wiki, tx: pg.PoolClient, from: Title, to: Title, user: HostUser, comment: string): Promise<PageRow> {
  const text = `#REDIRECT [[${prefixedText(to)}]]`
  const page = await insertPage(tx, wiki.db, from, wiki.language)
  const revision = await insertRevision(tx, wiki.db, {
    rev_page: page.page_id, rev_parent_id: 0, rev_user: user.id, rev_user_text: user.name,
    rev_comment: comment, rev_minor: false, rev_len: Buffer.byteLength(text), rev_text: text
  })
  const saved = await setLatestRevision(tx, wiki.db, page.page_id, revision)
  await parseAndUpdateLinks(wiki, tx, saved, text)
  return saved
}

/**
 * Undeletion: the page row again under its old id with its history, a restore log row, and a
 * re-parse in the same transaction (LinksUpdateComplete: the plugin records the page's usages
 * and page props again). The repo is not told (Wikibase does not push undeletions).
 */
export async function undeletePage (wiki: Wiki, title: Title, user: HostUser, comment: string): Promise<PageRecord> {
  const restored = await inTransaction(wiki.db, async tx => {
    if (await findPage(tx, wiki.db, title) !== null) throw new PageExistsError(title)
    const id = await deletedPageId(tx, wiki.db, title)
    const page = id === null ? null : await restorePageRow(tx, wiki.db, id, title, wiki.language)
    if (page === null) throw new PageNotFoundError(title)
    await saveRecentChange(wiki, tx, {
      rc_timestamp: new Date(), rc_namespace: page.page_namespace, rc_title: page.page_title, rc_cur_id: page.page_id,
      rc_this_oldid: page.page_latest, rc_last_oldid: 0, rc_user: user.id, rc_user_text: user.name, rc_comment: comment,
      rc_bot: user.bot, rc_minor: false, rc_source: 'mw.log', rc_log_type: 'delete', rc_log_action: 'restore', rc_params: null
    })
    const revision = await loadRevision(tx, wiki.db, page.page_latest)
    if (revision !== null) await parseAndUpdateLinks(wiki, tx, page, revision.rev_text)
    return page
  })
  await refreshPageIds(wiki, await pagesLinkingTo(wiki.db.pool, wiki.db, title), { action: 'undelete', agent: 'example-wiki' })
  return toPageRecord(restored)
}
