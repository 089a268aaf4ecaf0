import type { FastifyReply, FastifyRequest } from 'fastify'
import type { HostUser } from '../../hooks/contract.js'
import { escapeHtml } from '../engine/wikitext-renderer.js'
import { NS_PROPERTY, pageUrl, prefixedText, type Title } from '../engine/titles.js'
import { callPlugin, errorMessage, REST_BASE, type PluginReply } from './plugin-api.js'
import { currentUser } from './request-user.js'
import { field, renderPage, type UiContext } from './ui-context.js'
import type { Snak } from './entity-value-html.js'
import { qualifiersByProperty, snakOfPair, type RestStatement } from './rest-statement-snak.js'
import { entityDiffPage, entityHistoryPage, entityLabels, entityTabs, entityViewPage, withStoredDatatypes, type EntityData } from './entity-view.js'

/** The Wikibase REST API v1 shape the pages read (statements in the REST statement shape). */
type RestEntity = EntityData

const SHOWN_LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'ja', 'ru']
const STATEMENT_PROPERTIES_SHOWN = 40
const kindPath = (title: Title): 'items' | 'properties' => title.namespace === NS_PROPERTY ? 'properties' : 'items'

/** Labels (user language, then English, then any) of entities, read through the REST API. */
async function labelsOf (ctx: UiContext, ids: string[], language: string): Promise<Map<string, string>> {
  const unique = [...new Set(ids)].slice(0, 300)
  const found = await Promise.all(unique.map(async id => {
    const reply = await callPlugin<Record<string, string>>(ctx.app, 'GET',
      `${ctx.routePrefix}${REST_BASE}/entities/${id.startsWith('P') ? 'properties' : 'items'}/${id}/labels`)
    if (reply.status !== 200) return [id, id] as const
    return [id, reply.body[language] ?? reply.body.en ?? Object.values(reply.body)[0] ?? id] as const
  }))
  return new Map(found)
}

function entityIdsInSnak (snak: Snak): string[] {
  const value = snak.datavalue
  return value?.type === 'wikibase-entityid' && typeof value.value?.id === 'string' ? [value.value.id] : []
}

/** How many properties a statement's qualifiers use. */
const qualifierCount = (statement: RestStatement): number => qualifiersByProperty(statement).length

function snakHtml (snak: Snak, labels: Map<string, string>): string {
  if (snak.snaktype === 'novalue') return '<i>no value</i>'
  if (snak.snaktype === 'somevalue') return '<i>unknown value</i>'
  const dv = snak.datavalue
  if (dv === undefined) return ''
  switch (dv.type) {
    case 'wikibase-entityid': {
      const id = String(dv.value.id)
      return `<a href="${pageUrl(id.startsWith('P') ? `Property:${id}` : `Item:${id}`)}">${escapeHtml(labels.get(id) ?? id)}</a>`
    }
    case 'string': return escapeHtml(String(dv.value))
    case 'monolingualtext': return `${escapeHtml(String(dv.value.text))} <small>(${escapeHtml(String(dv.value.language))})</small>`
    case 'time': return escapeHtml(String(dv.value.time).replace(/^\+/, '').replace(/T00:00:00Z$/, ''))
    case 'quantity': return escapeHtml(String(dv.value.amount).replace(/^\+/, '')) +
      (String(dv.value.unit) !== '1' ? ` <small>${escapeHtml(String(dv.value.unit).replace(/^.*\//, ''))}</small>` : '')
    case 'globecoordinate': return `${Number(dv.value.latitude).toFixed(4)}, ${Number(dv.value.longitude).toFixed(4)}`
    default: return `<code>${escapeHtml(JSON.stringify(dv.value))}</code>`
  }
}

