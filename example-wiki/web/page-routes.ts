import type { FastifyReply, FastifyRequest } from 'fastify'
import { deletePage, EditConflictError, movePage, PageNotFoundError, previewPage, purgeWebCache, savePage, viewPage } from '../engine/wiki-engine.js'
import { escapeHtml } from '../engine/wikitext-renderer.js'
import type { PageId } from '../../plugin/client/page-id.js'
import { findPage, loadRevision, pageHistory } from '../engine/page-store.js'
import { pageProps } from '../engine/link-store.js'
import { InvalidTitleError, NS_ITEM, NS_PROPERTY, NS_SPECIAL, pageUrl, parseTitle, prefixedText, type Title } from '../engine/titles.js'
import { editingUser, rememberedName } from './request-user.js'
import { field, formatTime, renderPage, type UiContext } from './ui-context.js'
import { itemPage, itemPost } from './item-pages.js'
import { integerParam, MAX_ID } from './request-numbers.js'

function tabsFor (title: Title, current: 'view' | 'edit' | 'history'): Array<{ label: string, href: string, current?: boolean }> {
  return [
    { label: 'Read', href: pageUrl(title), current: current === 'view' },
    { label: 'Edit', href: pageUrl(title, { action: 'edit' }), current: current === 'edit' },
    { label: 'History', href: pageUrl(title, { action: 'history' }), current: current === 'history' },
    { label: 'Purge', href: pageUrl(title, { action: 'purge' }) }
  ]
}

function titleOf (request: FastifyRequest): string {
  const raw = (request.params as { '*': string })['*']
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}

/** GET/POST /wiki/<title>: pages (view, edit, history), Special: pages and the repo's entity pages. */
export function registerPageRoutes (ctx: UiContext): void {
  const { app, wiki } = ctx

  app.get('/', async (_request, reply) => await reply.redirect('/wiki/Main_Page'))

  app.get('/wiki/*', async (request, reply) => {
    let title: Title
    try {
      title = parseTitle(titleOf(request))
    } catch (error) {
      if (!(error instanceof InvalidTitleError)) throw error
      return await renderPage(ctx, reply, 'list', { pageTitle: 'Bad title', error: error.message, items: [] }, 400)
    }
    if (title.namespace === NS_SPECIAL) return await special(ctx, request, reply, title, 'get')
    if (ctx.isRepo && (title.namespace === NS_ITEM || title.namespace === NS_PROPERTY)) return await itemPage(ctx, request, reply, title)
    const query = request.query as Record<string, string>
    const action = field(query, 'action') || 'view'
    if (action === 'edit') return await editForm(ctx, request, reply, title)
    if (action === 'history') return await history(ctx, request, reply, title)
    if (action === 'purge') {
      return await renderPage(ctx, reply, 'list', {
        pageTitle: `Purge ${prefixedText(title)}`, items: [],
        form: `<form method="post" action="${escapeHtml(pageUrl(title, { action: 'purge' }))}"><p>Clear the cached rendering of this page? <button id="purge">Purge</button></p></form>`
      })
    }
    // A malformed oldid is no revision (404 below), never NaN or an out-of-range bigint in SQL.
    const oldId = field(query, 'oldid') === '' ? undefined : integerParam(field(query, 'oldid'), { min: 0, max: MAX_ID }) ?? -1
    const view = await viewPage(wiki, title, oldId)
    if (view === null) {
      return await renderPage(ctx, reply, 'missing', { pageTitle: prefixedText(title), tabs: tabsFor(title, 'view'), editUrl: pageUrl(title, { action: 'edit' }) }, 404)
    }
    return await renderPage(ctx, reply, 'page', {
      pageTitle: prefixedText(title),
      tabs: tabsFor(title, 'view'),
      languageLinks: view.rendered.languageLinks,
      html: view.rendered.html,
      warnings: view.rendered.warnings,
      props: [...await pageProps(wiki.db.pool, wiki.db, view.page.page_id)],
      revisionId: view.revision.rev_id,
      renderedAt: formatTime(view.rendered.renderedAt),
      fromCache: view.fromCache,
      oldId,
      currentUrl: pageUrl(title)
    })
  })

  app.post('/wiki/*', async (request, reply) => {
    const title = parseTitle(titleOf(request))
    if (title.namespace === NS_SPECIAL) return await special(ctx, request, reply, title, 'post')
    if (ctx.isRepo && (title.namespace === NS_ITEM || title.namespace === NS_PROPERTY)) return await itemPost(ctx, request, reply, title)
    const body = request.body as Record<string, unknown>
    const action = field(request.query, 'action') || 'submit'
    if (action === 'purge') {
      const page = await findPage(wiki.db.pool, wiki.db, title)
      if (page !== null) await purgeWebCache(wiki, [{ id: page.page_id as PageId, namespace: page.page_namespace, title: page.page_title }], { action: 'purge', agent: 'user' })
      return await reply.redirect(pageUrl(title), 303)
    }
    const user = await editingUser(wiki, request, reply, body.user)
    try {
      if (action === 'delete') {
        await deletePage(wiki, title, user, field(body, 'comment'))
        return await renderPage(ctx, reply, 'list', { pageTitle: 'Action complete', notice: `“${prefixedText(title)}” has been deleted.`, items: [] })
      }
      if (action === 'move') {
        const to = parseTitle(field(body, 'to'))
        await movePage(wiki, title, to, user, field(body, 'comment'))
        return await reply.redirect(pageUrl(to), 303)
      }
    } catch (error) {
      if (error instanceof PageNotFoundError || error instanceof InvalidTitleError || error instanceof Error) {
        return await renderPage(ctx, reply, 'list', { pageTitle: prefixedText(title), error: error.message, items: [] }, 400)
      }
      throw error
    }
    const text = field(body, 'text').replace(/\r\n/g, '\n')
    if (field(body, 'preview') !== '') {
      const preview = await previewPage(wiki, title, text)
      return await editForm(ctx, request, reply, title, { text, comment: field(body, 'comment'), previewHtml: preview.html, baseRevisionId: field(body, 'baseRevisionId') })
    }
    try {
      await savePage(wiki, { title, text, comment: field(body, 'comment'), user, minor: field(body, 'minor') === '1', baseRevisionId: integerParam(field(body, 'baseRevisionId') || '0', { min: 0, max: MAX_ID }) ?? -1 })
    } catch (error) {
      if (!(error instanceof EditConflictError)) throw error
      return await editForm(ctx, request, reply, title, {
        text, comment: field(body, 'comment'), baseRevisionId: String(error.latestRevisionId),
        error: `Edit conflict: someone saved revision ${error.latestRevisionId} since you started. Your text is below; save again to overwrite.`
      }, 409)
    }
    return await reply.redirect(pageUrl(title), 303)
  })
}

