/**
 * Minimal types for Wikibase's canonical entity JSON (the shape of Special:EntityData,
 * wbgetentities and the JSON dumps) for items and properties. Other entity types (lexemes,
 * mediainfo) pass through: their extra top-level keys are kept as `unknown`.
 *
 * PHP writes an empty map as `[]`, so every map below may also arrive as an empty array.
 */

export interface Term {
  language: string
  value: string
  /** Only in API answers that applied a language fallback. */
  'for-language'?: string
}

export type TermList = Record<string, Term>
export type AliasGroupList = Record<string, Term[]>

export type SnakType = 'value' | 'somevalue' | 'novalue'

export interface Snak {
  snaktype: SnakType
  property: string
  hash?: string
  datavalue?: { type: string, value: unknown }
  /** Derived from the property when the entity is output; not part of the stored data. */
  datatype?: string
}

export type SnakMap = Record<string, Snak[]>

export interface Reference {
  hash?: string
  snaks: SnakMap
  'snaks-order'?: string[]
}

export type StatementRank = 'preferred' | 'normal' | 'deprecated'

export interface Statement {
  /** The statement GUID, e.g. `Q42$F078E5B3-F9A8-480E-B7AC-D97778CBBEF9`. */
  id?: string
  mainsnak: Snak
  qualifiers?: SnakMap
  'qualifiers-order'?: string[]
  references?: Reference[]
  rank: StatementRank
  type: 'statement' | 'claim'
}

/** Statements grouped by property id, in the order the entity lists them. */
export type StatementGroups = Record<string, Statement[]>

export interface SiteLink {
  site: string
  title: string
  badges: string[]
  /** Added by the API from the site's configuration; not part of the stored data. */
  url?: string
}

export type SiteLinkList = Record<string, SiteLink>

export interface WikibaseEntity {
  type: string
  id?: string
  labels?: TermList | []
  descriptions?: TermList | []
  aliases?: AliasGroupList | []
  claims?: StatementGroups | []
  sitelinks?: SiteLinkList | []
  /** Properties only. */
  datatype?: string
  /** Page and revision data that the API adds around the content. */
  pageid?: number
  ns?: number
  title?: string
  lastrevid?: number
  modified?: string
  [extra: string]: unknown
}

export class EntityJsonError extends Error {
  constructor (readonly reason: string, readonly entityId?: string) {
    super(entityId === undefined ? `not a Wikibase entity JSON: ${reason}` : `not a Wikibase entity JSON for ${entityId}: ${reason}`)
    this.name = 'EntityJsonError'
  }
}

function isPlainObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * The entity inside either envelope found in the wild: bare (the entity object itself) or
 * `{"entities":{"Q42":{…}}}` (Special:EntityData, wbgetentities). With several entities in
 * the envelope, `entityId` says which one; a redirect target is found under its own id, so a
 * request for the redirect's source id also matches an entity carrying
 * `redirects: {from: entityId}`.
 */
export function unwrapEntity (json: unknown, entityId?: string): WikibaseEntity {
  if (!isPlainObject(json)) throw new EntityJsonError('expected an object', entityId)
  let candidate: unknown = json
  if (isPlainObject(json.entities)) {
    const entities = json.entities
    const ids = Object.keys(entities)
    if (entityId === undefined) {
      if (ids.length !== 1) throw new EntityJsonError(`the envelope holds ${ids.length} entities (${ids.join(', ')}); say which one`)
      candidate = entities[ids[0]!]
    } else {
      candidate = entities[entityId] ?? Object.values(entities).find(e => isPlainObject(e) && isPlainObject(e.redirects) && e.redirects.from === entityId)
      if (candidate === undefined) throw new EntityJsonError(`the envelope holds ${ids.join(', ') || 'no entities'}`, entityId)
    }
  }
  if (!isPlainObject(candidate)) throw new EntityJsonError('the entity is not an object', entityId)
  if ('missing' in candidate) throw new EntityJsonError('the API reports the entity as missing', entityId)
  if (typeof candidate.type !== 'string') throw new EntityJsonError('no "type" string (legacy serialization?)', entityId)
  return candidate as WikibaseEntity
}

/** An entity map field, reading PHP's empty array `[]` (and absence) as an empty map. */
export function entityMap<T> (value: Record<string, T> | [] | undefined): Record<string, T> {
  return value === undefined || Array.isArray(value) ? {} : value
}
