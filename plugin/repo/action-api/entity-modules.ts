import { isEntityId, parseEntityId, type EntityId } from '../../../hooks/ids.js'
import { entityMap, type WikibaseEntity } from '../../changes/wikibase-entity.js'
import { getSite } from '../../sites/site-store.js'
import { pageUrl } from '../../sites/site-page-url.js'
import type { Site } from '../../sites/site.js'
import { createEntity, editEntity, type EditContext, type EditOptions, type EditResult } from '../entities/entity-editor.js'
import { validationSettingsOf } from '../validation/validation-settings.js'
import { modifiedTimestamp, propertyDatatypes } from '../entities/entity-store.js'
import { loadEntityState } from '../../repo-reader/entity-state.js'
import { loadLatestRevision, type EntityRevision } from '../../repo-reader/entity-revisions.js'
import { itemIdForSiteLink } from '../../repo-reader/sitelink-lookup.js'
import { ApiError, invalidGuid, noSuchEntity, paramIllegal, paramMissing } from './api-errors.js'
import type { ApiCall, ApiModule } from './api-module.js'
import {
  applyEntityData, buildReference, buildSnak, entityIdOfGuid, findStatement, normalizeStatement, removeQualifiers,
  removeReferences, removeStatements, setAliases, setQualifier, setReference, setSiteLink, setStatement, setTerm
} from './change-ops.js'
import {
  ALL_PROPS, entityOutput, propertiesUsed, referenceOutput, sitelinksOutput, statementOutput,
  type EntityProp, type OutputContext
} from './entity-output.js'
import { referenceHash } from './snak-hash.js'

/**
 * The Wikibase modules of the action API: `wbgetentities` and the edit modules
 * (`wbeditentity`, `wbsetlabel`, `wbsetdescription`, `wbsetaliases`, `wbsetsitelink`,
 * `wbcreateclaim`, `wbsetclaim`, `wbremoveclaims`, `wbsetreference`, `wbremovereferences`,
 * `wbsetqualifier`, `wbremovequalifiers`). Each edit is one call of entity-editor.ts with a
 * change op from change-ops.ts; answers have Wikibase's shapes.
 */

const MAX_IDS = 50
const MAX_IDS_HIGH = 500

