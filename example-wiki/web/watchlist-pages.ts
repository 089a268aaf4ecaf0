import type { FastifyReply, FastifyRequest } from 'fastify'
import { isWatched, unwatchTitle, watchedTitles, watchlistChanges, watchTitle } from '../engine/watchlist-store.js'
import { pageUrl, prefixedText, type Title } from '../engine/titles.js'
import { escapeHtml } from '../engine/wikitext-renderer.js'
import { changesListLines } from './changes-list.js'
import { currentUser } from './request-user.js'
import { integerParam } from './request-numbers.js'
import { csrfInput, field, renderPage, type SpecialPage, type UiContext } from './ui-context.js'
import { setUserOptions, userOptions } from './user-options.js'
import { showWikibaseOptionName, wikibaseChangesFilter, type ChangesListPage, type WikibaseChangesFilter } from './wikibase-changes-filter.js'
import { wikibaseInternals } from '../../plugin/facade.js'

/**
 * Watchlists and the preferences of the changes lists: Special:Watchlist (the changes of the
 * user's watched pages, repo changes affecting them included), the watch star of a page
 * (`action=watch` / `action=unwatch`, POST forms with the session's csrf token, checked for
 * every POST in page-routes.ts) and Special:Preferences (Wikibase client's `rcshowwikidata` and
 * `wlshowwikibase`, offered while the client setting showExternalRecentChanges is on).
 */

/** MediaWiki's defaults: `watchlistdays` 3, `wllimit` 250; $wgRCMaxAge is 90 days. */
const DEFAULT_DAYS = 3
const MAX_DAYS = 90
const DEFAULT_LIMIT = 250

const clientSettingsOf = (ctx: UiContext): { isClient: boolean, showExternalRecentChanges: boolean } => ({
  isClient: wikibaseInternals(ctx.app).options.roles.has('client'),
  showExternalRecentChanges: wikibaseInternals(ctx.app).options.client.showExternalRecentChanges
})

/** Whether the page lists repo changes for this request (URL, else the user's preference). */
export async function wikibaseFilterFor (ctx: UiContext, request: FastifyRequest, page: ChangesListPage): Promise<WikibaseChangesFilter> {
  const options = await userOptions(ctx.wiki.db, currentUser(request).id)
  return wikibaseChangesFilter({
    ...clientSettingsOf(ctx), page, query: request.query as Record<string, unknown>, showOption: options[showWikibaseOptionName(page)] ?? '0'
  })
}

async function loginRequired (ctx: UiContext, reply: FastifyReply, what: string): Promise<FastifyReply> {
  return await renderPage(ctx, reply, 'list', {
    pageTitle: 'Not logged in', error: `Please log in to ${what} (Special:UserLogin).`, items: []
  }, 403)
}

/** The watch star's data for a page view: null for anonymous visitors (they have no watchlist). */
export async function watchStar (ctx: UiContext, request: FastifyRequest, title: Title): Promise<{ watched: boolean, action: string, token: string } | null> {
  const user = currentUser(request)
  if (user.anonymous) return null
  const watched = await isWatched(ctx.wiki.db.pool, ctx.wiki.db, user.id, { namespace: title.namespace, title: title.dbKey })
  return { watched, action: pageUrl(title, { action: watched ? 'unwatch' : 'watch' }), token: csrfInput(ctx, request) }
}

/** GET `action=watch|unwatch`: the confirmation form (MediaWiki's WatchAction without JavaScript). */
export async function watchForm (
  ctx: UiContext, request: FastifyRequest, reply: FastifyReply, title: Title, action: 'watch' | 'unwatch'
): Promise<FastifyReply> {
  if (currentUser(request).anonymous) return await loginRequired(ctx, reply, 'edit your watchlist')
  const verb = action === 'watch' ? 'Add' : 'Remove'
  return await renderPage(ctx, reply, 'list', {
    pageTitle: `${action === 'watch' ? 'Watch' : 'Unwatch'} ${prefixedText(title)}`,
    items: [],
    form: `<form method="post" action="${escapeHtml(pageUrl(title, { action }))}">${csrfInput(ctx, request)}` +
      `<p>${verb} “${escapeHtml(prefixedText(title))}” ${action === 'watch' ? 'to' : 'from'} your watchlist? <button id="wpWatch">OK</button></p></form>`
  })
}

/** POST `action=watch|unwatch` (csrf already checked): then back to the page. */
export async function watchPost (
  ctx: UiContext, request: FastifyRequest, reply: FastifyReply, title: Title, action: 'watch' | 'unwatch'
): Promise<FastifyReply> {
  const user = currentUser(request)
  if (user.anonymous) return await loginRequired(ctx, reply, 'edit your watchlist')
  const target = { namespace: title.namespace, title: title.dbKey }
  if (action === 'watch') await watchTitle(ctx.wiki.db.pool, ctx.wiki.db, user.id, target)
  else await unwatchTitle(ctx.wiki.db.pool, ctx.wiki.db, user.id, target)
  return await reply.redirect(pageUrl(title), 303)
}

