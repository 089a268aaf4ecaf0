import type { FastifyReply, FastifyRequest } from 'fastify'
import {
  deletePage, EditConflictError, movePage, PageExistsError, PageNotFoundError, previewPage, purgeWebCache, savePage, undeletePage, viewPage
} from '../engine/wiki-engine.js'
import { escapeHtml } from '../engine/wikitext-renderer.js'
import type { PageId } from '../../hooks/ids.js'
import { deletedPageId, findPage, loadRevision, pageHistory } from '../engine/page-store.js'
import { pageProps } from '../engine/link-store.js'
import { InvalidTitleError, NS_ITEM, NS_MAIN, NS_PROPERTY, NS_SPECIAL, pageUrl, parseTitle, prefixedText, type Title } from '../engine/titles.js'
import { currentUser } from './request-user.js'
import { csrfInput, field, formatTime, renderPage, type UiContext } from './ui-context.js'
import { formPostProblem, TOKEN_FIELD } from './wiki-session.js'
import { userCan } from '../engine/user-rights.js'
import type { ExampleRight } from '../engine/user-groups.js'
import { itemPage, itemPost } from './item-pages.js'
import { languageLinksView, otherProjectsView, repoItemLink } from './repo-item-link.js'
import { pageDescription } from './page-description.js'
import { repoLinkerOf } from './repo-linker.js'
import { formatComment } from './comment-formatter.js'
import { knownSites } from './site-urls.js'
import { langLinksPortletLink, type LangLinksPortletLink } from './repo-item-link-generator.js'