/** Property datatypes and sitelink URLs for the entities of one answer. */
async function outputContext (call: ApiCall, entities: WikibaseEntity[], withUrls: boolean): Promise<OutputContext> {
  const db = call.runtime.self
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

function flag (call: ApiCall): '' | true {
  return call.params.string('formatversion') === '2' ? true : ''
}

function info (revision: EntityRevision, pageId: number): { pageId: number, revisionId: number, modified: string } {
  return { pageId, revisionId: revision.revisionId, modified: modifiedTimestamp(revision.timestamp) }
}

// ---- wbgetentities ---------------------------------------------------------------------

interface Found { key: string, value: Record<string, unknown> }

async function getEntities (call: ApiCall): Promise<Record<string, unknown>> {
  const { params } = call
  const db = call.runtime.self
  const ids = params.list('ids')
  const sites = params.list('sites')
  const titles = params.list('titles')
  if (ids.length === 0 && (sites.length === 0 || titles.length === 0)) throw paramMissing('Either provide the entity "ids" or pairs of "sites" and "titles" for corresponding pages.')
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
    const pairs = sites.length === 1 ? titles.map(t => [sites[0]!, t]) : titles.length === 1 ? sites.map(s => [s, titles[0]!]) : sites.map((s, i) => [s, titles[i]!])
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
  for (const l of loaded) {
    const value = entityOutput(l.revision.entity, ctx, {
      props, languages, languageFallback: params.bool('languagefallback'), siteFilter: params.has('sitefilter') ? params.list('sitefilter') : undefined, info: info(l.revision, l.pageId)
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

// ---- edits -----------------------------------------------------------------------------

function editContext (call: ApiCall): EditContext {
  return {
    db: call.runtime.self,
    host: call.runtime.host,
    user: call.user,
    validation: validationSettingsOf(call.runtime.options.repoSettings),
    onHostError: err => { call.request.log.warn({ err }, 'action API: the host rights check failed; refused') }
  }
}

/** Wikibase's autocomment (`/* wbsetlabel-add:1|en *\/ Berlin`) with the user's summary after it. */
function comment (call: ApiCall, autocomment: string, autosummary = ''): string {
  const summary = call.params.string('summary')?.trim() ?? ''
  const tail = [autosummary, summary].filter(s => s !== '').join(', ')
  return `/* ${autocomment} */${tail === '' ? '' : ` ${tail}`}`
}

function editOptions (call: ApiCall, text: string): EditOptions {
  return { comment: text, bot: call.params.bool('bot'), baseRevisionId: call.params.integer('baserevid') }
}

/** The entity an edit module addresses: `id`, or `site` + `title` of one of its sitelinks. */
async function targetEntity (call: ApiCall): Promise<EntityId> {
  const { params } = call
  const id = params.string('id')
  const site = params.string('site')
  const title = params.string('title')
  if (id !== undefined && (site !== undefined || title !== undefined)) throw paramIllegal('Either provide the entity "id" or pairs of "site" and "title", not both.')
  if (id !== undefined) return parseEntityId(id.trim().toUpperCase())
  if (site === undefined || title === undefined) throw paramMissing('Either provide the entity "id" or pairs of "site" and "title" for a corresponding page.')
  const db = call.runtime.self
  const found = await itemIdForSiteLink(db.pool, db, site, title.trim())
  if (found === null) {
    throw new ApiError('no-such-entity-link', `No entity found matching site link ${site}:${title}.`, {}, [{ name: 'wikibase-api-no-such-entity-link', parameters: [] }])
  }
  return found
}

async function edit (call: ApiCall, id: EntityId, apply: (entity: WikibaseEntity) => WikibaseEntity, text: string): Promise<EditResult> {
  return await editEntity(editContext(call), id, apply, editOptions(call, text))
}

/** `{id, type, lastrevid, nochange?}` after the shown sections (Wikibase's entity edit answer). */
function entityAnswer (result: EditResult, sections: Record<string, unknown>): Record<string, unknown> {
  const entity: Record<string, unknown> = { ...sections, id: result.entityId, type: result.revision.entity.type, lastrevid: result.revision.revisionId }
  if (result.change === null) entity.nochange = ''
  return { entity, success: 1 }
}

function pageInfoAnswer (result: EditResult, rest: Record<string, unknown>): Record<string, unknown> {
  return { pageinfo: { lastrevid: result.revision.revisionId }, success: 1, ...rest }
}

const termModule = (field: 'labels' | 'descriptions', name: string): ApiModule => ({
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    const id = await targetEntity(call)
    const language = call.params.required('language')
    const value = call.params.string('value')?.trim() ?? ''
    const action = value === '' ? 'remove' : 'set'
    const result = await edit(call, id, entity => setTerm(entity, field, language, value), comment(call, `${name}-${action}:1|${language}`, value))
    const term = entityMap(result.revision.entity[field])[language]
    return entityAnswer(result, { [field]: { [language]: term ?? { language, removed: '' } } })
  }
})

const setAliasesModule: ApiModule = {
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    const { params } = call
    const id = await targetEntity(call)
    const language = params.required('language')
    if (params.has('set') && (params.has('add') || params.has('remove'))) throw new ApiError('invalidparammix', 'The parameters "set" and "add" or "remove" can not be used together.')
    if (!params.has('set') && !params.has('add') && !params.has('remove')) throw new ApiError('missingparam', 'At least one of the parameters "add", "remove" and "set" is required.')
    const ops = { ...(params.has('set') ? { set: params.list('set') } : {}), ...(params.has('add') ? { add: params.list('add') } : {}), ...(params.has('remove') ? { remove: params.list('remove') } : {}) }
    const kind = params.has('set') ? 'set' : params.has('add') && params.has('remove') ? 'update' : params.has('add') ? 'add' : 'remove'
    const values = [...(ops.set ?? []), ...(ops.add ?? []), ...(ops.remove ?? [])]
    const result = await edit(call, id, entity => setAliases(entity, language, ops), comment(call, `wbsetaliases-${kind}:${values.length}|${language}`, values.join(', ')))
    return entityAnswer(result, { aliases: { [language]: entityMap(result.revision.entity.aliases)[language] ?? [] } })
  }
}

const setSiteLinkModule: ApiModule = {
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    const { params } = call
    const id = await targetEntity(call)
    const linkSite = params.required('linksite')
    const linkTitle = params.string('linktitle')
    const badges = params.has('badges') ? params.list('badges') : undefined
    const removing = (linkTitle?.trim() ?? '') === ''
    const result = await edit(call, id, entity => setSiteLink(entity, linkSite, linkTitle, badges),
      comment(call, `wbsetsitelink-${removing ? 'remove' : 'set'}:1|${linkSite}`, linkTitle?.trim() ?? ''))
    if (removing) return entityAnswer(result, { sitelinks: { [linkSite]: { site: linkSite, title: '', removed: '' } } })
    const ctx = await outputContext(call, [result.revision.entity], true)
    const shown = sitelinksOutput(result.revision.entity, ctx, { props: new Set<EntityProp>(['sitelinks/urls']), siteFilter: [linkSite] })
    return entityAnswer(result, { sitelinks: shown })
  }
}

const editEntityModule: ApiModule = {
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    const { params } = call
    const newType = params.oneOf('new', ['item', 'property'] as const)
    const data = params.json('data')
    const clear = params.bool('clear')
    if (newType !== undefined) {
      if (params.has('id') || params.has('site') || params.has('title')) throw paramIllegal('Parameter "new" can not be used together with "id", "site" or "title".')
      const blank: WikibaseEntity = newType === 'property'
        ? { type: 'property', datatype: undefined, labels: {}, descriptions: {}, aliases: {}, claims: {} }
        : { type: 'item', labels: {}, descriptions: {}, aliases: {}, claims: {}, sitelinks: {} }
      if (newType === 'item' && typeof data === 'object' && data !== null && 'datatype' in data) throw paramIllegal('An item can not have a datatype.')
      const entity = applyEntityData(blank, data, false)
      if (newType === 'property' && typeof entity.datatype !== 'string') throw paramMissing('A new property needs a "datatype" in its data.')
      const result = await createEntity(editContext(call), newType, entity, editOptions(call, comment(call, 'wbeditentity-create', '')))
      return await editEntityAnswer(call, result)
    }
    const id = await targetEntity(call)
    const result = await edit(call, id, entity => applyEntityData(entity, data, clear), comment(call, clear ? 'wbeditentity-override' : 'wbeditentity-update'))
    return await editEntityAnswer(call, result)
  }
}

async function editEntityAnswer (call: ApiCall, result: EditResult): Promise<Record<string, unknown>> {
  const entity = result.revision.entity
  const ctx = await outputContext(call, [entity], true)
  const { type: _t, id: _i, ...sections } = entityOutput(entity, ctx, { props: new Set<EntityProp>([...ALL_PROPS, 'sitelinks/urls']) })
  return entityAnswer(result, sections)
}

/** The datatype of a property, or a no-such-property modification failure. */
async function datatypeOf (call: ApiCall, property: string): Promise<string | undefined> {
  if (!/^P[1-9]\d*$/.test(property)) throw new ApiError('invalid-entity-id', `Invalid property ID: ${JSON.stringify(property)}.`, {}, [{ name: 'wikibase-api-invalid-entity-id', parameters: [] }])
  const db = call.runtime.self
  return (await propertyDatatypes(db.pool, db, [property])).get(property)
}

function snakValue (call: ApiCall, snaktype: string): unknown {
  return snaktype === 'value' ? call.params.json('value', 'invalid-snak') : undefined
}

async function statementAnswer (call: ApiCall, result: EditResult, guid: string): Promise<Record<string, unknown>> {
  const statement = findStatement(result.revision.entity, guid)
  const ctx = await outputContext(call, [{ type: 'item', claims: { x: [statement] } }], false)
  return pageInfoAnswer(result, { claim: statementOutput(statement, ctx) })
}

const createClaimModule: ApiModule = {
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    const { params } = call
    const id = parseEntityId(params.required('entity').trim().toUpperCase())
    const property = params.required('property').trim().toUpperCase()
    const snaktype = params.oneOf('snaktype', ['value', 'novalue', 'somevalue'] as const) ?? (() => { throw new ApiError('missingparam', 'The "snaktype" parameter must be set.') })()
    const snak = buildSnak(property, snaktype, snakValue(call, snaktype), await datatypeOf(call, property))
    const statement = normalizeStatement({ mainsnak: snak, type: 'statement', rank: 'normal' }, id)
    const result = await edit(call, id, entity => setStatement(entity, statement), comment(call, 'wbcreateclaim-create:1', property))
    return await statementAnswer(call, result, statement.id!)
  }
}

