import { isEntityId, type EntityId } from '../../../hooks/ids.js'
import { modifiedTimestamp } from '../entities/entity-store.js'
import { loadEntityState } from '../../repo-reader/entity-state.js'
import { loadLatestRevision, type EntityRevision } from '../../repo-reader/entity-revisions.js'
import { itemIdForSiteLink } from '../../repo-reader/sitelink-lookup.js'
import { ApiError, noSuchEntity, paramIllegal, paramMissing } from '../../action-api/api-errors.js'
import type { ApiCall, ApiModule } from '../../action-api/api-module.js'
import { ALL_PROPS, entityOutput, pageTitleOf, type EntityProp } from './entity-output.js'
import { resolveEntityPageIds } from '../entities/entity-page-ids.js'
import { outputContext } from './entity-module-call.js'

/** `wbgetentities`: entities by id or by sitelink, in Wikibase's answer shape. */

const MAX_IDS = 50
const MAX_IDS_HIGH = 500

function flag (call: ApiCall): '' | true {
  return call.params.string('formatversion') === '2' ? true : ''
}

function info (revision: EntityRevision, pageId: number): { pageId: number, revisionId: number, modified: string } {
  return { pageId, revisionId: revision.revisionId, modified: modifiedTimestamp(revision.timestamp) }
}

interface Found { key: string, value: Record<string, unknown> }

async function getEntities (call: ApiCall): Promise<Record<string, unknown>> {
  const { params } = call
  const db = call.deps.db
  const ids = params.list('ids')
  const sites = params.list('sites')
  const titles = params.list('titles')
  if (ids.length === 0 && (sites.length === 0 || titles.length === 0)) {
    throw paramMissing('Either provide the entity "ids" or pairs of "sites" and "titles" for corresponding pages.')
  }
  const limit = call.user.bot ? MAX_IDS_HIGH : MAX_IDS
  for (const [name, list] of [['ids', ids], ['titles', titles]] as const) {
    if (list.length > limit) throw new ApiError('toomanyvalues', `Too many values supplied for parameter "${name}". The limit is ${limit}.`, { limit })
  }
  const props = new Set<EntityProp>(params.has('props') ? params.list('props') as EntityProp[] : ALL_PROPS)
  const languages = params.has('languages') ? params.list('languages') : undefined
  const followRedirects = params.string('redirects') !== 'no'
  const missing = flag(call)

  const requested: Array<{ key: string, id: EntityId | null, site?: string, title?: string }> = []
  for (const raw of ids) {
    const upper = raw.trim().toUpperCase()
    if (!isEntityId(upper)) throw noSuchEntity(raw)
    requested.push({ key: upper, id: upper })
  }
  if (sites.length > 0 || titles.length > 0) {
    if (!(sites.length === 1 || titles.length === 1 || sites.length === titles.length)) {
      throw paramIllegal('Must request one site, one title, or an equal number of sites and titles.')
    }
    const pairs = sites.length === 1
      ? titles.map(t => [sites[0]!, t])
      : titles.length === 1 ? sites.map(s => [s, titles[0]!]) : sites.map((s, i) => [s, titles[i]!])
    let missingKey = 0
    for (const [site, rawTitle] of pairs) {
      const title = params.bool('normalize') ? normalizeTitle(rawTitle!) : rawTitle!.trim()
      const id = await itemIdForSiteLink(db.pool, db, site!, title) ?? await itemIdForSiteLink(db.pool, db, site!, title.replaceAll('_', ' '))
      requested.push(id === null ? { key: String(--missingKey), id: null, site, title } : { key: id, id })
    }
  }

  const found: Found[] = []
  const loaded: Array<{ key: string, revision: EntityRevision, pageId: number, redirect?: { from: string, to: string } }> = []
  for (const r of requested) {
    if (r.id === null) { found.push({ key: r.key, value: { site: r.site, title: r.title, missing } }); continue }
    let state = await loadEntityState(db.pool, db, r.id)
    let redirect: { from: string, to: string } | undefined
    if (state?.redirectTarget != null && followRedirects) {
      redirect = { from: r.id, to: state.redirectTarget }
      state = await loadEntityState(db.pool, db, state.redirectTarget)
    }
    const revision = state === null || state.deleted || state.redirectTarget !== null ? null : await loadLatestRevision(db.pool, db, state.entityId)
    if (revision === null || state === null) { found.push({ key: r.key, value: { id: r.key, missing } }); continue }
    const key = redirect?.to ?? r.key
    if (found.some(f => f.key === key)) continue
    found.push({ key, value: {} })
    loaded.push({ key, revision, pageId: state.pageId, ...(redirect === undefined ? {} : { redirect }) })
  }
  const ctx = await outputContext(call, loaded.map(l => l.revision.entity), props.has('sitelinks/urls'))
  const pages = props.has('info')
    ? loaded.map(l => ({ id: l.key as EntityId, title: pageTitleOf(l.key, l.revision.entity.type, call.namespaces), pageId: l.pageId }))
    : []
  const pageIds = await resolveEntityPageIds(db, call.deps.host, pages, err => {
    call.request.log.warn({ err }, 'wbgetentities: the host could not name the entity pages')
  })
  for (const l of loaded) {
    const value = entityOutput(l.revision.entity, ctx, {
      props,
      languages,
      languageFallback: params.bool('languagefallback'),
      siteFilter: params.has('sitefilter') ? params.list('sitefilter') : undefined,
      info: info(l.revision, pageIds.get(l.key as EntityId) ?? l.pageId)
    })
    const slot = found.find(f => f.key === l.key)!
    slot.value = l.redirect === undefined ? value : insertAfter(value, 'modified', 'redirects', l.redirect)
  }
  return { entities: Object.fromEntries(found.map(f => [f.key, f.value])), success: 1 }
}

function insertAfter (object: Record<string, unknown>, after: string, key: string, value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (!(after in object)) out[key] = value
  for (const [k, v] of Object.entries(object)) { out[k] = v; if (k === after) out[key] = value }
  return out
}

/** MediaWiki's page-name normalisation for `normalize`: underscores to spaces, first letter upper case. */
function normalizeTitle (title: string): string {
  const spaced = title.replaceAll('_', ' ').replace(/\s+/g, ' ').trim()
  return spaced.charAt(0).toUpperCase() + spaced.slice(1)
}

export const getEntitiesModule: ApiModule = { readMode: true, run: getEntities }
