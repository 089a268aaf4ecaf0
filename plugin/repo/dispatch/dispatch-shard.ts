/**
 * Beyond Wikibase: the repo's dispatch is split into shards, one keyed dispatch job each, so a
 * run takes the changes of many entities at once while each entity's changes stay in one
 * shard (one run at a time per shard keeps them in order). An entity's shard is a stable
 * hash of its id: the same in every process and across restarts (FNV-1a, 32 bits).
 *
 * The shard a row is stored with wins over this rule while the entity has undispatched rows
 * (change-store.ts), so changing `repoSettings.dispatchShards` never splits an entity's
 * pending changes over two shards.
 */
export function dispatchShard (entityId: string, shards: number): number {
  if (!Number.isSafeInteger(shards) || shards < 1) throw new RangeError(`dispatch shards must be a positive integer, got ${shards}`)
  let hash = 0x811c9dc5
  for (let i = 0; i < entityId.length; i++) {
    hash ^= entityId.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0) % shards
}

/** `repoSettings.dispatchShards`' default, for edit contexts built without the settings. */
export const DEFAULT_DISPATCH_SHARDS = 8

/** graphile-worker job key and named queue of a shard's dispatch job. */
export const dispatchJobKey = (shard: number): string => `dispatch:${shard}`

/** graphile-worker job key and named queue of a client's delivery job. */
export const deliverJobKey = (clientSiteId: string): string => `deliver:${clientSiteId}`
