import { randomUUID } from 'node:crypto'
import { entityMap, type Reference, type SiteLink, type Snak, type SnakMap, type Statement, type Term, type WikibaseEntity } from '../../changes/wikibase-entity.js'
import { datavalueTypeOf } from '../validation/datatypes.js'
import { checkLanguageCode } from '../validation/term-validator.js'
import { isPropertyId } from '../validation/entity-id-rules.js'
import { ApiError, invalidGuid, noSuchClaim, paramInvalid } from './api-errors.js'
import { referenceHash, sameStatement, snakContent, snakHash, snakMapContent, statementContent } from './snak-hash.js'

/**
 * The change ops of the action API's Wikibase modules, as pure functions: each takes the
 * current canonical entity (a copy) and the module's decoded parameters and returns the
 * changed entity. entity-editor.ts does the rest (permissions, validation, revision, change).
 */

const GUID = /^([A-Za-z]\d+)\$([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})$/

/** The entity id a statement GUID belongs to (upper-cased), or invalid-guid. */
export function entityIdOfGuid (guid: string): string {
  const match = GUID.exec(guid)
  if (match === null) throw invalidGuid(guid)
  return match[1]!.toUpperCase()
}

export function newGuid (entityId: string): string {
  return `${entityId}$${randomUUID().toUpperCase()}`
}

function isObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

// ---- terms -----------------------------------------------------------------------------

/** Sets (non-empty value) or removes (empty or absent value) the label/description in `language`. */
export function setTerm (entity: WikibaseEntity, field: 'labels' | 'descriptions', language: string, value: string | undefined): WikibaseEntity {
  // Checked before use as a key: `__proto__` would otherwise set the map's prototype.
  checkLanguageCode(`${field}/${language}`, language)
  const terms = { ...entityMap(entity[field]) }
  const text = value?.trim() ?? ''
  if (text === '') delete terms[language]
  else terms[language] = { language, value: text }
  return { ...entity, [field]: terms }
}

export interface AliasOps { set?: string[], add?: string[], remove?: string[] }

export function setAliases (entity: WikibaseEntity, language: string, ops: AliasOps): WikibaseEntity {
  checkLanguageCode(`aliases/${language}`, language)
  const aliases = { ...entityMap(entity.aliases) }
  let values = ops.set !== undefined ? [] : (aliases[language] ?? []).map(t => t.value)
  const clean = (list: string[] | undefined): string[] => (list ?? []).map(v => v.trim()).filter(v => v !== '')
  for (const value of clean(ops.set)) if (!values.includes(value)) values.push(value)
  for (const value of clean(ops.add)) if (!values.includes(value)) values.push(value)
  const removed = new Set(clean(ops.remove))
  values = values.filter(v => !removed.has(v))
  if (values.length === 0) delete aliases[language]
  else aliases[language] = values.map(value => ({ language, value }))
  return { ...entity, aliases }
}

// ---- sitelinks -------------------------------------------------------------------------

/** Sets the sitelink (title given) or removes it (no title); badges undefined keeps the current ones. */
export function setSiteLink (entity: WikibaseEntity, site: string, title: string | undefined, badges: string[] | undefined): WikibaseEntity {
  if (entity.type !== 'item') throw paramInvalid(`${entity.type} entities have no sitelinks.`)
  const sitelinks = { ...entityMap(entity.sitelinks) }
  // Own properties only: a site id `__proto__` or `constructor` must read as no sitelink
  // (and is then refused as an unknown site), not as Object.prototype.
  const current = Object.hasOwn(sitelinks, site) ? sitelinks[site] : undefined
  const text = title?.trim() ?? ''
  if (text === '') {
    if (current === undefined) throw new ApiError('no-such-sitelink', `The item has no sitelink to ${site}.`, {}, [{ name: 'wikibase-api-no-such-sitelink', parameters: [site] }])
    delete sitelinks[site]
  } else {
    for (const badge of badges ?? []) if (!/^Q[1-9]\d*$/.test(badge)) throw new ApiError('invalid-entity-id', `Badge ${JSON.stringify(badge)} is not an item id.`)
    Object.defineProperty(sitelinks, site, { value: { site, title: text, badges: badges ?? current?.badges ?? [] }, enumerable: true, writable: true, configurable: true })
  }
  return { ...entity, sitelinks }
}

// ---- statements ------------------------------------------------------------------------