/** Item:Q42 / Property:P31 on the repo: the entity from the REST API, with edit forms. */
export async function itemPage (ctx: UiContext, request: FastifyRequest, reply: FastifyReply, title: Title, problem?: string): Promise<FastifyReply> {
  const id = title.dbKey.toUpperCase()
  const query = request.query as Record<string, string>
  const lang = /^[a-z][a-z0-9-]*$/.test(field(query, 'uselang')) ? field(query, 'uselang') : ctx.wiki.language
  const got = await callPlugin<RestEntity>(ctx.app, 'GET', `${ctx.routePrefix}${REST_BASE}/entities/${kindPath(title)}/${id}`)
  if (got.missing) {
    return await renderPage(ctx, reply, 'list', {
      pageTitle: prefixedText(title), error: 'The repo REST API (/w/rest.php/wikibase/v1) is not available on this wiki yet.', items: []
    }, 501)
  }
  if (got.status !== 200) {
    return await renderPage(ctx, reply, 'list', { pageTitle: prefixedText(title), error: errorMessage(got), items: [] }, got.status === 308 ? 404 : got.status)
  }
  const entity = await withStoredDatatypes(ctx, got.body)
  // Read (default) and View history; Edit — and a form that came back with a problem — shows the forms.
  const action = field(query, 'action')
  const revision = (got.etag ?? '').replaceAll('"', '')
  if (action === 'history') return await entityHistoryPage(ctx, reply, title, entity, `${entity.labels[lang] ?? id} (${id})`)
  if (field(query, 'diff') !== '') return await entityDiffPage(ctx, reply, title, entity, lang, field(query, 'diff'), field(query, 'oldid'))
  if (action !== 'edit' && problem === undefined) return await entityViewPage(ctx, reply, title, entity, lang, revision)
  const allTerms = field(query, 'allterms') === '1'
  const languages = [...new Set([...Object.keys(entity.labels), ...Object.keys(entity.descriptions), ...Object.keys(entity.aliases)])].sort()
  const shownLanguages = allTerms ? languages : [...new Set([lang, ...SHOWN_LANGUAGES])].filter(l => languages.includes(l))
  const properties = Object.keys(entity.statements)
  const allStatements = field(query, 'allstatements') === '1'
  const shownProperties = allStatements ? properties : properties.slice(0, STATEMENT_PROPERTIES_SHOWN)
  const referenced = shownProperties.flatMap(p => [p, ...entity.statements[p]!.flatMap(s => entityIdsInSnak(snakOfPair(s)))])
  const labels = await labelsOf(ctx, referenced, lang)
  const badgeLabels = await entityLabels(ctx, Object.values(entity.sitelinks ?? {}).flatMap(link => link.badges), lang)
  const label = entity.labels[lang] ?? ''
  return await renderPage(ctx, reply, 'item', {
    pageTitle: `${label !== '' ? label : id} (${id})`,
    tabs: entityTabs(title, 'edit'),
    error: problem,
    id,
    type: entity.type,
    datatype: entity.data_type,
    lang,
    label,
    description: entity.descriptions[lang] ?? '',
    aliases: entity.aliases[lang] ?? [],
    revision: (got.etag ?? '').replaceAll('"', ''),
    jsonUrl: `${ctx.routePrefix}${REST_BASE}/entities/${kindPath(title)}/${id}`,
    action: pageUrl(title),
    langFormUrl: pageUrl(title, { action: 'edit', uselang: lang === 'en' ? 'de' : 'en' }),
    allTermsUrl: pageUrl(title, { action: 'edit', allterms: 1 }),
    allStatementsUrl: pageUrl(title, { action: 'edit', allstatements: 1 }),
    terms: shownLanguages.map(l => ({ lang: l, label: entity.labels[l] ?? '', description: entity.descriptions[l] ?? '', aliases: entity.aliases[l] ?? [] })),
    moreLanguages: languages.length - shownLanguages.length,
    sitelinks: Object.entries(entity.sitelinks ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([site, link]) => ({
      site, title: link.title, badges: link.badges.length > 0 ? ` (${link.badges.map(b => badgeLabels.get(b) ?? b).join(', ')})` : '',
      url: ctx.farm().some(w => w.siteId === site)
        ? `${ctx.farm().find(w => w.siteId === site)!.url}wiki/${encodeURIComponent(link.title.replaceAll(' ', '_'))}`
        : ''
    })),
    statements: shownProperties.map(p => ({
      property: p,
      propertyLabel: labels.get(p) ?? p,
      propertyUrl: pageUrl(`Property:${p}`),
      values: entity.statements[p]!.map(s => ({
        guid: s.id,
        rank: s.rank,
        html: snakHtml(snakOfPair(s), labels),
        qualifiers: qualifierCount(s) > 0 ? `${qualifierCount(s)} qualifier propert${qualifierCount(s) === 1 ? 'y' : 'ies'}` : ''
      }))
    })),
    truncatedStatements: properties.length - shownProperties.length
  })
}

