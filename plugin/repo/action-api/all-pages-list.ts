import type { ApiCall } from '../../action-api/api-module.js'
import { limitParam } from '../../action-api/api-format.js'
import type { ParamSpecs } from '../../action-api/param-validator.js'
import type { ListResult } from '../../action-api/api-module-set.js'
import { listEntityPages } from '../entities/entity-page-store.js'
import { pageTitleOf } from './entity-output.js'

/**
 * `list=allpages` (MediaWiki's ApiQueryAllPages, includes/api/ApiQueryAllPages.php) over the
 * entity namespaces: `apnamespace` (one namespace, default 0), `apfrom`/`apto`/`apprefix`
 * (titles without the namespace, e.g. `Q10`), `apfilterredir`, `apdir`, `aplimit` (default
 * 10), continued with `apcontinue` (the next title). Pages of other namespaces are the
 * host's, not the repo's: the list is empty for them.
 */
export const ALL_PAGES_PARAMS: ParamSpecs = {
  apfrom: {},
  apcontinue: {},
  apto: {},
  apprefix: {},
  apnamespace: { type: 'namespace' },
  apfilterredir: { type: ['all', 'redirects', 'nonredirects'] },
  apdir: { type: ['ascending', 'descending'] },
  aplimit: { type: 'limit' }
}

/** A title parameter as the page_title it matches: spaces to underscores' form, upper-case first letter. */
function titleKey (value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined
  const text = value.replaceAll('_', ' ').trim()
  return text.charAt(0).toUpperCase() + text.slice(1)
}

export async function listAllPages (call: ApiCall): Promise<ListResult> {
  const { params, namespaces } = call
  const ns = Number(params.string('apnamespace') ?? '0')
  const type = ns === namespaces.item ? 'item' : ns === namespaces.property ? 'property' : null
  if (type === null) return { items: [] }
  const limit = limitParam(params, 'aplimit', 10)
  const redirects = (params.string('apfilterredir') ?? 'all') as 'all' | 'redirects' | 'nonredirects'
  const from = titleKey(params.string('apcontinue')) ?? titleKey(params.string('apfrom'))
  const to = titleKey(params.string('apto'))
  const prefix = titleKey(params.string('apprefix'))
  const db = call.deps.db
  const pages = await listEntityPages(db.pool, db, {
    type, redirects, descending: params.string('apdir') === 'descending', limit: limit + 1,
    ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }), ...(prefix === undefined ? {} : { prefix })
  })
  const items = pages.slice(0, limit).map(p => ({ pageid: p.pageId, ns, title: pageTitleOf(p.entityId, p.type, namespaces) }))
  const next = pages[limit]
  return next === undefined ? { items } : { items, continueWith: { apcontinue: next.entityId } }
}