async function editForm (ctx: UiContext, request: FastifyRequest, reply: FastifyReply, title: Title,
  posted?: { text: string, comment: string, previewHtml?: string, baseRevisionId: string, error?: string }, status = 200): Promise<FastifyReply> {
  const page = await findPage(ctx.wiki.db.pool, ctx.wiki.db, title)
  const revision = page === null ? null : await loadRevision(ctx.wiki.db.pool, ctx.wiki.db, page.page_latest)
  return await renderPage(ctx, reply, 'edit', {
    pageTitle: `${page === null ? 'Creating' : 'Editing'} ${prefixedText(title)}`,
    tabs: tabsFor(title, 'edit'),
    action: pageUrl(title, { action: 'submit' }),
    cancelUrl: pageUrl(title),
    text: posted?.text ?? revision?.rev_text ?? '',
    comment: posted?.comment ?? '',
    previewHtml: posted?.previewHtml,
    error: posted?.error,
    baseRevisionId: posted?.baseRevisionId ?? String(page?.page_latest ?? 0),
    userName: rememberedName(request),
    functions: (await ctx.wiki.parser.functionNames()).map(name => `#${name}`)
  }, status)
}

async function history (ctx: UiContext, request: FastifyRequest, reply: FastifyReply, title: Title): Promise<FastifyReply> {
  const page = await findPage(ctx.wiki.db.pool, ctx.wiki.db, title)
  const revisions = page === null ? [] : await pageHistory(ctx.wiki.db.pool, ctx.wiki.db, page.page_id)
  return await renderPage(ctx, reply, 'history', {
    pageTitle: `${prefixedText(title)}: Revision history`,
    tabs: tabsFor(title, 'history'),
    revisions: revisions.map(r => ({ url: pageUrl(title, { oldid: r.rev_id }), timestamp: formatTime(r.rev_timestamp), user: r.rev_user_text, length: r.rev_len, minor: r.rev_minor, comment: r.rev_comment })),
    canDelete: page !== null,
    deleteAction: pageUrl(title, { action: 'delete' }),
    moveAction: pageUrl(title, { action: 'move' }),
    userName: rememberedName(request)
  })
}

async function special (ctx: UiContext, request: FastifyRequest, reply: FastifyReply, title: Title, method: 'get' | 'post'): Promise<unknown> {
  const [name = '', ...rest] = title.dbKey.split('/')
  const page = [...ctx.specialPages.values()].find(p => p.name.toLowerCase() === name.toLowerCase())
  const handler = page === undefined ? undefined : method === 'get' ? page.get : page.post
  if (page === undefined || handler === undefined) {
    return await renderPage(ctx, reply, 'list', { pageTitle: 'No such special page', error: `There is no special page “${name}”${method === 'post' ? ' that takes a form' : ''}.`, items: [] }, 404)
  }
  return await handler(request, reply, rest.join('/'))
}
