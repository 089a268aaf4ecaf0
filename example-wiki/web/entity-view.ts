import type { FastifyReply } from 'fastify'
import { findPage, loadRevision, pageHistory } from '../engine/page-store.js'
import { pageUrl, type Title } from '../engine/titles.js'
import { callPlugin, REST_BASE } from './plugin-api.js'
import { autonymOf, termWithFallback } from './language-names.js'
import { languageFallbackChain } from '../../plugin/language/language-fallback.js'
import { entityIdsOfSnak, entityLinkHtml, snakValueHtml } from './entity-value-html.js'
import { qualifiersByProperty, snakOfPair, type RestPropertyValuePair, type RestStatement } from './rest-statement-snak.js'
import { groupSitelinks } from './sitelink-groups.js'
import { knownSites } from './site-urls.js'
import { formatComment } from './comment-formatter.js'
import { entityDiffRows, entityIdsOfDiff, type CanonicalEntity } from './entity-diff.js'
import { entityAutoCommentFor } from './autocomment-formatter.js'
import { formatTime, renderPage, type UiContext } from './ui-context.js'
import { entityUsageSummary, type EntityUsageSummary } from '../../plugin/repo-reader/entity-usage-counts.js'
import { wikibaseInternals } from '../../plugin/facade.js'
import { visibleHistory } from './entity-history-visibility.js'
import type { EntityId } from '../../hooks/ids.js'

/**
 * The read view of an entity page (Item:Q64, Property:P17) as Wikibase's EntityView lays it
 * out: the terms in the wiki's language with fallback (label, description, aliases), the
 * terms in more languages, the statements grouped by property (identifiers apart), then the
 * sitelinks grouped by site group with badges by label — and the page's tabs.
 */
export interface EntityData {
  id: string
  type: 'item' | 'property'
  data_type?: string
  labels: Record<string, string>
  descriptions: Record<string, string>
  aliases: Record<string, string[]>
  statements: Record<string, RestStatement[]>
  sitelinks?: Record<string, { title: string, badges: string[] }>
}

/** Languages the term table shows besides the wiki's (Wikidata shows the user's Babel languages). */
const MORE_LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'ja', 'ru']
/** Labels looked up for one page, at most (a bound on the work of one request). */
const MAX_LABEL_LOOKUPS = 600

export type EntityTab = 'view' | 'history' | 'edit'

/** Read / View history / Edit, as the tabs of an entity page on Wikidata (Edit opens the forms). */
export function entityTabs (title: Title, current: EntityTab): Array<{ label: string, href: string, current?: boolean }> {
  return [
    { label: 'Read', href: pageUrl(title), current: current === 'view' },
    { label: 'View history', href: pageUrl(title, { action: 'history' }), current: current === 'history' },
    { label: 'Edit', href: pageUrl(title, { action: 'edit' }), current: current === 'edit' }
  ]
}

/** wbgetentities' limit of ids per request (ApiBase::LIMIT_SML1, what Wikibase allows a non-bot). */
const IDS_PER_REQUEST = 50

/** Labels (with language fallback) of entities, read through the repo's action API (wbgetentities, 50 ids a call); absent when none. */
export async function entityLabels (ctx: UiContext, ids: Iterable<string>, language: string): Promise<Map<string, string>> {
  const unique = [...new Set(ids)].filter(id => /^[QP][1-9][0-9]*$/.test(id)).slice(0, MAX_LABEL_LOOKUPS)
  const batches: string[][] = []
  for (let i = 0; i < unique.length; i += IDS_PER_REQUEST) batches.push(unique.slice(i, i + IDS_PER_REQUEST))
  const labels = new Map<string, string>()
  await Promise.all(batches.map(async batch => {
    const query = new URLSearchParams({
      action: 'wbgetentities', ids: batch.join('|'), props: 'labels', languages: languageFallbackChain(language).join('|'), format: 'json'
    })
    const reply = await callPlugin<{ entities?: Record<string, { labels?: Record<string, { value?: unknown }> }> }>(ctx.app, 'GET',
      `${ctx.routePrefix}/w/api.php?${query.toString()}`)
    for (const [id, entity] of Object.entries(reply.status === 200 ? reply.body?.entities ?? {} : {})) {
      const label = termWithFallback(entity.labels ?? {}, language)?.value.value
      if (typeof label === 'string') labels.set(id, label)
    }
  }))
  return labels
}

