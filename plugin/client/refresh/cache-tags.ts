import type { EntityId } from '../../../hooks/ids.js'
import { ALL_USAGE, aspectKeyOf, type AspectKey, type EntityUsage } from '../usage/entity-usage.js'

/**
 * Cache tags (Varnish `xkey`, Fastly/Akamai `Surrogate-Key`) that let a CDN drop exactly the
 * renderings a change made stale, with one call per change instead of purge batches of pages
 * (issue 18 point 3; beyond Wikibase, which purges page URLs: HTMLCacheUpdateJob). The tags
 * mirror Wikibase's usage aspects (facts §5.1):
 *  - `wb-Q42`: every page that uses Q42 in any way carries it; a change of the whole entity
 *    (deleted, redirected, restored: aspect `X` in getChangedAspects' output) purges it.
 *  - `wb-Q42-<aspect key>`: `wb-Q42-L.en`, `wb-Q42-D.en`, `wb-Q42-S`, `wb-Q42-T`,
 *    `wb-Q42-C.P17`, `wb-Q42-O`, `wb-Q42-X` … one per usage of the page; a change purges the
 *    keys getChangedAspects gives (the bare key included, for usages collapsed to it) and
 *    `wb-Q42-X` (pages that read all of the entity), just as affected pages are found.
 * Characters outside `[A-Za-z0-9._-]` (a modifier is free text) are percent-encoded, so a tag
 * never holds a space or a comma (both separate tags in those headers).
 */
export const CACHE_TAG_PREFIX = 'wb-'

export function entityCacheTag (entityId: EntityId | string): string {
  return `${CACHE_TAG_PREFIX}${entityId}`
}

export function aspectCacheTag (entityId: EntityId | string, aspectKey: AspectKey): string {
  return `${entityCacheTag(entityId)}-${encodeTagPart(aspectKey)}`
}

function encodeTagPart (text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/gu, ch => [...Buffer.from(ch, 'utf8')].map(b => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''))
}

/** What cacheTagsForChange reads of a change (AffectedPagesQuery has both). */
export interface TaggedChange {
  entityId: EntityId | string
  /** getChangedAspects' keys; `[X]` for a change of the whole entity. */
  changedAspects: readonly AspectKey[]
}

/** The tags whose pages a change makes stale (sorted, unique). */
export function cacheTagsForChange (change: TaggedChange): string[] {
  if (change.changedAspects.includes(ALL_USAGE)) return [entityCacheTag(change.entityId)]
  const tags = new Set(change.changedAspects.map(key => aspectCacheTag(change.entityId, key)))
  tags.add(aspectCacheTag(change.entityId, ALL_USAGE))
  return [...tags].sort()
}

/** The tags a rendering carries, from the page's usages (sorted, unique). */
export function cacheTagsForUsages (usages: Iterable<EntityUsage>): string[] {
  const tags = new Set<string>()
  for (const usage of usages) {
    tags.add(entityCacheTag(usage.entityId))
    tags.add(aspectCacheTag(usage.entityId, aspectKeyOf(usage)))
  }
  return [...tags].sort()
}