const setClaimModule: ApiModule = {
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    const raw = call.params.json('claim', 'invalid-claim') as { id?: unknown }
    if (typeof raw !== 'object' || raw === null || typeof raw.id !== 'string') throw invalidGuid(String((raw as { id?: unknown } | null)?.id ?? ''), 'The statement has no valid GUID')
    const id = parseEntityId(entityIdOfGuid(raw.id))
    const statement = normalizeStatement(raw, id, { requireId: true })
    const index = call.params.integer('index')
    const result = await edit(call, id, entity => setStatement(entity, statement, index), comment(call, 'wbsetclaim-update:1', statement.mainsnak.property))
    return await statementAnswer(call, result, statement.id!)
  }
}

/** The entity all `guids` belong to; they must share one. */
function entityOfGuids (guids: string[]): EntityId {
  const ids = new Set(guids.map(entityIdOfGuid))
  if (ids.size !== 1) throw invalidGuid(guids.join('|'), 'All statements must belong to the same entity')
  return parseEntityId([...ids][0])
}

const removeClaimsModule: ApiModule = {
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    const guids = call.params.list('claim')
    if (guids.length === 0) throw new ApiError('missingparam', 'The "claim" parameter must be set.')
    const id = entityOfGuids(guids)
    const result = await edit(call, id, entity => removeStatements(entity, guids), comment(call, `wbremoveclaims-remove:${guids.length}`))
    return pageInfoAnswer(result, { claims: guids })
  }
}