/**
 * The entity with a data type for every statement value: the REST API gives `data_type: null`
 * for a property the repo lacks (imported items use many), and the page, as before, then goes
 * by the data type the stored snaks carry (wbgetentities shows it), so such values still link
 * their items and identifiers still stand apart. One action API call, only when needed.
 */
export async function withStoredDatatypes (ctx: UiContext, entity: EntityData): Promise<EntityData> {
  const all = Object.values(entity.statements).flat()
  const pairs = [...all, ...all.flatMap(s => [...s.qualifiers, ...s.references.flatMap(r => r.parts)])]
  if (pairs.every(p => p.property.data_type !== null)) return entity
  const query = new URLSearchParams({ action: 'wbgetentities', ids: entity.id, props: 'claims', format: 'json' })
  type Snaks = Record<string, Array<{ property?: string, datatype?: unknown }>>
  const reply = await callPlugin<{ entities?: Record<string, { claims?: Record<string, Array<{ mainsnak?: { datatype?: unknown }, qualifiers?: Snaks }>> }> }>(
    ctx.app, 'GET', `${ctx.routePrefix}/w/api.php?${query.toString()}`)
  const stored = new Map<string, string>()
  for (const [property, list] of Object.entries((reply.status === 200 ? reply.body?.entities?.[entity.id]?.claims : undefined) ?? {})) {
    for (const statement of list) {
      if (typeof statement.mainsnak?.datatype === 'string') stored.set(property, statement.mainsnak.datatype)
      for (const [qualifier, snaks] of Object.entries(statement.qualifiers ?? {})) {
        for (const snak of snaks) if (typeof snak.datatype === 'string') stored.set(qualifier, snak.datatype)
      }
    }
  }
  const fill = <T extends RestPropertyValuePair>(pair: T): T =>
    pair.property.data_type !== null ? pair : { ...pair, property: { ...pair.property, data_type: stored.get(pair.property.id) ?? null } }
  const statements = Object.fromEntries(Object.entries(entity.statements).map(([property, list]) => [property, list.map(s => ({
    ...fill(s), qualifiers: s.qualifiers.map(fill), references: s.references.map(r => ({ ...r, parts: r.parts.map(fill) }))
  }))]))
  return { ...entity, statements }
}

function idsShownBy (entity: EntityData): string[] {
  const ids: string[] = []
  for (const [property, statements] of Object.entries(entity.statements)) {
    ids.push(property)
    for (const statement of statements) {
      ids.push(...entityIdsOfSnak(snakOfPair(statement)))
      for (const [qualifier, snaks] of qualifiersByProperty(statement)) ids.push(qualifier, ...snaks.flatMap(entityIdsOfSnak))
    }
  }
  for (const link of Object.values(entity.sitelinks ?? {})) ids.push(...link.badges)
  return ids
}

export function statementGroups (entity: EntityData, context: Parameters<typeof snakValueHtml>[1]): Array<{
  property: string
  propertyHtml: string
  identifier: boolean
  statements: Array<{ rank: string, valueHtml: string, qualifiers: Array<{ propertyHtml: string, valuesHtml: string[] }>, references: number }>
}> {
  return Object.entries(entity.statements).map(([property, statements]) => ({
    property,
    propertyHtml: entityLinkHtml(property, context),
    identifier: statements.some(s => s.property.data_type === 'external-id'),
    statements: statements.map(statement => ({
      rank: ['preferred', 'deprecated'].includes(statement.rank) ? statement.rank : 'normal',
      valueHtml: snakValueHtml(snakOfPair(statement), context),
      qualifiers: qualifiersByProperty(statement).map(([qualifier, snaks]) => ({
        propertyHtml: entityLinkHtml(qualifier, context),
        valuesHtml: snaks.map(snak => snakValueHtml(snak, context))
      })),
      references: statement.references.length
    }))
  }))
}