/** A snak for `property` from the module's snaktype and JSON value (the datavalue's `value`). */
export function buildSnak (property: string, snaktype: string, value: unknown, datatype: string | undefined): Snak {
  if (snaktype !== 'value') return { snaktype: snaktype as Snak['snaktype'], property }
  const type = datavalueTypeOf(datatype)
  if (type === undefined) throw new ApiError('modification-failed', `Property ${property} not found.`, {}, [{ name: 'wikibase-validator-no-such-property', parameters: [property] }])
  return { snaktype: 'value', property, datavalue: { value, type } }
}

/** A statement from client JSON: hashes and datatypes dropped, defaults filled in. */
export function normalizeStatement (raw: unknown, entityId: string, options: { requireId?: boolean } = {}): Statement {
  if (!isObject(raw) || !isObject(raw.mainsnak)) throw new ApiError('invalid-claim', 'A statement needs a mainsnak object.', {}, [{ name: 'wikibase-api-invalid-claim', parameters: [] }])
  checkStatementContainers(raw)
  const statement = raw as unknown as Statement
  let id = statement.id
  if (id === undefined || id === '') {
    if (options.requireId === true) throw invalidGuid('', 'The statement has no GUID')
    id = newGuid(entityId)
  }
  if (entityIdOfGuid(id) !== entityId.toUpperCase()) throw invalidGuid(id, `The statement belongs to ${entityIdOfGuid(id)}, not ${entityId}`)
  const content = statementContent({ ...statement, id })
  const out: Statement = { mainsnak: content.mainsnak, type: 'statement', id, rank: content.rank ?? 'normal' }
  const qualifiers = content.qualifiers === undefined ? {} : content.qualifiers
  if (Object.keys(qualifiers).length > 0) {
    out.qualifiers = qualifiers
    out['qualifiers-order'] = content['qualifiers-order'] ?? Object.keys(qualifiers)
  }
  if (content.references !== undefined && content.references.length > 0) {
    out.references = content.references.map(r => ({ snaks: r.snaks, 'snaks-order': r['snaks-order'] ?? Object.keys(r.snaks) }))
  }
  return out
}

const invalidClaim = (what: string): ApiError =>
  new ApiError('invalid-claim', `${what}.`, {}, [{ name: 'wikibase-api-invalid-claim', parameters: [] }])

/** Snaks by property id (or, as Wikibase's deserializer also takes, a flat list of snak objects). */
function checkSnakContainer (snaks: unknown, what: string): void {
  if (snaks === undefined || (Array.isArray(snaks) && snaks.every(s => isObject(s) && isPropertyId(s.property)))) return
  if (!isObject(snaks)) throw invalidClaim(`${what} must be an object of snak lists by property`)
  for (const [property, list] of Object.entries(snaks)) {
    if (!isPropertyId(property)) throw invalidClaim(`${what} are listed by property id, not ${JSON.stringify(property)}`)
    if (!Array.isArray(list) || !list.every(isObject)) throw invalidClaim(`${what} of ${property} must be a list of snak objects`)
  }
}

/**
 * The containers of a statement from client JSON, before anything reads them (hashing maps
 * over qualifier lists): malformed ones are Wikibase's `invalid-claim`, never a TypeError.
 * Values and keys are the entity validator's, after the change is applied.
 */
function checkStatementContainers (raw: Record<string, unknown>): void {
  if (!isPropertyId((raw.mainsnak as Record<string, unknown>).property)) throw invalidClaim('The mainsnak needs a property id')
  checkSnakContainer(raw.qualifiers, 'Qualifiers')
  if (raw.references === undefined) return
  if (!Array.isArray(raw.references)) throw invalidClaim('References must be a list')
  for (const reference of raw.references) {
    if (!isObject(reference)) throw invalidClaim('A reference must be an object')
    checkSnakContainer(reference.snaks ?? {}, 'Reference snaks')
  }
}

interface Located { property: string, index: number, statement: Statement }

function locate (entity: WikibaseEntity, guid: string): Located | null {
  for (const [property, list] of Object.entries(entityMap(entity.claims))) {
    const index = list.findIndex(s => s.id === guid || (s.id !== undefined && s.id.toUpperCase() === guid.toUpperCase()))
    if (index !== -1) return { property, index, statement: list[index]! }
  }
  return null
}

export function findStatement (entity: WikibaseEntity, guid: string): Statement {
  const found = locate(entity, guid)
  if (found === null) throw noSuchClaim(guid)
  return found.statement
}

