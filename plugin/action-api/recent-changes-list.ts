import type { RecentChangeListing, RecentChangesQuery } from '../../hooks/contract.js'
import { ApiError } from './api-errors.js'
import type { ApiCall } from './api-module.js'
import { isFormatVersion2, isoTimestamp, limitParam, mwTimestamp, setFlag, timestampParam } from './api-format.js'
import type { ListResult } from './api-module-set.js'
import { entityNamespacesOf, repoNamespaces } from './siteinfo.js'
import type { ParamSpecs } from './param-validator.js'

/**
 * `list=recentchanges` (MediaWiki's ApiQueryRecentChanges, includes/api/ApiQueryRecentChanges.php): the rows live in the host's
 * recentchanges table, so the host's `queryRecentChanges` service reads them; this module
 * parses the `rc*` parameters, asks for one row more than `rclimit` to know whether to
 * continue, and writes MediaWiki's row shape. `rccontinue` is `<TS_MW timestamp>|<rc_id>` of
 * the next row, as MediaWiki's.
 */

/** rc_source → MediaWiki's `type` (RecentChange::parseFromRCType names). */
const TYPE_OF_SOURCE: Readonly<Record<string, string>> = { 'mw.edit': 'edit', 'mw.new': 'new', 'mw.log': 'log', wb: 'external', 'mw.categorize': 'categorize' }
const SOURCES_OF_TYPE: Readonly<Record<string, string>> = { edit: 'mw.edit', new: 'mw.new', log: 'mw.log', external: 'wb', categorize: 'mw.categorize' }
const RC_TYPES = Object.keys(SOURCES_OF_TYPE)
/** ApiQueryRecentChanges' defaults: `rctype` without `external`, `rcprop=title|timestamp|ids`. */
const DEFAULT_TYPES = ['edit', 'new', 'log', 'categorize']
const DEFAULT_PROPS = ['title', 'timestamp', 'ids']
const RC_PROPS = ['title', 'ids', 'user', 'userid', 'flags', 'sizes', 'timestamp', 'comment', 'tags']

export const RECENT_CHANGES_PARAMS: ParamSpecs = {
  rcstart: { type: 'timestamp' },
  rcend: { type: 'timestamp' },
  rcdir: { type: ['older', 'newer'] },
  rcnamespace: { type: 'namespace', multi: true },
  rcprop: { type: RC_PROPS, multi: true },
  rctype: { type: RC_TYPES, multi: true },
  rclimit: { type: 'limit' },
  rccontinue: {}
}

const badContinue = (): ApiError => new ApiError('badcontinue', 'Invalid continue param. You should pass the original value returned by the previous query.')

function continueParam (value: string | undefined): RecentChangesQuery['from'] {
  if (value === undefined) return undefined
  const match = /^(\d{14})\|(\d{1,15})$/.exec(value)
  if (match === null) throw badContinue()
  const t = match[1]!
  const timestamp = new Date(Date.UTC(Number(t.slice(0, 4)), Number(t.slice(4, 6)) - 1, Number(t.slice(6, 8)), Number(t.slice(8, 10)),
    Number(t.slice(10, 12)), Number(t.slice(12, 14))))
  if (Number.isNaN(timestamp.getTime())) throw badContinue()
  return { timestamp, id: Number(match[2]) }
}

/** The query the parameters ask for (checked; `limit` is rclimit + 1). */
export function recentChangesQuery (call: ApiCall): { query: RecentChangesQuery, limit: number } {
  const { params } = call
  const limit = limitParam(params, 'rclimit', 10)
  const dir = params.oneOf('rcdir', ['older', 'newer'] as const) ?? 'older'
  const types = params.has('rctype') ? params.list('rctype') : DEFAULT_TYPES
  for (const type of types) {
    if (!RC_TYPES.includes(type)) throw new ApiError('unknown_rctype', `Unrecognized value for parameter "rctype": ${type}.`)
  }
  const namespaces = params.list('rcnamespace').map(value => {
    if (!/^-?\d{1,9}$/.test(value)) throw new ApiError('unknown_rcnamespace', `Unrecognized value for parameter "rcnamespace": ${value}.`)
    return Number(value)
  })
  const start = timestampParam(params, 'rcstart')
  const end = timestampParam(params, 'rcend')
  const from = continueParam(params.string('rccontinue'))
  const query: RecentChangesQuery = {
    dir, limit: limit + 1, sources: types.map(type => SOURCES_OF_TYPE[type]!),
    ...(namespaces.length === 0 ? {} : { namespaces }), ...(start === undefined ? {} : { start }), ...(end === undefined ? {} : { end }),
    ...(from === undefined ? {} : { from })
  }
  return { query, limit }
}

/**
 * The title as MediaWiki shows it (Title::getPrefixedText): the namespace's name as siteinfo
 * gives it, a colon, the text with spaces. A namespace siteinfo does not know (one of the
 * host's own) is left without a prefix.
 */
function prefixedTitle (names: ReadonlyMap<number, string>, namespace: number, dbKey: string): string {
  const text = dbKey.replaceAll('_', ' ')
  const name = names.get(namespace)
  return name === undefined || name === '' ? text : `${name}:${text}`
}

function rowOutput (row: RecentChangeListing, props: ReadonlySet<string>, v2: boolean, names: ReadonlyMap<number, string>): Record<string, unknown> {
  const out: Record<string, unknown> = { type: TYPE_OF_SOURCE[row.rc_source] ?? 'external' }
  if (props.has('title')) { out.ns = row.rc_namespace; out.title = prefixedTitle(names, row.rc_namespace, row.rc_title) }
  if (props.has('ids')) { out.pageid = row.rc_cur_id; out.revid = row.rc_this_oldid; out.old_revid = row.rc_last_oldid; out.rcid = row.rc_id }
  if (props.has('user')) out.user = row.rc_user_text
  if (props.has('userid')) out.userid = row.rc_user
  if ((props.has('user') || props.has('userid')) && row.rc_user === 0) setFlag(out, 'anon', true, v2)
  if (props.has('flags')) {
    setFlag(out, 'bot', row.rc_bot, v2)
    setFlag(out, 'new', row.rc_source === 'mw.new', v2)
    setFlag(out, 'minor', row.rc_minor, v2)
  }
  if (props.has('sizes')) { out.oldlen = row.rc_old_len ?? 0; out.newlen = row.rc_new_len ?? 0 }
  if (props.has('timestamp')) out.timestamp = isoTimestamp(row.rc_timestamp)
  if (props.has('comment')) out.comment = row.rc_comment
  if (props.has('tags')) out.tags = row.tags
  return out
}

export async function listRecentChanges (call: ApiCall): Promise<ListResult> {
  const service = call.deps.host?.services.queryRecentChanges
  if (service === undefined) {
    throw new ApiError('recentchanges-unavailable', 'This wiki does not list its recent changes here: its host offers no queryRecentChanges service.')
  }
  const { query, limit } = recentChangesQuery(call)
  const props = new Set(call.params.has('rcprop') ? call.params.list('rcprop') : DEFAULT_PROPS)
  const rows = await service(query)
  const v2 = isFormatVersion2(call.params)
  const names = new Map(repoNamespaces(call.deps.siteId, entityNamespacesOf(call)).map(ns => [ns.id, ns.name ?? ns.canonical]))
  const items = rows.slice(0, limit).map(row => rowOutput(row, props, v2, names))
  const next = rows[limit]
  return next === undefined ? { items } : { items, continueWith: { rccontinue: `${mwTimestamp(next.rc_timestamp)}|${next.rc_id}` } }
}
