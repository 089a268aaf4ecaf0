import { isEntityId, type EntityId } from '../../../hooks/ids.js'
import { entityMap } from '../../changes/wikibase-entity.js'
import type { RepoReader } from '../../repo-reader/repo-reader.js'
import type { EntityLookupResult } from '../../repo-reader/redirect-resolving-entity-lookup.js'
import { WikibaseError } from '../../errors.js'

/** RestrictedEntityLookup: a page loaded more distinct entities than `entityAccessLimit`. */
export class EntityAccessLimitError extends WikibaseError {
  override readonly code = 'entity-access-limit'
  constructor (readonly limit: number, readonly entityId: EntityId) {
    super(`too many entities accessed: loading ${entityId} exceeds the limit of ${limit} entities per page`)
    this.name = 'EntityAccessLimitError'
  }
}

/**
 * Case-insensitive entity id as Wikibase's parsers read ids in wikitext (`p38`, `q64`); null
 * when the text is no entity id.
 */
export function parseEntityIdLoosely (raw: string): EntityId | null {
  const id = raw.trim().toUpperCase()
  return isEntityId(id) ? id : null
}

/** The repo reads the lookup caches. */
export type EntityLookupReads = Pick<RepoReader, 'loadEntity' | 'findPropertyIdByLabel' | 'itemIdForSiteLink'>

export interface RepoEntityLookupOptions {
  /** `entityAccessLimit` (Wikibase default 250): distinct full entities one page may load. */
  entityAccessLimit: number
}

/**
 * The repo entity lookup of one parse (or one request): reads the repo's database through its
 * {@link RepoReader}, caches every answer for the rest of the parse, and counts full-entity
 * accesses against `entityAccessLimit` like RestrictedEntityLookup (each distinct id once;
 * term, existence and sitelink reads are not counted).
 */
export class RepoEntityLookup {
  readonly #repo: EntityLookupReads
  readonly #limit: number
  readonly #entities = new Map<EntityId, Promise<EntityLookupResult>>()
  readonly #accessed = new Set<EntityId>()
  readonly #propertyLabels = new Map<string, Promise<EntityId | null>>()
  readonly #siteLinks = new Map<string, Promise<EntityId | null>>()
  /** Queries sent to the repo database, for tests and metrics. */
  queryCount = 0
  /** What was read from the repo, in order (`entity:Q64`, `label:en:country`, `sitelink:enwiki:Berlin`). */
  readonly loads: string[] = []

  constructor (repo: EntityLookupReads, options: RepoEntityLookupOptions) {
    this.#repo = repo
    this.#limit = options.entityAccessLimit
  }

  /** Distinct entities loaded through {@link getEntity} so far. */
  get accessCount (): number {
    return this.#accessed.size
  }

  /** A full entity access (counted; throws EntityAccessLimitError past the limit). */
  async getEntity (id: EntityId): Promise<EntityLookupResult> {
    if (!this.#accessed.has(id)) {
      if (this.#accessed.size >= this.#limit) throw new EntityAccessLimitError(this.#limit, id)
      this.#accessed.add(id)
    }
    return await this.peekEntity(id)
  }

  /** The same answer without counting: for terms, sitelinks and existence checks. */
  async peekEntity (id: EntityId): Promise<EntityLookupResult> {
    let pending = this.#entities.get(id)
    if (pending === undefined) {
      this.queryCount += 1
      this.loads.push(`entity:${id}`)
      pending = this.#repo.loadEntity(id)
      this.#entities.set(id, pending)
      pending.catch(() => { this.#entities.delete(id) })
    }
    return await pending
  }

  async hasEntity (id: EntityId): Promise<boolean> {
    return (await this.peekEntity(id)).status === 'found'
  }

  async findPropertyIdByLabel (label: string, languageCode: string): Promise<EntityId | null> {
    const key = `${languageCode}\u0000${label}`
    let pending = this.#propertyLabels.get(key)
    if (pending === undefined) {
      this.queryCount += 1
      this.loads.push(`label:${languageCode}:${label}`)
      pending = this.#repo.findPropertyIdByLabel(label, languageCode)
      this.#propertyLabels.set(key, pending)
      pending.catch(() => { this.#propertyLabels.delete(key) })
    }
    return await pending
  }

  /** The item with a sitelink (site, title) in the repo's wb_items_per_site, or null. */
  async getItemIdForSiteLink (siteId: string, title: string): Promise<EntityId | null> {
    const key = `${siteId}\u0000${title}`
    let pending = this.#siteLinks.get(key)
    if (pending === undefined) {
      this.queryCount += 1
      this.loads.push(`sitelink:${siteId}:${title}`)
      pending = this.#repo.itemIdForSiteLink(siteId, title)
      this.#siteLinks.set(key, pending)
      pending.catch(() => { this.#siteLinks.delete(key) })
    }
    return await pending
  }

  /** The title of an item's sitelink to `siteId` (from the entity, redirect resolved), or null. */
  async getSiteLinkTitle (itemId: EntityId, siteId: string): Promise<{ title: string | null, result: EntityLookupResult }> {
    const result = await this.peekEntity(itemId)
    if (result.status !== 'found') return { title: null, result }
    return { title: entityMap(result.entity.sitelinks)[siteId]?.title ?? null, result }
  }
}
