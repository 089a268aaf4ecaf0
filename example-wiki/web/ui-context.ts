import type { OtherProjectView } from './repo-item-link.js'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type {} from '@fastify/view'
import type { Wiki } from '../engine/wiki-engine.js'
import { escapeHtml } from '../engine/wikitext-renderer.js'
import { TOKEN_FIELD, type SessionKeeper } from './wiki-session.js'
import { isAllowedSiteUrl } from '../../plugin/sites/site-url-policy.js'

export interface FarmLink { siteId: string, url: string }

/** What every page of one wiki's UI knows. */
export interface UiContext {
  app: FastifyInstance
  wiki: Wiki
  isRepo: boolean
  repoId: string
  /** The farm's wikis with their base URLs (for the sidebar). */
  farm: () => FarmLink[]
  /** The plugin's route prefix (routes are `<prefix>/wikibase/...`). */
  routePrefix: string
  specialPages: Map<string, SpecialPage>
  /** The visitors' sessions and their csrf tokens (wiki-session.ts). */
  sessions: SessionKeeper
}

/** A Special: page; the extra plugin adds its own (Special:Log) through this registry. */
export interface SpecialPage {
  name: string
  description: string
  get: (request: FastifyRequest, reply: FastifyReply, subpage: string) => Promise<unknown>
  post?: (request: FastifyRequest, reply: FastifyReply, subpage: string) => Promise<unknown>
}

export interface PageData {
  pageTitle: string
  tabs?: Array<{ label: string, href: string, current?: boolean }>
  notice?: string
  error?: string
  languageLinks?: Array<{ siteId: string, title: string, url: string, language: string, name?: string, tooltip?: string, class?: string, itemTitle?: string }>
  /** Client: the "In other projects" box of a connected page. */
  otherProjects?: OtherProjectView[]
  /** Client: the repo item of the page (the tools' "Repository item" link). */
  repoItem?: { id: string, url: string } | null
  [key: string]: unknown
}

/**
 * Renders a template inside the layout with the wiki's sidebar data. Language links whose URL
 * is not http(s) or protocol-relative are left out, whatever the render cache or the sites
 * table held when the page was parsed: no `javascript:` href reaches a page.
 */
export async function renderPage (ctx: UiContext, reply: FastifyReply, template: string, data: PageData, status = 200): Promise<FastifyReply> {
  const session = reply.request.exampleSession
  const wiki = {
    siteId: ctx.wiki.siteId, language: ctx.wiki.language, isRepo: ctx.isRepo, repoId: ctx.repoId, farm: ctx.farm(),
    // Every form of every page carries the session's csrf token (templates: `it.wiki.csrfToken`).
    csrfToken: session === undefined ? '' : ctx.sessions.token(session),
    userName: session?.user?.name ?? null
  }
  const languageLinks = data.languageLinks?.filter(link => typeof link.url === 'string' && isAllowedSiteUrl(link.url))
  const otherProjects = data.otherProjects?.filter(link => typeof link.href === 'string' && isAllowedSiteUrl(link.href))
  const html = await reply.viewAsync(template, { wiki, ...data, languageLinks, otherProjects })
  return await reply.code(status).header('content-type', 'text/html; charset=utf-8').send(html)
}

/** The hidden csrf field for forms written in code (templates use `it.wiki.csrfToken`). */
export function csrfInput (ctx: UiContext, request: FastifyRequest): string {
  const session = request.exampleSession
  return `<input type="hidden" name="${TOKEN_FIELD}" value="${escapeHtml(session === undefined ? '' : ctx.sessions.token(session))}">`
}

/** A query-string or form field as a string ('' when absent). */
export function field (source: unknown, name: string): string {
  const value = (source as Record<string, unknown> | undefined)?.[name]
  if (Array.isArray(value)) return String(value[0] ?? '')
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value)
}

export function formatTime (date: Date | string): string {
  return new Date(date).toISOString().replace('T', ' ').slice(0, 19)
}