export async function entityViewPage (
  ctx: UiContext, reply: FastifyReply, title: Title, entity: EntityData, language: string, revision: string
): Promise<FastifyReply> {
  const labels = await entityLabels(ctx, idsShownBy(entity), language)
  const context = { language, labelOf: (id: string) => labels.get(id) }
  const label = termWithFallback(entity.labels, language)
  const description = termWithFallback(entity.descriptions, language)
  const aliases = entity.aliases[label?.language ?? language] ?? entity.aliases[language] ?? []
  const termLanguages = [...new Set([language, ...MORE_LANGUAGES])]
    .filter(l => entity.labels[l] !== undefined || entity.descriptions[l] !== undefined || entity.aliases[l] !== undefined)
  const allLanguages = new Set([...Object.keys(entity.labels), ...Object.keys(entity.descriptions), ...Object.keys(entity.aliases)])
  const groups = statementGroups(entity, context)
  const sites = entity.type === 'item' ? (await knownSites(ctx)).byId : new Map()
  const usage = await usageOf(ctx, entity.id)
  return await renderPage(ctx, reply, 'item-view', {
    pageTitle: `${label?.value ?? entity.id} (${entity.id})`,
    tabs: entityTabs(title, 'view'),
    id: entity.id,
    type: entity.type,
    datatype: entity.data_type,
    language,
    label: label === null ? null : { ...label, fallback: label.language !== language, languageName: autonymOf(label.language) },
    description: description === null ? null : { ...description, fallback: description.language !== language },
    aliases,
    terms: termLanguages.map(l => ({
      lang: l, name: autonymOf(l), label: entity.labels[l] ?? '', description: entity.descriptions[l] ?? '', aliases: entity.aliases[l] ?? []
    })),
    moreLanguages: allLanguages.size - termLanguages.length,
    allTermsUrl: pageUrl(title, { action: 'edit', allterms: 1 }),
    statementGroups: groups.filter(g => !g.identifier),
    identifierGroups: groups.filter(g => g.identifier),
    sitelinkGroups: entity.type === 'item' ? groupSitelinks(entity.sitelinks ?? {}, sites, id => labels.get(id) ?? id) : [],
    sitelinkCount: Object.keys(entity.sitelinks ?? {}).length,
    usage: usage === null ? null : usageLine(usage),
    revision,
    jsonUrl: `${ctx.routePrefix}${REST_BASE}/entities/${entity.type === 'property' ? 'properties' : 'items'}/${entity.id}`
  })
}

/** How widely the clients use the entity (the repo's usage counts); null on a wiki that is not the repo. */
async function usageOf (ctx: UiContext, id: string): Promise<EntityUsageSummary | null> {
  if (!ctx.app.wikibase.roles.includes('repo')) return null
  const { self } = wikibaseInternals(ctx.app)
  return await entityUsageSummary(self.pool, self, id as EntityId)
}