/**
 * Adds the statement, or replaces the one with its GUID (kept as it is when only hashes or
 * datatypes differ). `index`: its position in the property's group.
 */
export function setStatement (entity: WikibaseEntity, statement: Statement, index?: number): WikibaseEntity {
  const claims: Record<string, Statement[]> = { ...entityMap(entity.claims) }
  const property = statement.mainsnak.property
  if (!isPropertyId(property)) throw new ApiError('invalid-snak', `${JSON.stringify(property)} is not a property id.`, {}, [{ name: 'wikibase-api-invalid-snak', parameters: [] }])
  const found = statement.id === undefined ? null : locate(entity, statement.id)
  if (found !== null && found.property !== property) {
    throw new ApiError('modification-failed', `The property of statement ${statement.id ?? ''} cannot change from ${found.property} to ${property}.`, {}, [{ name: 'wikibase-validator-statement-property-change', parameters: [] }])
  }
  const list = [...(claims[property] ?? [])]
  const next = found !== null && sameStatement(found.statement, statement) ? found.statement : statement
  if (found !== null) list.splice(found.index, 1)
  const at = index ?? found?.index ?? list.length
  list.splice(Math.max(0, Math.min(at, list.length)), 0, next)
  claims[property] = list
  return { ...entity, claims }
}

/** Removes statements by GUID; every one must exist. */
export function removeStatements (entity: WikibaseEntity, guids: string[]): WikibaseEntity {
  for (const guid of guids) findStatement(entity, guid)
  const gone = new Set(guids.map(g => g.toUpperCase()))
  const claims = Object.fromEntries(Object.entries(entityMap(entity.claims))
    .map(([p, list]) => [p, list.filter(s => s.id === undefined || !gone.has(s.id.toUpperCase()))] as const)
    .filter(([, list]) => list.length > 0))
  return { ...entity, claims }
}

function withStatement (entity: WikibaseEntity, guid: string, change: (statement: Statement) => Statement): WikibaseEntity {
  const found = locate(entity, guid)
  if (found === null) throw noSuchClaim(guid)
  const claims: Record<string, Statement[]> = { ...entityMap(entity.claims) }
  const list = [...claims[found.property]!]
  list[found.index] = change(structuredClone(found.statement))
  claims[found.property] = list
  return { ...entity, claims }
}

/** Sets a qualifier: replaces the one with `snakHash`, or adds it. */
export function setQualifier (entity: WikibaseEntity, guid: string, snak: Snak, replaceHash?: string): WikibaseEntity {
  return withStatement(entity, guid, statement => {
    const qualifiers: SnakMap = { ...entityMap(statement.qualifiers) }
    if (replaceHash !== undefined) {
      const owner = Object.entries(qualifiers).find(([, list]) => list.some(s => snakHash(s) === replaceHash))
      if (owner === undefined) throw new ApiError('no-such-qualifier', `The statement has no qualifier with hash ${replaceHash}.`, {}, [{ name: 'wikibase-api-no-such-qualifier', parameters: [] }])
      const [property, list] = owner
      const index = list.findIndex(s => snakHash(s) === replaceHash)
      if (property === snak.property) {
        qualifiers[property] = list.map((s, i) => i === index ? snak : s)
      } else {
        const rest = list.filter((_s, i) => i !== index)
        if (rest.length === 0) delete qualifiers[property]
        else qualifiers[property] = rest
        qualifiers[snak.property] = [...(qualifiers[snak.property] ?? []), snak]
      }
    } else {
      const list = qualifiers[snak.property] ?? []
      if (!list.some(s => JSON.stringify(snakContent(s)) === JSON.stringify(snak))) qualifiers[snak.property] = [...list, snak]
    }
    return withQualifiers(statement, qualifiers)
  })
}

/** Removes qualifiers by hash; every one must exist. */
export function removeQualifiers (entity: WikibaseEntity, guid: string, hashes: string[]): WikibaseEntity {
  return withStatement(entity, guid, statement => {
    const all = Object.values(entityMap(statement.qualifiers)).flat().map(s => snakHash(s))
    for (const hash of hashes) if (!all.includes(hash)) throw new ApiError('no-such-qualifier', `The statement has no qualifier with hash ${hash}.`, {}, [{ name: 'wikibase-api-no-such-qualifier', parameters: [] }])
    const qualifiers = Object.fromEntries(Object.entries(entityMap(statement.qualifiers))
      .map(([p, list]) => [p, list.filter(s => !hashes.includes(snakHash(s)))] as const).filter(([, list]) => list.length > 0))
    return withQualifiers(statement, qualifiers)
  })
}

