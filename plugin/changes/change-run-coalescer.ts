import type { EntityId, SiteGlobalId } from '../../hooks/ids.js'
import {
  changeMetadata,
  getSiteLinkDiff,
  isItemChange,
  newFromUpdate,
  setChangeMetadata,
  type EntityChange
} from './entity-change.js'
import type { WikibaseEntity } from './wikibase-entity.js'

export interface ChangeRunCoalescerOptions {
  /** The client's own global site id (`siteGlobalID`), e.g. `enwiki`. */
  localSiteId: SiteGlobalId | string
  /** The entity as of a repo revision; `null` when that revision cannot be found. */
  loadEntityRevision: (entityId: EntityId, revisionId: number) => Promise<WikibaseEntity | null>
  /** Told about changes that were skipped and runs that could not be merged. */
  onWarning?: (message: string, context: Record<string, unknown>) => void
}

/** A run could not be merged; its changes are passed on unmerged. */
export class MergeFailedError extends Error {
  constructor (readonly entityId: string, readonly reason: string) {
    super(`cannot merge changes of ${entityId}: ${reason}`)
    this.name = 'MergeFailedError'
  }
}

/**
 * ChangeRunCoalescer::transformChangeList: merges runs of consecutive changes to the same
 * entity by the same user with the same action into one change, so that a client handles one
 * change per run.
 *
 * 1. Changes are grouped by entity (group order = first appearance; input order within).
 * 2. Each group is cut into runs; a run breaks when the action or `user_text` differs from the
 *    run's (an `add` starts a run whose action is `update`, so an `add` followed by `update`s
 *    merges), or when an item change's sitelink diff (badge-only changes excluded) touches the
 *    local site: such a change stands alone, and the next change breaks again. Faithful quirk:
 *    the local-site check is skipped for a change that already breaks for user/action, so the
 *    change after it may join its run.
 * 3. A run of several changes becomes one change whose compact diff is recomputed from the
 *    entity at the first change's `parent_id` (none when 0: the merged change is an `add`) to
 *    the entity at the last change's `rev_id`. If a revision cannot be loaded the run is kept
 *    as it was.
 * 4. All results are sorted by `time`, then `id` (stable).
 *
 * A change that cannot be examined (e.g. an invalid compact diff that throws) is left out with
 * a warning (T51417).
 */
export async function transformChangeList (changes: readonly EntityChange[], options: ChangeRunCoalescerOptions): Promise<EntityChange[]> {
  const groups = new Map<EntityId, EntityChange[]>()
  for (const change of changes) {
    const group = groups.get(change.entityId)
    if (group === undefined) groups.set(change.entityId, [change])
    else group.push(change)
  }
  const coalesced: EntityChange[] = []
  for (const [entityId, group] of groups) {
    coalesced.push(...await coalesceRuns(entityId, group, options))
  }
  return sortChanges(coalesced)
}

/** Stable sort by `time` (MW timestamps compare as strings), then `id` (null before any id). */
export function sortChanges (changes: readonly EntityChange[]): EntityChange[] {
  return [...changes].sort((a, b) => {
    if (a.time !== b.time) return a.time < b.time ? -1 : 1
    return (a.id ?? 0) - (b.id ?? 0)
  })
}

async function coalesceRuns (entityId: EntityId, changes: readonly EntityChange[], options: ChangeRunCoalescerOptions): Promise<EntityChange[]> {
  const warn = options.onWarning ?? (() => {})
  const coalesced: EntityChange[] = []
  let currentRun: EntityChange[] = []
  let currentUser: string | null = null
  let currentAction: string | null = null
  let breakNext = false

  for (const change of changes) {
    try {
      const action = change.action
      const user = changeMetadata(change).user_text ?? null
      let breakRun = breakNext || action !== currentAction || user !== currentUser
      breakNext = false
      if (!breakRun && isItemChange(change)) {
        const siteLinkDiff = getSiteLinkDiff(change, message => warn(message, { entityId, changeId: change.id }))
        if (options.localSiteId in siteLinkDiff) {
          breakRun = true
          breakNext = true
        }
      }
      if (breakRun) {
        if (currentRun.length > 0) coalesced.push(...await mergeRun(entityId, currentRun, options))
        currentRun = []
        currentUser = user
        currentAction = action === 'add' ? 'update' : action
      }
      currentRun.push(change)
    } catch (error) {
      warn(`skipping change that cannot be coalesced: ${(error as Error).message}`, { entityId, changeId: change.id })
    }
  }
  if (currentRun.length > 0) coalesced.push(...await mergeRun(entityId, currentRun, options))
  return coalesced
}

async function mergeRun (entityId: EntityId, run: EntityChange[], options: ChangeRunCoalescerOptions): Promise<EntityChange[]> {
  try {
    return [await mergeChanges(entityId, run, options)]
  } catch (error) {
    if (!(error instanceof MergeFailedError)) throw error
    options.onWarning?.(error.message, { entityId, changeIds: run.map(change => change.id) })
    return run
  }
}

/** ChangeRunCoalescer::mergeChanges. A single change is returned as it is. */
export async function mergeChanges (
  entityId: EntityId, changes: readonly EntityChange[], options: Pick<ChangeRunCoalescerOptions, 'loadEntityRevision'>
): Promise<EntityChange> {
  const first = changes[0]
  const last = changes[changes.length - 1]
  if (first === undefined || last === undefined) throw new MergeFailedError(entityId, 'no changes to merge')
  if (changes.length === 1) return first

  const bot = changes.every(change => Boolean(changeMetadata(change).bot))
  const parentRevId = changeMetadata(first).parent_id ?? 0
  const latestRevId = changeMetadata(last).rev_id ?? 0

  const latest = await loadRevision(entityId, latestRevId, options)
  const parent = parentRevId !== 0 ? await loadRevision(entityId, parentRevId, options) : null

  let merged: EntityChange
  try {
    merged = newFromUpdate(parent !== null ? 'update' : 'add', parent, latest)
  } catch (error) {
    throw new MergeFailedError(entityId, (error as Error).message)
  }
  merged = { ...merged, id: null, revisionId: last.revisionId, userId: last.userId, time: last.time }
  merged = setChangeMetadata(merged, { ...changeMetadata(last), parent_id: parentRevId, bot })
  return { ...merged, changeIds: changes.map(change => change.id), mergedChanges: [...changes] }
}

async function loadRevision (entityId: EntityId, revisionId: number, options: Pick<ChangeRunCoalescerOptions, 'loadEntityRevision'>): Promise<WikibaseEntity> {
  let entity: WikibaseEntity | null
  try {
    entity = await options.loadEntityRevision(entityId, revisionId)
  } catch (error) {
    throw new MergeFailedError(entityId, `loading revision ${revisionId} failed: ${(error as Error).message}`)
  }
  if (entity === null) throw new MergeFailedError(entityId, `revision ${revisionId} not found`)
  return entity
}