export function watchlistSpecialPages (ctx: UiContext): SpecialPage[] {
  return [
    {
      name: 'Watchlist',
      description: 'Recent changes of the pages you watch, with repo changes affecting them',
      get: async (request, reply) => {
        const user = currentUser(request)
        if (user.anonymous) return await loginRequired(ctx, reply, 'view your watchlist')
        const query = request.query as Record<string, unknown>
        const days = integerParam(field(query, 'days'), { min: 1, max: MAX_DAYS }) ?? DEFAULT_DAYS
        const limit = integerParam(field(query, 'limit'), { min: 1, max: 1000 }) ?? DEFAULT_LIMIT
        const filter = await wikibaseFilterFor(ctx, request, 'Watchlist')
        const rows = await watchlistChanges(ctx.wiki.db.pool, ctx.wiki.db, {
          userId: user.id, limit, since: new Date(Date.now() - days * 86_400_000), hideExternal: filter.hide
        })
        const watched = await watchedTitles(ctx.wiki.db.pool, ctx.wiki.db, user.id, 1000)
        const linkFor = (change: Record<string, number>): string => pageUrl('Special:Watchlist', { days, limit, hidewikidata: filter.hide ? 1 : 0, ...change })
        return await renderPage(ctx, reply, 'recentchanges', {
          pageTitle: 'Watchlist',
          intro: `<p class="watchlist-summary">${watched.length} page${watched.length === 1 ? '' : 's'} on your watchlist` +
            (watched.length === 0
              ? '. Watch a page with the star (☆) beside its tabs.'
              : `: ${watched.map(w => `<a href="${escapeHtml(pageUrl({ namespace: w.namespace, dbKey: w.title }))}">` +
                `${escapeHtml(prefixedText({ namespace: w.namespace, dbKey: w.title }))}</a>`).join(', ')}.`) + '</p>',
          offerToggle: filter.offered,
          repoId: ctx.repoId,
          hideExternal: filter.hide,
          linkFor,
          daysLinks: [1, 3, 7, 30].map(d => ({ days: d, href: linkFor({ days: d }) })),
          empty: `No changes to the pages you watch in the last ${days} day${days === 1 ? '' : 's'}.`,
          changes: await changesListLines(ctx, rows)
        })
      }
    },
    {
      name: 'Preferences',
      description: 'Your preferences (showing repo changes in recent changes and the watchlist)',
      get: async (request, reply) => await preferencesPage(ctx, request, reply),
      post: async (request, reply) => {
        const user = currentUser(request)
        if (user.anonymous) return await loginRequired(ctx, reply, 'change your preferences')
        if (!offersWikibasePreferences(ctx)) return await preferencesPage(ctx, request, reply)
        // An unchecked box is not sent: off.
        const body = request.body
        await setUserOptions(ctx.wiki.db, user.id, {
          rcshowwikidata: field(body, 'wprcshowwikidata') === '1' ? '1' : '0',
          wlshowwikibase: field(body, 'wpwlshowwikibase') === '1' ? '1' : '0'
        })
        return await reply.redirect(pageUrl('Special:Preferences', { success: 1 }), 303)
      }
    }
  ]
}

/** GetPreferencesHandler: the toggles exist only on a client that shows repo changes. */
function offersWikibasePreferences (ctx: UiContext): boolean {
  const settings = clientSettingsOf(ctx)
  return settings.isClient && settings.showExternalRecentChanges
}

async function preferencesPage (ctx: UiContext, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const user = currentUser(request)
  if (user.anonymous) return await loginRequired(ctx, reply, 'change your preferences')
  if (!offersWikibasePreferences(ctx)) {
    return await renderPage(ctx, reply, 'list', { pageTitle: 'Preferences', items: [], empty: 'This wiki has no preferences to set.' })
  }
  const options = await userOptions(ctx.wiki.db, user.id)
  const box = (name: string, label: string): string =>
    `<p><label><input type="checkbox" name="wp${name}" id="mw-input-wp${name}" value="1"${options[name] === '1' ? ' checked' : ''}> ` +
    `${escapeHtml(label)}</label></p>`
  return await renderPage(ctx, reply, 'list', {
    pageTitle: 'Preferences',
    notice: field(request.query, 'success') === '1' ? 'Your preferences have been saved.' : undefined,
    items: [],
    empty: '',
    form: `<form method="post" action="/wiki/Special:Preferences" id="mw-prefs-form">${csrfInput(ctx, request)}` +
      '<fieldset><legend>Recent changes</legend>' + box('rcshowwikidata', `Show ${ctx.repoId} edits in recent changes`) + '</fieldset>' +
      '<fieldset><legend>Watchlist</legend>' + box('wlshowwikibase', `Show ${ctx.repoId} edits in your watchlist`) + '</fieldset>' +
      '<p><button type="submit" id="prefcontrol">Save</button></p></form>'
  })
}