function withQualifiers (statement: Statement, qualifiers: SnakMap): Statement {
  const { qualifiers: _q, 'qualifiers-order': oldOrder, ...rest } = statement
  if (Object.keys(qualifiers).length === 0) return rest as Statement
  const order = [...(oldOrder ?? []).filter(p => p in qualifiers), ...Object.keys(qualifiers).filter(p => !(oldOrder ?? []).includes(p))]
  return { ...rest, qualifiers, 'qualifiers-order': order }
}

/** A reference from client JSON (`snaks` map and optional `snaks-order`). */
export function buildReference (snaks: unknown, order: unknown): Reference {
  const badSnak = (what: string): ApiError => new ApiError('invalid-snak', `${what} must be a list of snak objects.`, {}, [{ name: 'wikibase-api-invalid-snak', parameters: [] }])
  if (Array.isArray(snaks)) {
    if (snaks.some(s => !isObject(s) || !isPropertyId(s.property))) throw badSnak('The reference snaks')
  } else if (isObject(snaks)) {
    for (const [property, list] of Object.entries(snaks)) if (!isPropertyId(property) || !Array.isArray(list) || list.some(s => !isObject(s))) throw badSnak(`The snaks of ${property}`)
  } else {
    throw new ApiError('invalid-json', 'The reference snaks must be a list of snaks or an object of snak lists by property.', {}, [{ name: 'wikibase-api-invalid-json', parameters: [] }])
  }
  const content = snakMapContent(snaks as SnakMap | Snak[])
  if (Object.keys(content).length === 0) throw badSnak('A reference needs snaks; they')
  const snaksOrder = Array.isArray(order) && order.every(p => typeof p === 'string') ? order as string[] : Object.keys(content)
  return { snaks: content, 'snaks-order': snaksOrder }
}

/** Sets a reference: replaces the one with `replaceHash`, or adds it (at `index` if given). */
export function setReference (entity: WikibaseEntity, guid: string, reference: Reference, replaceHash?: string, index?: number): WikibaseEntity {
  return withStatement(entity, guid, statement => {
    const references = [...(statement.references ?? [])]
    const newHash = referenceHash(reference)
    if (replaceHash !== undefined) {
      const at = references.findIndex(r => referenceHash(r) === replaceHash)
      if (at === -1) throw new ApiError('no-such-reference', `The statement has no reference with hash ${replaceHash}.`, {}, [{ name: 'wikibase-api-no-such-reference', parameters: [] }])
      references.splice(at, 1)
      references.splice(index ?? at, 0, reference)
    } else if (!references.some(r => referenceHash(r) === newHash)) {
      references.splice(index ?? references.length, 0, reference)
    }
    return { ...statement, references }
  })
}

export function removeReferences (entity: WikibaseEntity, guid: string, hashes: string[]): WikibaseEntity {
  return withStatement(entity, guid, statement => {
    const references = statement.references ?? []
    for (const hash of hashes) {
      if (!references.some(r => referenceHash(r) === hash)) throw new ApiError('no-such-reference', `The statement has no reference with hash ${hash}.`, {}, [{ name: 'wikibase-api-no-such-reference', parameters: [] }])
    }
    const rest = references.filter(r => !hashes.includes(referenceHash(r)))
    const { references: _r, ...others } = statement
    return rest.length === 0 ? others as Statement : { ...others, references: rest }
  })
}

// ---- wbeditentity ----------------------------------------------------------------------

const DATA_KEYS = new Set(['type', 'id', 'labels', 'descriptions', 'aliases', 'sitelinks', 'claims', 'statements', 'datatype', 'lastrevid', 'pageid', 'ns', 'title', 'modified'])

/** Entries of a map given as an object keyed by `key`, or as a list of objects carrying it. */
function entriesOf (value: unknown, field: string): Array<Record<string, unknown>> {
  if (value === undefined || value === null) return []
  const list = Array.isArray(value) ? value : isObject(value) ? Object.values(value).flat() : null
  if (list === null || list.some(v => !isObject(v))) throw new ApiError('not-recognized-array', `"${field}" must be a list or map of objects.`, {}, [{ name: 'wikibase-api-not-recognized-array', parameters: [field] }])
  return list as Array<Record<string, unknown>>
}