/** An edit summary of a page of this wiki as HTML (section autocomments, links; escaped). */
function localCommentHtml (comment: string, title: Title, interwikiUrl: (prefix: string, target: string) => string | null): string {
  return formatComment(comment, {
    pageUrl: target => pageUrl(target),
    interwikiUrl,
    sectionUrl: section => `${pageUrl(title)}#${encodeURIComponent(section.replaceAll(' ', '_'))}`
  })
}
import { integerParam, MAX_ID } from './request-numbers.js'
import { watchForm, watchPost, watchStar } from './watchlist-pages.js'
import { wikibaseInternals } from '../../plugin/facade.js'
import { pageInfo } from './page-info.js'

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
    if (action === 'info') return await pageInfo(ctx, reply, title)
    if (action === 'watch' || action === 'unwatch') return await watchForm(ctx, request, reply, title, action)
    if (action === 'purge') {
      return await renderPage(ctx, reply, 'list', {
        pageTitle: `Purge ${prefixedText(title)}`, items: [],
        form: `<form method="post" action="${escapeHtml(pageUrl(title, { action: 'purge' }))}">${csrfInput(ctx, request)}` +
          '<p>Clear the cached rendering of this page? <button id="purge">Purge</button></p></form>'
      })
    }
    // A malformed oldid is no revision (404 below), never NaN or an out-of-range bigint in SQL.
    const oldId = field(query, 'oldid') === '' ? undefined : integerParam(field(query, 'oldid'), { min: 0, max: MAX_ID }) ?? -1
    // MediaWiki's ?uselang=: the user language a page is rendered for (data access in the
    // user's language, when the plugin's allowDataAccessInUserLanguage is on).
    const uselang = field(query, 'uselang')
    const view = await viewPage(wiki, title, oldId, /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/.test(uselang) ? uselang : undefined)
    if (view === null) {
      return await renderPage(ctx, reply, 'missing', {
        pageTitle: prefixedText(title), tabs: tabsFor(title, 'view'), editUrl: pageUrl(title, { action: 'edit' }),
        watch: await watchStar(ctx, request, title)
      }, 404)
    }
    const propMap = await pageProps(wiki.db.pool, wiki.db, view.page.page_id)
    const props = [...propMap]
    const description = await pageDescription(propMap, {
      allowLocalShortDesc: wikibaseInternals(ctx.app).options.client.allowLocalShortDesc,
      repoBaseUrl: ctx.farm().find(w => w.siteId === ctx.repoId)?.url ?? null,
      language: view.page.page_lang
    })
    // The rendering's cache tags for a CDN in front (Varnish xkey): purgeCacheTags drops them.
    if (view.rendered.tags !== null && view.rendered.tags.length > 0) void reply.header('xkey', view.rendered.tags.join(' '))
    return await renderPage(ctx, reply, 'page', {
      pageTitle: prefixedText(title),
      description,
      refreshPending: view.refreshPending && app.wikibase.pendingRefreshView === 'mark' && oldId === undefined,
      tabs: tabsFor(title, 'view'),
      watch: await watchStar(ctx, request, title),
      languageLinks: languageLinksView(view.rendered.languageLinks),
      langLinksEdit: await langLinksEdit(ctx, title, props, view.rendered.languageLinks.length > 0),
      otherProjects: otherProjectsView(view.rendered.otherProjects),
      repoItem: repoItemLink(props, repoLinkerOf(ctx)),
      html: view.rendered.html,
      warnings: view.rendered.warnings,
      // Page properties are a debugging aid (MediaWiki shows them on action=info): ?debug=1.
      props: ['1', 'true'].includes(field(query, 'debug')) ? props : [],
      revisionId: view.revision.rev_id,
      renderedAt: formatTime(view.rendered.renderedAt),
      fromCache: view.fromCache,
      oldId,
      currentUrl: pageUrl(title)
    })
  })

  app.post('/wiki/*', async (request, reply) => {
    // Every form POST of the UI (edits, deletions, item forms, special pages, login and logout):
    // the session's csrf token and, when the browser names it, our own origin.
    const posted = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>
    const session = request.exampleSession
    const problem = formPostProblem(request.headers as Record<string, string | undefined>,
      session !== undefined && ctx.sessions.tokenMatches(session, posted[TOKEN_FIELD]))
    if (problem !== null) {
      return await renderPage(ctx, reply, 'list', {
        pageTitle: 'Session failure',
        error: `Sorry, this form could not be processed: ${problem}. Please go back, reload the page and try again.`,
        items: []
      }, 403)
    }
    const title = parseTitle(titleOf(request))
    if (title.namespace === NS_SPECIAL) return await special(ctx, request, reply, title, 'post')
    if (ctx.isRepo && (title.namespace === NS_ITEM || title.namespace === NS_PROPERTY)) return await itemPost(ctx, request, reply, title)
    const body = posted
    const action = field(request.query, 'action') || 'submit'
    if (action === 'watch' || action === 'unwatch') return await watchPost(ctx, request, reply, title, action)
    const user = currentUser(request)
    const missing = async (right: ExampleRight): Promise<boolean> => !await userCan(wiki.db, user, right)
    const needed: ExampleRight | undefined = action === 'purge' || action === 'delete' || action === 'move' || action === 'undelete' ? action : undefined
    if (needed !== undefined && await missing(needed)) return await permissionError(ctx, reply, title, needed)
    if (action === 'purge') {
      const page = await findPage(wiki.db.pool, wiki.db, title)
      if (page !== null) {
        await purgeWebCache(wiki, [{ id: page.page_id as PageId, namespace: page.page_namespace, title: page.page_title }],
          { action: 'purge', agent: 'user' })
      }
      return await reply.redirect(pageUrl(title), 303)
    }
    try {
      if (action === 'delete') {
        await deletePage(wiki, title, user, field(body, 'comment'))
        return await renderPage(ctx, reply, 'list', { pageTitle: 'Action complete', notice: `“${prefixedText(title)}” has been deleted.`, items: [] })
      }
      if (action === 'move') {
        const to = parseTitle(field(body, 'to'))
        // The form's checkbox is checked by default (MediaWiki's wpLeaveRedirect); unchecked, a browser sends nothing.
        await movePage(wiki, title, to, user, field(body, 'comment'), { leaveRedirect: field(body, 'wpLeaveRedirect') === '1' })
        return await reply.redirect(pageUrl(to), 303)
      }
      if (action === 'undelete') {
        await undeletePage(wiki, title, user, field(body, 'comment'))
        return await reply.redirect(pageUrl(title), 303)
      }
    } catch (error) {
      // Only what the user got wrong is shown; anything else (a database error…) goes to the app's error handler.
      if (error instanceof PageNotFoundError || error instanceof InvalidTitleError || error instanceof PageExistsError) {
        return await renderPage(ctx, reply, 'list', { pageTitle: prefixedText(title), error: error.message, items: [] }, 400)
      }
      throw error
    }
    const text = field(body, 'text').replace(/\r\n/g, '\n')
    if (field(body, 'preview') !== '') {
      const preview = await previewPage(wiki, title, text)
      return await editForm(ctx, request, reply, title, {
        text, comment: field(body, 'comment'), previewHtml: preview.html, baseRevisionId: field(body, 'baseRevisionId')
      })
    }
    const exists = await findPage(wiki.db.pool, wiki.db, title) !== null
    for (const right of exists ? ['edit'] as const : ['edit', 'createpage'] as const) {
      if (await missing(right)) return await permissionError(ctx, reply, title, right)
    }
    try {
      await savePage(wiki, {
        title, text, comment: field(body, 'comment'), user, minor: field(body, 'minor') === '1',
        baseRevisionId: integerParam(field(body, 'baseRevisionId') || '0', { min: 0, max: MAX_ID }) ?? -1
      })
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
    userName: currentUser(request).name,
    functions: (await ctx.wiki.parser.functionNames()).map(name => `#${name}`)
  }, status)
}

