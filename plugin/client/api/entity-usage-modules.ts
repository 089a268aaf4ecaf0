import type { ListModule, PropModule } from '../../action-api/api-module-set.js'
import type { ApiCall } from '../../action-api/api-module.js'
import { ApiError } from '../../action-api/api-errors.js'
import { limitParam } from '../../action-api/api-format.js'
import type { ParamSpecs } from '../../action-api/param-validator.js'
import type { EntityId, PageId } from '../../../hooks/ids.js'
import { entityNamespacesOf, repoNamespaces } from '../../action-api/siteinfo.js'
import { selectUsages, type UsageQuery, type UsageRow } from '../usage/entity-usage-query.js'

/**
 * `prop=wbentityusage` (Wikibase's client/includes/Api/ApiPropsEntityUsage.php) and
 * `list=wblistentityusage` (ApiListEntityUsage.php), both with the prefix `wbeu`: the usages
 * of the page set's pages, or the pages using the given entities, as
 * `{ <entity id>: { aspects: [..], url? } }` per page (ApiResult kvp by id, the same in
 * format 1 and 2). `wbeulimit` (default 10, at most 500) counts usage rows; one row more is
 * read, and when it is there `wbeucontinue` is `<page id>|<entity id>|<aspect>` of it.
 * The list writes its pages into `query.pages` by page id (ns, title, pageid), as Wikibase's.
 */

/** EntityUsage's aspects as the modules' `wbeuaspect` offers them. */
export const USAGE_ASPECTS = ['S', 'L', 'D', 'T', 'C', 'X', 'O'] as const

export const ENTITY_USAGE_PROP_PARAMS: ParamSpecs = {
  wbeuprop: { type: ['url'], multi: true },
  wbeuaspect: { type: USAGE_ASPECTS, multi: true },
  wbeuentities: { multi: true },
  wbeulimit: { type: 'limit' },
  wbeucontinue: {}
}

export const LIST_ENTITY_USAGE_PARAMS: ParamSpecs = { ...ENTITY_USAGE_PROP_PARAMS, wbeuentities: { multi: true, required: true } }

export interface EntityUsageEntry { aspects: string[], url?: string }

export interface GroupedUsages {
  /** Each page's entries by entity id, pages in row order. */
  pages: Array<[number, Record<string, EntityUsageEntry>]>
  /** `wbeucontinue` of the first row not given. */
  continueFrom?: string
}

/** Rows (up to limit + 1, in order) as the modules' entries; urls by entity id when asked for. */
export function groupUsages (rows: readonly UsageRow[], limit: number, urls?: ReadonlyMap<string, string>): GroupedUsages {
  const pages: GroupedUsages['pages'] = []
  for (const row of rows.slice(0, limit)) {
    let current = pages.at(-1)
    if (current === undefined || current[0] !== row.pageId) { current = [row.pageId, {}]; pages.push(current) }
    const entry = current[1][row.entityId]
    if (entry !== undefined) { entry.aspects.push(row.aspect); continue }
    const url = urls?.get(row.entityId)
    current[1][row.entityId] = url === undefined ? { aspects: [row.aspect] } : { aspects: [row.aspect], url }
  }
  const next = rows[limit]
  return next === undefined ? { pages } : { pages, continueFrom: `${next.pageId}|${next.entityId}|${next.aspect}` }
}

/** `wbeucontinue` as a row; anything else is `badcontinue`. */
export function parseUsageContinue (value: string): UsageRow {
  const parts = value.split('|')
  const page = parts[0] ?? ''
  if (parts.length < 3 || !/^\d{1,10}$/.test(page) || Number(page) > 2147483647) {
    throw new ApiError('badcontinue', 'Invalid continue param. You should pass the original value returned by the previous query.')
  }
  return { pageId: Number(page), entityId: parts[1]!, aspect: parts.slice(2).join('|') }
}

