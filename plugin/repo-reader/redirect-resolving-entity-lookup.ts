import type { WikiDatabase, Queryable } from '../db/wiki-database.js'
import type { EntityId } from '../../hooks/ids.js'
import type { WikibaseEntity } from '../changes/wikibase-entity.js'
import { loadEntityState } from './entity-state.js'
import { loadLatestRevision } from './entity-revisions.js'

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

/** The entity under `id` as a client reads it, uncached (see {@link EntityLookupResult}). */
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