function termPatch (
  entity: RestEntity, language: string, label: string, description: string, aliases: string[]
): Array<{ op: string, path: string, value?: unknown }> {
  const ops: Array<{ op: string, path: string, value?: unknown }> = []
  const set = (section: 'labels' | 'descriptions' | 'aliases', current: unknown, next: string | string[]): void => {
    const empty = Array.isArray(next) ? next.length === 0 : next === ''
    if (empty) {
      if (current !== undefined) ops.push({ op: 'remove', path: `/${section}/${language}` })
    } else if (JSON.stringify(current) !== JSON.stringify(next)) {
      ops.push({ op: current === undefined ? 'add' : 'replace', path: `/${section}/${language}`, value: next })
    }
  }
  set('labels', entity.labels[language], label)
  set('descriptions', entity.descriptions[language], description)
  set('aliases', entity.aliases[language], aliases)
  return ops
}

/** The edit forms of an entity page: each becomes one REST API call with If-Match. */
export async function itemPost (ctx: UiContext, request: FastifyRequest, reply: FastifyReply, title: Title): Promise<FastifyReply> {
  const body = request.body as Record<string, unknown>
  const id = title.dbKey.toUpperCase()
  const base = `${ctx.routePrefix}${REST_BASE}/entities/${kindPath(title)}/${id}`
  // The plugin asks this wiki (userCan) whether the user may make the edit.
  const user: HostUser = currentUser(request)
  const comment = field(body, 'comment') === '' ? undefined : field(body, 'comment')
  const ifMatch = field(body, 'baseRevisionId') === '' ? undefined : `"${field(body, 'baseRevisionId')}"`
  let result: PluginReply<unknown>
  switch (field(body, 'op')) {
    case 'terms': {
      const current = await callPlugin<RestEntity>(ctx.app, 'GET', base)
      if (current.status !== 200) return await itemPage(ctx, request, reply, title, errorMessage(current))
      const language = field(body, 'language').trim()
      const aliases = field(body, 'aliases').split('|').map(a => a.trim()).filter(a => a !== '')
      const patch = termPatch(current.body, language, field(body, 'label').trim(), field(body, 'description').trim(), aliases)
      if (patch.length === 0) return await reply.redirect(pageUrl(title, { uselang: language }), 303)
      result = await callPlugin(ctx.app, 'PATCH', base, { body: { patch, comment }, ifMatch, user })
      if (result.status < 300) return await reply.redirect(pageUrl(title, { uselang: language }), 303)
      break
    }
    case 'sitelink': {
      const site = field(body, 'site').trim()
      const pageTitle = field(body, 'title').trim()
      result = pageTitle === ''
        ? await callPlugin(ctx.app, 'DELETE', `${base}/sitelinks/${encodeURIComponent(site)}`, { body: { comment }, ifMatch, user })
        : await callPlugin(ctx.app, 'PUT', `${base}/sitelinks/${encodeURIComponent(site)}`,
          { body: { sitelink: { title: pageTitle, badges: [] }, comment }, ifMatch, user })
      break
    }
    case 'add-statement': {
      const property = field(body, 'property').trim().toUpperCase()
      const value = field(body, 'value').trim()
      const prop = await callPlugin<RestEntity>(ctx.app, 'GET', `${ctx.routePrefix}${REST_BASE}/entities/properties/${property}`)
      if (prop.status !== 200) return await itemPage(ctx, request, reply, title, `property ${property}: ${errorMessage(prop)}`)
      const content = prop.body.data_type === 'wikibase-item' ? value.toUpperCase() : value
      result = await callPlugin(ctx.app, 'POST', `${base}/statements`, {
        body: { statement: { property: { id: property }, value: { type: 'value', content }, rank: 'normal' }, comment }, ifMatch, user
      })
      break
    }
    case 'remove-statement':
      result = await callPlugin(ctx.app, 'DELETE', `${base}/statements/${encodeURIComponent(field(body, 'guid'))}`, { body: { comment }, ifMatch, user })
      break
    default:
      return await itemPage(ctx, request, reply, title, 'unknown form')
  }
  if (result.status >= 300) return await itemPage(ctx, request, reply, title, errorMessage(result))
  return await reply.redirect(pageUrl(title), 303)
}