const setReferenceModule: ApiModule = {
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    const { params } = call
    const guid = params.required('statement')
    const id = parseEntityId(entityIdOfGuid(guid))
    const reference = buildReference(params.json('snaks', 'invalid-json'), params.has('snaks-order') ? params.json('snaks-order') : undefined)
    const replace = params.string('reference')
    const result = await edit(call, id, entity => setReference(entity, guid, reference, replace, params.integer('index')),
      comment(call, `wbsetreference-${replace === undefined ? 'add' : 'set'}:1`))
    const statement = findStatement(result.revision.entity, guid)
    const hash = referenceHash(reference)
    const saved = (statement.references ?? []).find(r => referenceHash(r) === hash) ?? reference
    const ctx = await outputContext(call, [{ type: 'item', claims: { x: [statement] } }], false)
    return pageInfoAnswer(result, { reference: referenceOutput(saved, ctx) })
  }
}

const removeReferencesModule: ApiModule = {
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    const guid = call.params.required('statement')
    const hashes = call.params.list('references')
    if (hashes.length === 0) throw new ApiError('missingparam', 'The "references" parameter must be set.')
    const result = await edit(call, parseEntityId(entityIdOfGuid(guid)), entity => removeReferences(entity, guid, hashes), comment(call, `wbremovereferences-remove:${hashes.length}`))
    return pageInfoAnswer(result, {})
  }
}

const setQualifierModule: ApiModule = {
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    const { params } = call
    const guid = params.required('claim')
    const id = parseEntityId(entityIdOfGuid(guid))
    const property = params.required('property').trim().toUpperCase()
    const snaktype = params.oneOf('snaktype', ['value', 'novalue', 'somevalue'] as const) ?? (() => { throw new ApiError('missingparam', 'The "snaktype" parameter must be set.') })()
    const snak = buildSnak(property, snaktype, snakValue(call, snaktype), await datatypeOf(call, property))
    const replace = params.string('snakhash')
    const result = await edit(call, id, entity => setQualifier(entity, guid, snak, replace), comment(call, `wbsetqualifier-${replace === undefined ? 'add' : 'update'}:1`, property))
    return await statementAnswer(call, result, guid)
  }
}

const removeQualifiersModule: ApiModule = {
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    const guid = call.params.required('claim')
    const hashes = call.params.list('qualifiers')
    if (hashes.length === 0) throw new ApiError('missingparam', 'The "qualifiers" parameter must be set.')
    const result = await edit(call, parseEntityId(entityIdOfGuid(guid)), entity => removeQualifiers(entity, guid, hashes), comment(call, `wbremovequalifiers-remove:${hashes.length}`))
    return await statementAnswer(call, result, guid)
  }
}

export const ENTITY_MODULES: Readonly<Record<string, ApiModule>> = {
  wbgetentities: { readMode: true, run: getEntities },
  wbeditentity: editEntityModule,
  wbsetlabel: termModule('labels', 'wbsetlabel'),
  wbsetdescription: termModule('descriptions', 'wbsetdescription'),
  wbsetaliases: setAliasesModule,
  wbsetsitelink: setSiteLinkModule,
  wbcreateclaim: createClaimModule,
  wbsetclaim: setClaimModule,
  wbremoveclaims: removeClaimsModule,
  wbsetreference: setReferenceModule,
  wbremovereferences: removeReferencesModule,
  wbsetqualifier: setQualifierModule,
  wbremovequalifiers: removeQualifiersModule
}
