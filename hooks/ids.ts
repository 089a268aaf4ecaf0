/**
 * The ids every layer speaks of: entities, sites, pages. Below everything (hooks, plugin,
 * jobs import it; it imports nothing), re-exported from the package's `./hooks` entry.
 */

/** The serialization of an entity id, e.g. `Q42`, `P31`, `L7`. */
export type EntityId = string & { readonly __brand: 'EntityId' }
export type EntityType = 'item' | 'property' | 'lexeme'

const ENTITY_ID = /^([QPL])([1-9]\d*)$/
/** The same rule as a JSON-schema `pattern` (task payloads). */
export const ENTITY_ID_PATTERN = '^[QPL][1-9][0-9]*$'
const TYPE_BY_PREFIX: Record<string, EntityType> = { Q: 'item', P: 'property', L: 'lexeme' }

export class InvalidEntityIdError extends Error {
  readonly code = 'invalid-entity-id'
  constructor (readonly value: unknown) {
    super(`not a valid entity id: ${JSON.stringify(value)} (expected Q…, P… or L… followed by a number)`)
    this.name = 'InvalidEntityIdError'
  }
}

export function isEntityId (raw: unknown): raw is EntityId {
  return typeof raw === 'string' && ENTITY_ID.test(raw)
}

export function parseEntityId (raw: unknown): EntityId {
  if (!isEntityId(raw)) throw new InvalidEntityIdError(raw)
  return raw
}

export function entityTypeOf (id: EntityId): EntityType {
  return TYPE_BY_PREFIX[id[0]!]!
}

/** The numeric part (`Q64` → 64), as stored in `wb_items_per_site.ips_item_id`. */
export function numericIdOf (id: EntityId): number {
  return Number(id.slice(1))
}

/** A site's global key, e.g. `enwiki`; by convention the wiki's database name. */
export type SiteGlobalId = string & { readonly __brand: 'SiteGlobalId' }

/**
 * 1–32 letters, digits, `_`, `-` or `.`: MediaWiki stores the key as varbinary(32), and its own
 * site-list fixtures use keys such as `acme.com`.
 */
const SITE_GLOBAL_ID = /^[a-z0-9_.-]{1,32}$/i

export function isSiteGlobalId (raw: unknown): raw is SiteGlobalId {
  return typeof raw === 'string' && SITE_GLOBAL_ID.test(raw)
}

export function parseSiteGlobalId (raw: unknown): SiteGlobalId {
  if (!isSiteGlobalId(raw)) throw new Error(`not a valid global site id: ${JSON.stringify(raw)} (1–32 letters, digits, _, - or .)`)
  return raw
}

/** A local page id (`page.page_id` of the host wiki). */
export type PageId = number & { readonly __brand: 'PageId' }

export function parsePageId (raw: unknown): PageId {
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < 1) {
    throw new Error(`not a valid page id: ${JSON.stringify(raw)} (a positive integer)`)
  }
  return raw as PageId
}