/** "used on 3 pages on 2 wikis", with the singulars. */
export function usageLine ({ pages, wikis }: EntityUsageSummary): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`
  return `used on ${plural(pages, 'page')} on ${plural(wikis, 'wiki')}`
}

function entityRevisionOf (text: string | undefined): number {
  try {
    const revision = (JSON.parse(text ?? '') as { entityRevision?: unknown }).entityRevision
    return typeof revision === 'number' && Number.isSafeInteger(revision) && revision > 0 ? revision : 0
  } catch {
    return 0
  }
}

/** action=history of an entity page: the host page's revisions, their autocomments formatted as the repo does. */
export async function entityHistoryPage (
  ctx: UiContext, reply: FastifyReply, title: Title, entity: Pick<EntityData, 'type'>, pageTitle: string
): Promise<FastifyReply> {
  const autocomment = entityAutoCommentFor(entity.type)
  const { byInterwiki } = await knownSites(ctx)
  const interwikiUrl = (prefix: string, target: string): string | null => byInterwiki.get(prefix)?.pageUrl(target) ?? null
  const page = await findPage(ctx.wiki.db.pool, ctx.wiki.db, title)
  const revisions = page === null ? [] : await pageHistory(ctx.wiki.db.pool, ctx.wiki.db, page.page_id)
  // Each host revision records the entity revision it saved; the date links to what that edit changed.
  const entityRevisions = await Promise.all(revisions.map(async r => entityRevisionOf((await loadRevision(ctx.wiki.db.pool, ctx.wiki.db, r.rev_id))?.rev_text)))
  const diffUrl = (i: number): string => entityRevisions[i]! > 0
    ? pageUrl(title, { diff: entityRevisions[i]!, oldid: entityRevisions[i + 1] ?? 0 })
    : pageUrl(title)
  const visible = await visibleHistory(ctx, reply.request, title.dbKey as EntityId, entityRevisions,
    revisions.map(r => ({ userText: r.rev_user_text, comment: r.rev_comment })))
  return await renderPage(ctx, reply, 'history', {
    pageTitle: `${pageTitle}: Revision history`,
    tabs: entityTabs(title, 'history'),
    revisions: revisions.map((r, i) => {
      const { userText, comment, userHidden, commentHidden } = visible[i]!
      return {
        url: diffUrl(i), timestamp: formatTime(r.rev_timestamp), length: r.rev_len, minor: r.rev_minor,
        user: userText ?? '(username removed)', userHidden,
        comment: comment ?? (commentHidden ? '(edit summary removed)' : ''),
        commentHidden,
        ...(comment === null ? {} : { commentHtml: formatComment(comment, { autocomment, pageUrl: target => pageUrl(target), interwikiUrl }) })
      }
    }),
    canDelete: false
  })
}

async function canonicalRevision (ctx: UiContext, id: string, revision: number): Promise<CanonicalEntity | null> {
  if (revision === 0) return {}
  const got = await callPlugin<{ entities?: Record<string, CanonicalEntity> }>(ctx.app, 'GET',
    `${ctx.routePrefix}/wiki/Special:EntityData/${id}.json?revision=${revision}`)
  return got.status === 200 ? Object.values(got.body?.entities ?? {})[0] ?? null : null
}

/** `?diff=<revision>&oldid=<revision>` of an entity page: what one edit changed (entity revision ids, as a client's diff link has them). */
export async function entityDiffPage (
  ctx: UiContext, reply: FastifyReply, title: Title, entity: EntityData, language: string, diff: string, oldid: string
): Promise<FastifyReply> {
  const newId = Number(diff)
  const oldId = oldid === '' ? 0 : Number(oldid)
  const heading = `${termWithFallback(entity.labels, language)?.value ?? entity.id} (${entity.id}): Difference between revisions`
  const fail = async (error: string, status: number): Promise<FastifyReply> =>
    await renderPage(ctx, reply, 'list', { pageTitle: heading, tabs: entityTabs(title, 'history'), error, items: [] }, status)
  if (!Number.isSafeInteger(newId) || newId < 1 || !Number.isSafeInteger(oldId) || oldId < 0) return await fail('diff and oldid must be revision numbers.', 400)
  const [before, after] = await Promise.all([canonicalRevision(ctx, entity.id, oldId), canonicalRevision(ctx, entity.id, newId)])
  if (before === null || after === null) return await fail(`${entity.id} has no revision ${before === null ? oldId : newId}.`, 404)
  const labels = await entityLabels(ctx, entityIdsOfDiff(before, after), language)
  return await renderPage(ctx, reply, 'entity-diff', {
    pageTitle: heading,
    tabs: entityTabs(title, 'history'),
    oldRevision: oldId,
    newRevision: newId,
    rows: entityDiffRows(before, after, { language, labelOf: id => labels.get(id) }),
    currentUrl: pageUrl(title)
  })
}
