import { parseEntityId, type EntityId } from '../../../hooks/ids.js'
import { entityMap, type WikibaseEntity } from '../../changes/wikibase-entity.js'
import { getSite } from '../../sites/site-store.js'
import { pageUrl } from '../../sites/site-page-url.js'
import type { Site } from '../../sites/site.js'
import { editEntity, type EditContext, type EditOptions, type EditResult } from '../entities/entity-editor.js'
import { propertyDatatypes } from '../entities/entity-store.js'
import { itemIdForSiteLink } from '../../repo-reader/sitelink-lookup.js'
import { paramIllegal, paramMissing, wikibaseApiError } from '../../action-api/api-errors.js'
import type { ApiCall } from '../../action-api/api-module.js'
import { propertiesUsed, type OutputContext } from './entity-output.js'

/**
 * What the Wikibase modules of the action API share: the entity a module addresses, one edit
 * through entity-editor.ts with Wikibase's autocomment, and the shapes of their answers.
 */

/** Property datatypes and sitelink URLs for the entities of one answer. */
export async function outputContext (call: ApiCall, entities: WikibaseEntity[], withUrls: boolean): Promise<OutputContext> {
  const db = call.deps.db
  const datatypes = await propertyDatatypes(db.pool, db, [...new Set(entities.flatMap(propertiesUsed))])
  const sites = new Map<string, Site | null>()
  if (withUrls) {
    for (const site of new Set(entities.flatMap(e => Object.keys(entityMap(e.sitelinks))))) sites.set(site, await getSite(db, site))
  }
  return {
    datatypes,
    namespaces: call.namespaces,
    siteLinkUrl: (site, title) => { const s = sites.get(site); return s === null || s === undefined ? null : pageUrl(s, title) }
  }
}

export function editContext (call: ApiCall): EditContext {
  return {
    db: call.deps.db,
    host: call.deps.host,
    user: call.user,
    ...(call.deps.dispatchDelayMs === undefined ? {} : { dispatchDelayMs: call.deps.dispatchDelayMs }),
    ...(call.deps.dispatchShards === undefined ? {} : { dispatchShards: call.deps.dispatchShards }),
    validation: call.deps.validation,
    terms: 'action-api',
    protectEntitiesUsedOnMoreThan: call.deps.protectEntitiesUsedOnMoreThan ?? null,
    onHostError: err => { call.request.log.warn({ err }, 'action API: the host rights check failed; refused') }
  }
}

/** Wikibase's autocomment (`/* wbsetlabel-add:1|en *\/ Berlin`) with the user's summary after it. */
export function comment (call: ApiCall, autocomment: string, autosummary = ''): string {
  const summary = call.params.string('summary')?.trim() ?? ''
  const tail = [autosummary, summary].filter(s => s !== '').join(', ')
  return `/* ${autocomment} */${tail === '' ? '' : ` ${tail}`}`
}

/** The edit metadata every Wikibase edit module takes: `summary` (in `text`), `bot`, `baserevid` and `tags` (pipe-separated). */
export function editOptions (call: ApiCall, text: string): EditOptions {
  const tags = call.params.list('tags')
  return { comment: text, bot: call.params.bool('bot'), baseRevisionId: call.params.integer('baserevid'), ...(tags.length === 0 ? {} : { tags }) }
}

/** The entity an edit module addresses: `id`, or `site` + `title` of one of its sitelinks. */
export async function targetEntity (call: ApiCall): Promise<EntityId> {
  const { params } = call
  const id = params.string('id')
  const site = params.string('site')
  const title = params.string('title')
  if (id !== undefined && (site !== undefined || title !== undefined)) {
    throw paramIllegal('Either provide the entity "id" or pairs of "site" and "title", not both.')
  }
  if (id !== undefined) return parseEntityId(id.trim().toUpperCase())
  if (site === undefined || title === undefined) throw paramMissing('Either provide the entity "id" or pairs of "site" and "title" for a corresponding page.')
  const db = call.deps.db
  const found = await itemIdForSiteLink(db.pool, db, site, title.trim())
  if (found === null) {
    throw wikibaseApiError('no-such-entity-link', `No entity found matching site link ${site}:${title}.`)
  }
  return found
}

export async function edit (call: ApiCall, id: EntityId, apply: (entity: WikibaseEntity) => WikibaseEntity, text: string): Promise<EditResult> {
  return await editEntity(editContext(call), id, apply, editOptions(call, text))
}

/** `{id, type, lastrevid, nochange?}` after the shown sections (Wikibase's entity edit answer). */
export function entityAnswer (result: EditResult, sections: Record<string, unknown>): Record<string, unknown> {
  const entity: Record<string, unknown> = { ...sections, id: result.entityId, type: result.revision.entity.type, lastrevid: result.revision.revisionId }
  if (result.change === null) entity.nochange = ''
  return { entity, success: 1 }
}

export function pageInfoAnswer (result: EditResult, rest: Record<string, unknown>): Record<string, unknown> {
  return { pageinfo: { lastrevid: result.revision.revisionId }, success: 1, ...rest }
}
