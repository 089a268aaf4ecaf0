import type { ClientBase, Pool } from 'pg'
import { isStorableString } from '../../http/storable-strings.js'
import { tableName, type WikiDatabase } from '../../db/wiki-database.js'
import { isEntityId, type EntityId } from '../../../hooks/ids.js'
import { entityMap, type WikibaseEntity } from '../../changes/wikibase-entity.js'
import { loadEntityState, loadLatestRevision } from '../../repo/entities/entity-store.js'
import { itemIdForSiteLink } from '../../repo/entities/sitelink-store.js'
import { WikibaseError } from '../../errors.js'

type Queryable = Pick<ClientBase, 'query'> | Pool
type RepoDb = Pick<WikiDatabase, 'pool' | 'dataSchema'>

/**
 * What the repo holds under an id, as a client sees it (RedirectResolvingEntityLookup over the
 * repo's latest revisions): an entity, or nothing. One level of redirect is resolved; the
 * caller tracks usages on the target and `O` on the source (RedirectTrackingUsageAccumulator).
 * A deleted entity, an id never used and a redirect whose target is itself a redirect,
 * missing or deleted all read as missing.
 */
export type EntityLookupResult =
  | { status: 'found', entity: WikibaseEntity, entityId: EntityId, redirectedFrom: EntityId | null }
  | { status: 'missing', entityId: EntityId, reason: 'no-such-entity' | 'deleted' | 'unresolved-redirect' }

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

/** The repo reads a client needs, uncached: one function per query family. */
export async function loadEntityForClient (q: Queryable, repo: Pick<WikiDatabase, 'dataSchema'>, id: EntityId): Promise<EntityLookupResult> {
  const state = await loadEntityState(q, repo, id)
  if (state === null) return { status: 'missing', entityId: id, reason: 'no-such-entity' }
  if (state.deleted) return { status: 'missing', entityId: id, reason: 'deleted' }
  if (state.redirectTarget !== null) {
    const target = await loadEntityState(q, repo, state.redirectTarget)
    if (target === null || target.deleted || target.redirectTarget !== null || target.latestRevisionId === 0) {
      return { status: 'missing', entityId: id, reason: 'unresolved-redirect' }
    }
    const revision = await loadLatestRevision(q, repo, target.entityId)
    if (revision === null) return { status: 'missing', entityId: id, reason: 'unresolved-redirect' }
    return { status: 'found', entity: revision.entity, entityId: target.entityId, redirectedFrom: id }
  }
  if (state.latestRevisionId === 0) return { status: 'missing', entityId: id, reason: 'no-such-entity' }
  const revision = await loadLatestRevision(q, repo, id)
  if (revision === null) return { status: 'missing', entityId: id, reason: 'no-such-entity' }
  return { status: 'found', entity: revision.entity, entityId: id, redirectedFrom: null }
}

/**
 * PropertyLabelResolver: the live property whose label in `languageCode` is exactly `label`
 * (the lowest id when several share it), or null. Read from wb_property_labels, not by
 * parsing stored entity JSON in SQL (migration repo/021).
 */
export async function findPropertyIdByLabel (q: Queryable, repo: Pick<WikiDatabase, 'dataSchema'>, label: string, languageCode: string): Promise<EntityId | null> {
  // Page text may hold what no stored label can (U+0000, lone surrogates); PostgreSQL would refuse the parameter.
  if (!isStorableString(label) || !isStorableString(languageCode)) return null
  const { rows } = await q.query<{ id: string }>(
    `SELECT e.entity_id AS id FROM ${tableName(repo, 'wb_entities')} e
       JOIN ${tableName(repo, 'wb_property_labels')} l ON l.pl_property_id = e.entity_id
      WHERE e.entity_type = 'property' AND NOT e.entity_deleted AND e.entity_redirect_target IS NULL
        AND l.pl_language = $2 AND l.pl_label = $1
      ORDER BY e.entity_numeric_id LIMIT 1`, [label, languageCode])
  return rows[0] === undefined ? null : rows[0].id as EntityId
}

export interface RepoEntityLookupOptions {
  /** `entityAccessLimit` (Wikibase default 250): distinct full entities one page may load. */
  entityAccessLimit: number
}

/**
 * The repo entity lookup of one parse (or one request): reads the repo's database, caches
 * every answer for the rest of the parse, and counts full-entity accesses against
 * `entityAccessLimit` like RestrictedEntityLookup (each distinct id once; term, existence
 * and sitelink reads are not counted).
 */
export class RepoEntityLookup {
  readonly #repo: RepoDb
  readonly #limit: number
  readonly #entities = new Map<EntityId, Promise<EntityLookupResult>>()
  readonly #accessed = new Set<EntityId>()
  readonly #propertyLabels = new Map<string, Promise<EntityId | null>>()
  readonly #siteLinks = new Map<string, Promise<EntityId | null>>()
  /** Queries sent to the repo database, for tests and metrics. */
  queryCount = 0
  /** What was read from the repo, in order (`entity:Q64`, `label:en:country`, `sitelink:enwiki:Berlin`). */
  readonly loads: string[] = []

  constructor (repo: RepoDb, options: RepoEntityLookupOptions) {
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
      pending = loadEntityForClient(this.#repo.pool, this.#repo, id)
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
      pending = findPropertyIdByLabel(this.#repo.pool, this.#repo, label, languageCode)
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
      pending = itemIdForSiteLink(this.#repo.pool, this.#repo, siteId, title)
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