/** ApiBase's multi-value limits (ISMULTI_LIMIT1 / LIMIT2 for bots). */
function boundedList (call: ApiCall, name: string): string[] {
  const values = call.params.list(name)
  const limit = call.user.bot ? 500 : 50
  if (values.length > limit) throw new ApiError('toomanyvalues', `Too many values supplied for parameter "${name}". The limit is ${limit}.`, { limit })
  return values
}

function usageQuery (call: ApiCall, limit: number): Omit<UsageQuery, 'pageIds'> {
  const { params } = call
  const continued = params.string('wbeucontinue')
  return {
    limit: limit + 1,
    ...(params.has('wbeuentities') ? { entityIds: boundedList(call, 'wbeuentities') } : {}),
    ...(params.has('wbeuaspect') ? { aspects: params.list('wbeuaspect') } : {}),
    ...(continued === undefined || continued === '' ? {} : { from: parseUsageContinue(continued) })
  }
}

/** RepoLinker::getPageUrl('Special:EntityPage/<id>') of the entities of these rows, when `wbeuprop=url`. */
async function entityUrls (call: ApiCall, rows: readonly UsageRow[]): Promise<Map<string, string> | undefined> {
  const entityUrl = call.deps.client?.config.entityUrl
  if (!call.params.list('wbeuprop').includes('url') || entityUrl === undefined) return undefined
  const urls = new Map<string, string>()
  for (const id of new Set(rows.map(row => row.entityId))) {
    const url = await entityUrl(id as EntityId)
    if (url !== null) urls.set(id, url)
  }
  return urls
}

export const ENTITY_USAGE_PROP_MODULE: PropModule = {
  params: ENTITY_USAGE_PROP_PARAMS,
  run: async (call, pages) => {
    const client = call.deps.client
    const pageIds = pages.filter(p => p.pageid !== undefined && p.missing !== true && p.entity === undefined).map(p => p.pageid!)
    if (client === null || client === undefined || pageIds.length === 0) return new Map()
    const limit = limitParam(call.params, 'wbeulimit', 10)
    const rows = await selectUsages(client.db, { ...usageQuery(call, limit), pageIds })
    const grouped = groupUsages(rows, limit, await entityUrls(call, rows.slice(0, limit)))
    const fields = new Map<number, Record<string, unknown>>(grouped.pages.map(([id, entries]) => [id, { wbentityusage: entries }]))
    return grouped.continueFrom === undefined ? { fields } : { fields, continueWith: { wbeucontinue: grouped.continueFrom } }
  }
}

export const LIST_ENTITY_USAGE_MODULE: ListModule = {
  params: LIST_ENTITY_USAGE_PARAMS,
  run: async call => {
    const client = call.deps.client
    if (client === null || client === undefined) return { items: [] }
    const limit = limitParam(call.params, 'wbeulimit', 10)
    const rows = await selectUsages(client.db, usageQuery(call, limit))
    const grouped = groupUsages(rows, limit, await entityUrls(call, rows.slice(0, limit)))
    const records = await call.deps.host?.services.pagesByIds?.(grouped.pages.map(([id]) => id as PageId)) ?? []
    const byId = new Map(records.map(record => [record.id as number, record]))
    const names = new Map(repoNamespaces(call.deps.siteId, entityNamespacesOf(call)).map(ns => [ns.id, ns.name ?? ns.canonical]))
    const pages = new Map<number, Record<string, unknown>>()
    for (const [id, entries] of grouped.pages) {
      const record = byId.get(id)
      // ApiQueryBase::addTitleInfo: ns and title of the page (a usage row of a page gone has none).
      const title = record === undefined ? {} : { ns: record.namespace, title: record.prefixedText ?? prefixed(names.get(record.namespace), record.title) }
      pages.set(id, { ...title, pageid: id, wblistentityusage: entries })
    }
    return { items: [], pages, ...(grouped.continueFrom === undefined ? {} : { continueWith: { wbeucontinue: grouped.continueFrom } }) }
  }
}

function prefixed (namespace: string | undefined, dbKey: string): string {
  const text = dbKey.replaceAll('_', ' ')
  return namespace === undefined || namespace === '' ? text : `${namespace}:${text}`
}
