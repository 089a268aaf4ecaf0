import type { WikiDatabase } from '../db/wiki-database.js'
import type { EntityId } from '../../hooks/ids.js'
import { loadRevision, type EntityRevision } from './entity-revisions.js'
import { itemIdForSiteLink } from './sitelink-lookup.js'
import { findPropertyIdByLabel } from './property-label-lookup.js'
import { loadEntityForClient, type EntityLookupResult } from './redirect-resolving-entity-lookup.js'

/**
 * What a client reads from its repo's database, bound to that database: a client of a farm
 * reads the repo's tables directly, through these queries only (its subscription writes are
 * in ./subscriptions.ts). Each read runs on the repo's pool.
 */
export interface RepoReader {
  /** The entity under an id, one redirect resolved (RedirectResolvingEntityLookup). */
  loadEntity: (id: EntityId) => Promise<EntityLookupResult>
  /** A given revision of an entity (coalescing rebuilds diffs from them); null if it is not one of the entity's. */
  loadRevision: (id: EntityId, revisionId: number) => Promise<EntityRevision | null>
  /** PropertyLabelResolver: the live property with this exact label, or null. */
  findPropertyIdByLabel: (label: string, languageCode: string) => Promise<EntityId | null>
  /** The item with a sitelink (site, title), or null. */
  itemIdForSiteLink: (siteId: string, title: string) => Promise<EntityId | null>
}

/** The reader of a repo's database (its pool and data schema). */
export function sqlRepoReader (repo: Pick<WikiDatabase, 'pool' | 'dataSchema'>): RepoReader {
  return {
    loadEntity: async id => await loadEntityForClient(repo.pool, repo, id),
    loadRevision: async (id, revisionId) => await loadRevision(repo.pool, repo, id, revisionId),
    findPropertyIdByLabel: async (label, languageCode) => await findPropertyIdByLabel(repo.pool, repo, label, languageCode),
    itemIdForSiteLink: async (siteId, title) => await itemIdForSiteLink(repo.pool, repo, siteId, title)
  }
}
