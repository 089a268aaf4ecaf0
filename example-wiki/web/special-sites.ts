import type { FastifyReply, FastifyRequest } from 'fastify'
import type { HostUser } from '../../hooks/contract.js'
import { applyMediaWikiSiteInput, newMediaWikiSite, type MediaWikiSiteInput } from '../../plugin/sites/mediawiki-site-input.js'
import { InvalidSiteError, SiteNotFoundError } from '../../plugin/sites/site-errors.js'
import { siteRules } from '../../plugin/sites/site-rules.js'
import { addSite, getSite, importSitesFrom, type SiteDatabase } from '../../plugin/sites/site-store.js'
import { pageUrl } from '../engine/titles.js'
import { escapeHtml } from '../engine/wikitext-renderer.js'
import { callPlugin, errorMessage } from './plugin-api.js'
import { csrfInput, renderPage, type UiContext } from './ui-context.js'
import { wikibaseInternals } from '../../plugin/facade.js'

/**
 * Special:Sites: the sites table of this wiki, and a form that adds or edits one MediaWiki
 * site. The form writes in-process through the plugin's sites store with the rules of
 * `fastify-wikibase sites add`; no child process, no command line. Each field is one value;
 * the interwiki and navigation id fields are lists separated by {@link SITE_ID_SEPARATOR}.
 */

/** Interwiki and navigation ids in one field: separated by spaces and/or commas. Each id is then checked by the site validator. */
export const SITE_ID_SEPARATOR = /[\s,]+/
/** More ids than this in one field is a mistake, not a site (Wikimedia sites have one or two). */
export const MAX_SITE_IDS = 50

export interface SiteForm {
  mode: 'add' | 'edit'
  globalId: string
  group: string
  language: string
  pagePath: string
  filePath: string
  interwikiIds: string[]
  navigationIds: string[]
}

/** A form that cannot be read (a field sent twice, too many ids): 400, nothing written. */
export class SiteFormError extends Error {
  readonly statusCode = 400
  constructor (message: string) {
    super(message)
    this.name = 'SiteFormError'
  }
}

type SiteFormField = 'mode' | 'globalId' | 'group' | 'language' | 'pagePath' | 'filePath' | 'interwikiIds' | 'navigationIds'

/** The form of a POST body: each field one string (absent: ''), trimmed; the id lists split. */
export function siteFormOf (body: unknown): SiteForm {
  const source = body !== null && typeof body === 'object' ? body as Record<string, unknown> : {}
  const value = (name: SiteFormField): string => {
    const raw = Object.hasOwn(source, name) ? source[name] : undefined
    if (raw === undefined) return ''
    if (typeof raw !== 'string') throw new SiteFormError(`the field ${name} must be given once, as text`)
    return raw.trim()
  }
  const ids = (name: 'interwikiIds' | 'navigationIds'): string[] => {
    const list = value(name).split(SITE_ID_SEPARATOR).filter(id => id !== '')
    if (list.length > MAX_SITE_IDS) throw new SiteFormError(`the field ${name} holds ${list.length} ids; at most ${MAX_SITE_IDS}`)
    return list
  }
  const mode = value('mode')
  if (mode !== '' && mode !== 'add' && mode !== 'edit') throw new SiteFormError('the field mode must be add or edit')
  return {
    mode: mode === 'edit' ? 'edit' : 'add',
    globalId: value('globalId'),
    group: value('group'),
    language: value('language'),
    pagePath: value('pagePath'),
    filePath: value('filePath'),
    interwikiIds: ids('interwikiIds'),
    navigationIds: ids('navigationIds')
  }
}

/**
 * Saves the form: `add` inserts a new site (an existing global id is a 409), `edit` changes
 * the group, language, paths and ids of a stored site (unknown: 404) and keeps the rest.
 * Every refusal is an InvalidSiteError naming what is wrong; nothing is written then.
 */
export async function saveSiteForm (db: SiteDatabase, form: SiteForm): Promise<string> {
  const input: MediaWikiSiteInput = form
  if (form.mode === 'add') {
    await addSite(db, newMediaWikiSite(input))
    return `Added site ${form.globalId}.`
  }
  // The site may keep the group it has, even one the default rules do not list (a matrix special's).
  const stored = await getSite(db, form.globalId)
  if (stored === null) throw new SiteNotFoundError(form.globalId)
  const report = await importSitesFrom(db, current => {
    const site = current.find(s => s.globalId === form.globalId)
    if (site === undefined) throw new SiteNotFoundError(form.globalId)
    return [applyMediaWikiSiteInput(site, input)]
  }, { rules: siteRules({ extraGroups: [stored.group] }) })
  return report.updated > 0 ? `Saved site ${form.globalId}.` : `Site ${form.globalId} is unchanged.`
}