async function history (ctx: UiContext, request: FastifyRequest, reply: FastifyReply, title: Title): Promise<FastifyReply> {
  const page = await findPage(ctx.wiki.db.pool, ctx.wiki.db, title)
  const revisions = page === null ? [] : await pageHistory(ctx.wiki.db.pool, ctx.wiki.db, page.page_id)
  const { byInterwiki } = await knownSites(ctx)
  const interwikiUrl = (prefix: string, target: string): string | null => byInterwiki.get(prefix)?.pageUrl(target) ?? null
  return await renderPage(ctx, reply, 'history', {
    pageTitle: `${prefixedText(title)}: Revision history`,
    tabs: tabsFor(title, 'history'),
    watch: await watchStar(ctx, request, title),
    revisions: revisions.map(r => ({
      url: pageUrl(title, { oldid: r.rev_id }), timestamp: formatTime(r.rev_timestamp), user: r.rev_user_text,
      length: r.rev_len, minor: r.rev_minor, comment: r.rev_comment, commentHtml: localCommentHtml(r.rev_comment, title, interwikiUrl)
    })),
    canDelete: page !== null,
    canUndelete: page === null && await deletedPageId(ctx.wiki.db.pool, ctx.wiki.db, title) !== null,
    undeleteAction: pageUrl(title, { action: 'undelete' }),
    deleteAction: pageUrl(title, { action: 'delete' }),
    moveAction: pageUrl(title, { action: 'move' })
  })
}

async function special (ctx: UiContext, request: FastifyRequest, reply: FastifyReply, title: Title, method: 'get' | 'post'): Promise<unknown> {
  const [name = '', ...rest] = title.dbKey.split('/')
  const page = [...ctx.specialPages.values()].find(p => p.name.toLowerCase() === name.toLowerCase())
  const handler = page === undefined ? undefined : method === 'get' ? page.get : page.post
  if (page === undefined || handler === undefined) {
    return await renderPage(ctx, reply, 'list', {
      pageTitle: 'No such special page', error: `There is no special page “${name}”${method === 'post' ? ' that takes a form' : ''}.`, items: []
    }, 404)
  }
  return await handler(request, reply, rest.join('/'))
}

/** "Add links" / "Edit links" under the language links (repo-item-link-generator.ts); null without a repo in the farm. */
async function langLinksEdit (
  ctx: UiContext, title: Title, props: Array<[string, unknown]>, hasLangLinks: boolean
): Promise<LangLinksPortletLink | null> {
  const repoBaseUrl = ctx.farm().find(w => w.siteId === ctx.repoId)?.url
  if (repoBaseUrl === undefined) return null
  const prop = (name: string): unknown => props.find(([key]) => key === name)?.[1]
  // Wikibase's langLinkSiteGroup: the group of this wiki's own row in its sites table.
  const siteGroup = (await knownSites(ctx)).byId.get(ctx.wiki.siteId)?.group ?? ''
  return langLinksPortletLink({
    action: 'view',
    linkedNamespace: title.namespace === NS_MAIN,
    exists: true,
    noExternalLangLinks: prop('noexternallanglinks'),
    itemId: prop('wikibase_item'),
    hasLangLinks,
    pageText: prefixedText(title)
  }, { siteId: ctx.wiki.siteId, siteGroup: siteGroup === '' ? 'wikipedia' : siteGroup, repoBaseUrl })
}

/** MediaWiki's permission error page: which right the action needs. */
async function permissionError (ctx: UiContext, reply: FastifyReply, title: Title, right: ExampleRight): Promise<FastifyReply> {
  const user = currentUser(reply.request)
  const who = user.anonymous ? 'Anonymous users' : `User ${user.name}`
  return await renderPage(ctx, reply, 'list', {
    pageTitle: 'Permission error',
    error: `${who} may not do this to “${prefixedText(title)}”: it needs the right “${right}”${user.anonymous ? '. Log in first (Special:UserLogin).' : '.'}`,
    items: []
  }, 403)
}