function termEntries (value: unknown, field: string): Array<{ language: string, value: string, remove: boolean, add: boolean }> {
  return entriesOf(value, field).map(entry => {
    if (typeof entry.language !== 'string') throw new ApiError('missing-language', `An entry of "${field}" has no language.`, {}, [{ name: 'wikibase-api-missing-language', parameters: [] }])
    if ('value' in entry && typeof entry.value !== 'string') throw new ApiError('invalid-json', `The value of ${field}/${entry.language} must be a string.`)
    return { language: entry.language, value: typeof entry.value === 'string' ? entry.value : '', remove: 'remove' in entry, add: 'add' in entry }
  })
}

/**
 * wbeditentity's `data` applied to `entity` (a blank one of the same id and type when
 * `clear`): terms set or removed (`remove`, or an empty value), aliases set / added /
 * removed per language, sitelinks set or removed, statements added, replaced (same GUID) or
 * removed (`remove`).
 */
export function applyEntityData (current: WikibaseEntity, data: unknown, clear: boolean): WikibaseEntity {
  if (!isObject(data)) throw new ApiError('invalid-json', 'The "data" parameter must be a JSON object.', {}, [{ name: 'wikibase-api-invalid-json', parameters: [] }])
  for (const key of Object.keys(data)) {
    if (!DATA_KEYS.has(key)) throw new ApiError('not-recognized', `Unknown key in json: ${key}`, {}, [{ name: 'wikibase-api-not-recognized', parameters: [key] }])
  }
  if (data.type !== undefined && data.type !== current.type) throw paramInvalid(`The data is of type ${String(data.type)}, the entity of type ${current.type}.`)
  if (data.id !== undefined && current.id !== undefined && data.id !== current.id) throw paramInvalid(`The data is for ${String(data.id)}, not ${current.id}.`)
  const id = current.id ?? ''
  let entity: WikibaseEntity = clear
    ? { type: current.type, ...(current.id === undefined ? {} : { id: current.id }), ...(current.datatype === undefined ? {} : { datatype: current.datatype }), labels: {}, descriptions: {}, aliases: {}, claims: {}, ...(current.type === 'item' ? { sitelinks: {} } : {}) }
    : structuredClone(current)
  if (current.type === 'property' && typeof data.datatype === 'string') {
    if (current.datatype !== undefined && current.datatype !== data.datatype) throw paramInvalid('The datatype of a property cannot be changed.')
    entity.datatype = data.datatype
  }

  for (const field of ['labels', 'descriptions'] as const) {
    for (const term of termEntries(data[field], field)) entity = setTerm(entity, field, term.language, term.remove ? '' : term.value)
  }

  const aliasOps = new Map<string, AliasOps>()
  for (const term of termEntries(data.aliases, 'aliases')) {
    const ops = aliasOps.get(term.language) ?? {}
    const kind = term.remove ? 'remove' : term.add ? 'add' : 'set'
    ops[kind] = [...(ops[kind] ?? []), term.value]
    aliasOps.set(term.language, ops)
  }
  for (const [language, ops] of aliasOps) entity = setAliases(entity, language, ops)

  if (data.sitelinks !== undefined) {
    if (current.type !== 'item') throw paramInvalid(`${current.type} entities have no sitelinks.`)
    for (const link of entriesOf(data.sitelinks, 'sitelinks')) {
      if (typeof link.site !== 'string') throw new ApiError('missing-site', 'A sitelink has no site.', {}, [{ name: 'wikibase-api-missing-site', parameters: [] }])
      const title = 'remove' in link ? '' : typeof link.title === 'string' ? link.title : ''
      const badges = Array.isArray(link.badges) ? link.badges.map(String) : undefined
      const exists = Object.hasOwn(entityMap(entity.sitelinks), link.site)
      if (title.trim() === '' && !exists) continue
      entity = setSiteLink(entity, link.site, title, badges)
    }
  }

  for (const raw of entriesOf(data.claims ?? data.statements, 'claims')) {
    if ('remove' in raw) {
      if (typeof raw.id !== 'string') throw invalidGuid('', 'A statement to remove needs its GUID')
      entity = removeStatements(entity, [raw.id])
      continue
    }
    const statement = normalizeStatement(raw, id === '' ? 'Q0' : id)
    entity = setStatement(entity, id === '' ? withoutGuid(statement) : statement)
  }
  return entity
}

/** New entities get their statement GUIDs from the store, which knows the id. */
function withoutGuid (statement: Statement): Statement {
  const { id: _id, ...rest } = statement
  return rest as Statement
}

export type { SiteLink, Term }
