import type { FastifyReply, FastifyRequest } from 'fastify'
import { canonicalUserName, findAccount } from '../engine/account-store.js'
import { passwordMatches } from '../engine/passwords.js'
import { escapeHtml } from '../engine/wikitext-renderer.js'
import { pageUrl, tryParseTitle } from '../engine/titles.js'
import { currentUser } from './request-user.js'
import { csrfInput, field, renderPage, type SpecialPage, type UiContext } from './ui-context.js'

/**
 * Special:UserLogin and Special:UserLogout. Login checks the password against the account's
 * argon2id hash and starts a new session (server-side row, new id); logout ends the session
 * row, so the old cookie and its tokens stop working. Both are POST forms with the session's
 * csrf token (checked for every form in page-routes.ts); logout by GET only shows the form.
 */
const FAILED = 'Incorrect username or password entered. Please try again.'

/** Where to go after login: a local page only (never another site). */
function returnTo (value: string): string {
  const title = tryParseTitle(value)
  return title === null ? '/wiki/Main_Page' : pageUrl(title)
}

async function loginForm (ctx: UiContext, request: FastifyRequest, reply: FastifyReply, name: string, error?: string, status = 200): Promise<FastifyReply> {
  const back = field(request.query, 'returnto') || field(request.body, 'returnto')
  return await renderPage(ctx, reply, 'list', {
    pageTitle: 'Log in',
    error,
    items: [],
    form: `<form method="post" action="/wiki/Special:UserLogin" id="userlogin">${csrfInput(ctx, request)}
<input type="hidden" name="returnto" value="${escapeHtml(back)}">
<p><label>Username <input name="wpName" id="wpName1" value="${escapeHtml(name)}" autocomplete="username" required></label></p>
<p><label>Password <input type="password" name="wpPassword" id="wpPassword1" autocomplete="current-password" required></label></p>
<p><button type="submit" id="wpLoginAttempt">Log in</button></p></form>`
  }, status)
}

export function accountSpecialPages (ctx: UiContext): SpecialPage[] {
  return [
    {
      name: 'UserLogin',
      description: 'Log in',
      get: async (request, reply) => await loginForm(ctx, request, reply, ''),
      post: async (request, reply) => {
        const name = field(request.body, 'wpName').slice(0, 255)
        const password = field(request.body, 'wpPassword')
        const account = name.trim() === '' ? null : await findAccount(ctx.wiki.db.pool, ctx.wiki.db, canonicalUserName(name))
        // The hash is checked even for an unknown name's empty hash, so failures look alike.
        if (account === null || !await passwordMatches(account.user_password, password)) return await loginForm(ctx, request, reply, name, FAILED, 403)
        const session = request.exampleSession
        if (session === undefined) return await loginForm(ctx, request, reply, name, 'No session: enable cookies and try again.', 403)
        const bot = (await ctx.wiki.host.services.userCan?.({ id: account.user_id, name: account.user_name, anonymous: false, bot: false }, 'bot')) === true
        // A new session id at login (the anonymous one and its tokens end), as MediaWiki.
        await ctx.sessions.login(reply, { id: account.user_id, name: account.user_name, anonymous: false, bot })
        return await reply.redirect(returnTo(field(request.body, 'returnto')), 303)
      }
    },
    {
      name: 'UserLogout',
      description: 'Log out',
      get: async (request, reply) => await renderPage(ctx, reply, 'list', {
        pageTitle: 'Log out',
        items: [],
        form: currentUser(request).anonymous
          ? '<p>You are not logged in.</p>'
          : `<form method="post" action="/wiki/Special:UserLogout" id="userlogout">${csrfInput(ctx, request)}` +
            `<p>Log out ${escapeHtml(currentUser(request).name)}? <button type="submit" id="wpLogout">Log out</button></p></form>`
      }),
      post: async (request, reply) => {
        const session = request.exampleSession
        if (session !== undefined) request.exampleSession = await ctx.sessions.logout(reply, session)
        request.wikiUser = undefined
        request.wikiSessionId = undefined
        return await renderPage(ctx, reply, 'list', { pageTitle: 'Logged out', notice: 'You are now logged out.', items: [] })
      }
    }
  ]
}
