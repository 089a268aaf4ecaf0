import type { ApiCall, ApiExtension, ApiModule } from './api-module.js'
import type { ParamSpecs } from './param-validator.js'
import type { QueryPage } from './query-page-set.js'

/**
 * What a role adds to the wiki's one `api.php` (MediaWiki's ApiModuleManager, filled by each
 * extension's extension.json `APIModules`, `APIPropModules`, `APIListModules`,
 * `APIMetaModules`): action modules and `action=query` submodules by name. The core set
 * (core-module-set.ts) is MediaWiki's part; the repo and the client each add theirs, so a
 * client-only wiki answers with core + client modules and a repo+client wiki with all.
 */
export interface ApiModuleSet {
  modules?: Readonly<Record<string, ApiModule>>
  prop?: Readonly<Record<string, PropModule>>
  list?: Readonly<Record<string, ListModule>>
  meta?: Readonly<Record<string, MetaModule>>
  /** The extension the role is (siteinfo's `extensions`). */
  extensions?: readonly ApiExtension[]
}

/**
 * A list's rows and, when it has more to give, its continuation parameter(s). A list that
 * writes pages instead (Wikibase's wblistentityusage adds to `query.pages` by page id) gives
 * `pages`: then `items` is not shown.
 */
export interface ListResult { items: unknown[], continueWith?: Record<string, string>, pages?: Map<number, Record<string, unknown>> }

/** What a prop adds to each page (by page key) and, when cut short, its continuation parameter(s). */
export interface PropResult { fields: Map<number, Record<string, unknown>>, continueWith?: Record<string, string> }

export interface PropModule {
  params: ParamSpecs
  /** Fields to add to each page, by page key (or with a continuation, a PropResult). */
  run: (call: ApiCall, pages: readonly QueryPage[]) => Promise<Map<number, Record<string, unknown>> | PropResult>
}

export interface ListModule {
  params: ParamSpecs
  run: (call: ApiCall) => Promise<ListResult>
}

export interface MetaModule {
  params: ParamSpecs
  /** Keys to add to `query`. */
  run: (call: ApiCall) => Promise<Record<string, unknown>>
}

/** The sets merged in order; a later set's module of the same name replaces an earlier one's. */
export function mergeModuleSets (...sets: readonly ApiModuleSet[]): Required<ApiModuleSet> {
  return {
    extensions: sets.flatMap(s => s.extensions ?? []),
    modules: Object.assign({}, ...sets.map(s => s.modules ?? {})),
    prop: Object.assign({}, ...sets.map(s => s.prop ?? {})),
    list: Object.assign({}, ...sets.map(s => s.list ?? {})),
    meta: Object.assign({}, ...sets.map(s => s.meta ?? {}))
  }
}
