import { ApiError } from './api-errors.js'
import type { ApiModule } from './api-module.js'
import type { ApiParams } from './api-params.js'
import { trueFlag, isFormatVersion2 } from './api-format.js'
import { siteinfo, SITEINFO_PROPS } from './siteinfo.js'
import { TOKEN_TYPES, tokens, userinfo } from './account-modules.js'
import { listRecentChanges, RECENT_CHANGES_PARAMS } from './recent-changes-list.js'
import { resolvePageSet, type QueryPage } from './query-page-set.js'
import type { ApiModuleSet } from './api-module-set.js'
import type { ParamSpecs } from './param-validator.js'
import { userHasRight } from '../repo/user-rights.js'

/**
 * `action=query` (MediaWiki's ApiQuery, includes/api/ApiQuery.php) with its submodules, each
 * declaring its parameters (checked by param-validator.ts under the path `query+<name>`):
 * `meta=tokens|siteinfo|userinfo|allmessages`, `list=tags|recentchanges|allpages`, and
 * `prop=info|revisions|pageprops` over the pages of `titles` or `pageids`
 * (query-page-set.ts). An unknown value of `prop`, `list` or `meta` is a warning of `query`
 * (the validator drops it). A list that has more to give adds its continuation parameter
 * to `continue` with `continue: "-||"` (ApiContinuationManager: list modules never hold the
 * batch back, so `batchcomplete` stays). Which submodules there are is the wiki's roles'
 * choice (api-module-set.ts): the core has tokens, siteinfo, userinfo and recentchanges.
 */

/** MediaWiki core's query submodules; the roles add theirs (api-module-set.ts). */
export const CORE_QUERY_SUBMODULES = {
  meta: {
    tokens: { params: { type: { type: TOKEN_TYPES, multi: true } }, run: async call => ({ tokens: await tokens(call) }) },
    siteinfo: { params: { siprop: { type: SITEINFO_PROPS, multi: true } }, run: async call => siteinfo(call) },
    userinfo: { params: {}, run: async call => ({ userinfo: await userinfo(call) }) }
  },
  list: { recentchanges: { params: RECENT_CHANGES_PARAMS, run: listRecentChanges } },
  prop: {}
} satisfies Pick<Required<ApiModuleSet>, 'meta' | 'list' | 'prop'>

type Submodules = Pick<Required<ApiModuleSet>, 'meta' | 'list' | 'prop'>

function queryParams (set: Submodules): ParamSpecs {
  return {
    prop: { type: Object.keys(set.prop), multi: true },
    list: { type: Object.keys(set.list), multi: true },
    meta: { type: Object.keys(set.meta), multi: true },
    titles: { multi: true },
    pageids: { type: 'integer', multi: true },
    indexpageids: { type: 'boolean' },
    redirects: { type: 'boolean' },
    // No language variants here: accepted (MediaWikiPageNameNormalizer sends it) and a no-op.
    converttitles: { type: 'boolean' },
    continue: {},
    rawcontinue: { type: 'boolean' }
  }
}

function submoduleParams (set: Submodules, params: ApiParams): Array<[string, ParamSpecs]> {
  const out: Array<[string, ParamSpecs]> = []
  for (const group of ['prop', 'list', 'meta'] as const) {
    const registry: Readonly<Record<string, { params: ParamSpecs }>> = set[group]
    for (const name of params.list(group)) {
      const module = Object.hasOwn(registry, name) ? registry[name] : undefined
      if (module !== undefined) out.push([`query+${name}`, module.params])
    }
  }
  return out
}

/** `pages` as format 1 (an object by page key) or 2 (a list) writes it, with the props' fields. */
function pagesOutput (pages: readonly QueryPage[], fields: ReadonlyArray<Map<number, Record<string, unknown>>>, v2: boolean): unknown {
  const shown = pages.map(page => {
    const out: Record<string, unknown> = {}
    if (page.pageid !== undefined && page.missing !== true) out.pageid = page.pageid
    if (page.ns !== undefined) out.ns = page.ns
    if (page.invalidreason !== undefined) {
      out.title = page.title
      out.invalidreason = page.invalidreason
      out.invalid = v2 ? true : ''
      return { page, out }
    }
    if (page.missing === true && page.ns === undefined) out.pageid = page.pageid
    else out.title = page.title
    if (page.missing === true) out.missing = v2 ? true : ''
    for (const map of fields) Object.assign(out, map.get(page.key))
    return { page, out }
  })
  return v2 ? shown.map(s => s.out) : Object.fromEntries(shown.map(s => [String(s.page.key), s.out]))
}

/**
 * A list's pages added to `query.pages` (ApiResult::addValue under `query`/`pages` by page id):
 * an object by page id in both formats, as ApiResult writes an array with such keys; pages of
 * the page set (format 2's list) keep theirs.
 */
function listPages (existing: unknown, pages: ReadonlyMap<number, Record<string, unknown>>): unknown {
  if (Array.isArray(existing)) return [...existing, ...pages.values()]
  const out: Record<string, unknown> = { ...(existing as Record<string, unknown> | undefined) }
  for (const [id, page] of pages) out[String(id)] = { ...(out[String(id)] as Record<string, unknown> | undefined), ...page }
  return out
}

/** `action=query` over the wiki's submodules (the core's and its roles'). */
export function queryModuleOf (submodules: Submodules): ApiModule {
  return {
    params: queryParams(submodules),
    submodules: params => submoduleParams(submodules, params),
    run: async call => {
      const { params } = call
      const v2 = isFormatVersion2(params)
      const query: Record<string, unknown> = {}
      const continued: Record<string, string> = {}
      let propContinued = false
      const props = params.list('prop')
      const lists = params.list('list')
      const withPages = params.has('titles') || params.has('pageids')
      // Pages and lists show the wiki's content and history: they need `read` (MediaWiki's query modules are read mode).
      if ((lists.length > 0 || withPages) && !await userHasRight({ host: call.deps.host, user: call.user }, 'read')) {
        throw new ApiError('readapidenied', 'You need read permission to use this module.')
      }
      if (withPages) {
        const set = await resolvePageSet(call)
        if (set.normalized.length > 0) query.normalized = set.normalized.map(n => v2 ? { fromencoded: false, from: n.from, to: n.to } : n)
        if (set.redirects.length > 0) query.redirects = set.redirects
        const fields = []
        for (const name of props) {
          const result = await submodules.prop[name]!.run(call, set.pages)
          if (result instanceof Map) { fields.push(result); continue }
          fields.push(result.fields)
          if (result.continueWith !== undefined) { Object.assign(continued, result.continueWith); propContinued = true }
        }
        if (params.bool('indexpageids')) query.pageids = set.pages.map(p => String(p.key))
        query.pages = pagesOutput(set.pages, fields, v2)
      }
      for (const meta of params.list('meta')) Object.assign(query, await submodules.meta[meta]!.run(call))
      for (const list of lists) {
        const result = await submodules.list[list]!.run(call)
        if (result.pages === undefined) query[list] = result.items
        else query.pages = listPages(query.pages, result.pages)
        Object.assign(continued, result.continueWith)
      }
      // ApiContinuationManager: a prop cut short holds the batch back (`||`, no batchcomplete);
      // lists never do (`-||`, the page set is done).
      const answer: Record<string, unknown> = propContinued ? {} : { batchcomplete: trueFlag(v2) }
      if (Object.keys(continued).length > 0) answer.continue = { ...continued, continue: propContinued ? '||' : '-||' }
      if (Object.keys(query).length > 0) answer.query = query
      return answer
    }
  }
}