/**
 * POST of Special:Sites for a user the caller has already let through (the rights layer
 * wraps this; it reads nothing of the user but the name it logs). Bad input answers the
 * page with the form and what is wrong (4xx); any other failure goes to the app's error
 * handler, which shows no details.
 */
export async function postSiteForm (ctx: UiContext, request: FastifyRequest, reply: FastifyReply, user: HostUser): Promise<FastifyReply> {
  let form: SiteForm | undefined
  try {
    form = siteFormOf(request.body)
    const notice = await saveSiteForm(wikibaseInternals(ctx.app).self, form)
    request.log.info({ user: user.name, site: form.globalId, mode: form.mode }, 'Special:Sites: site saved')
    return await sitesPage(ctx, request, reply, { notice })
  } catch (error) {
    if (!(error instanceof InvalidSiteError) && !(error instanceof SiteFormError)) throw error
    return await sitesPage(ctx, request, reply, { error: error.message, form }, error.statusCode)
  }
}

interface SiteJson {
  globalId: string
  group: string
  language: string
  linkPath: string | null
  paths: Record<string, string>
  interwikiIds: string[]
  navigationIds: string[]
}

/** GET of Special:Sites (and the answer of a POST): the table, and the form (add, or edit with `?edit=<global id>`). */
export async function sitesPage (ctx: UiContext, request: FastifyRequest, reply: FastifyReply,
  extra: { notice?: string, error?: string, form?: SiteForm } = {}, status = 200): Promise<FastifyReply> {
  const got = await callPlugin<{ sites: SiteJson[] }>(ctx.app, 'GET', `${ctx.routePrefix}/wikibase/sites`)
  const sites = got.status === 200 ? got.body.sites : []
  const query = request.query as Record<string, unknown> | undefined
  const editing = sites.find(s => s.globalId === query?.edit)
  const form: SiteForm | undefined = extra.form ?? (editing === undefined
    ? undefined
    : {
        mode: 'edit', globalId: editing.globalId, group: editing.group, language: editing.language,
        pagePath: editing.paths.page_path ?? '', filePath: editing.paths.file_path ?? '',
        interwikiIds: editing.interwikiIds, navigationIds: editing.navigationIds
      })
  const mode = form?.mode ?? 'add'
  const input = (name: Exclude<keyof SiteForm, 'mode'>, label: string, size = 20, readonly = false): string => {
    const value = form?.[name]
    return `<label>${label} <input name="${name}" size="${size}" ` +
      `value="${escapeHtml(Array.isArray(value) ? value.join(' ') : value ?? '')}"${readonly ? ' readonly' : ''}></label>`
  }
  const link = (href: string, text: string): string => `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`
  const legend = mode === 'edit' ? `Edit site ${escapeHtml(form?.globalId ?? '')}` : 'Add a site'
  const cancel = mode === 'edit' ? link('/wiki/Special:Sites', 'cancel') : ''
  const hint = 'Saved through the plugin\'s sites store with the rules of <code>fastify-wikibase sites add</code>: ' +
    'paths are http://, https:// or protocol-relative //host URLs with $1; ids are separated by spaces or commas.'
  return await renderPage(ctx, reply, 'table', {
    pageTitle: 'Sites',
    notice: extra.notice,
    error: extra.error ?? (got.status === 200 ? undefined : errorMessage(got)),
    tables: [{
      head: ['Global id', 'Group', 'Language', 'Page URL', 'Interwiki', 'Navigation', ''],
      rows: sites.map(s => [
        escapeHtml(s.globalId), escapeHtml(s.group), escapeHtml(s.language), escapeHtml(s.linkPath ?? ''),
        escapeHtml(s.interwikiIds.join(' ')), escapeHtml(s.navigationIds.join(' ')),
        link(pageUrl('Special:Sites', { edit: s.globalId }), 'edit')
      ]),
      empty: 'No sites.'
    }],
    outro: `<form method="post" action="/wiki/Special:Sites" id="site-form">${csrfInput(ctx, request)}<fieldset><legend>${legend}</legend>
<input type="hidden" name="mode" value="${mode}">
<p>${input('globalId', 'Global id', 12, mode === 'edit')} ${input('group', 'Group', 12)} ${input('language', 'Language', 4)}</p>
<p>${input('pagePath', 'Page path (with $1)', 40)}</p><p>${input('filePath', 'File path (with $1)', 40)}</p>
<p>${input('interwikiIds', 'Interwiki ids', 12)} ${input('navigationIds', 'Navigation ids', 12)} <button type="submit">Save site</button> ${cancel}</p>
<p class="hint">${hint}</p>
</fieldset></form>`
  }, status)
}
