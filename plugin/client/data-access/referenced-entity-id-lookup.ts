import type { EntityId } from '../../../hooks/ids.js'
import type { WikibaseEntity } from '../../changes/wikibase-entity.js'
import { entityIdOfValue } from './snak-formatter.js'
import { bestStatements, statementsOf } from './statement-transclusion.js'

/** Why a search for a referenced entity stopped before it had an answer (Lua gets `false`). */
export type ReferencedEntitySearchAbort = 'max-depth' | 'max-visits'

export interface ReferencedEntityIdLimits {
  /** Intermediate entities searched through; 0: only the entities `from` references itself. */
  maxDepth: number
  /** Entities loaded in one search. */
  maxEntityVisits: number
}

/**
 * EntityRetrievingClosestReferencedEntityIdLookup (WikibaseDataModelServices, used by Lua's
 * `mw.wikibase.getReferencedEntityId`): breadth first from `from` along the best statements'
 * main snak values of `propertyId`, the first of `toIds` reached; null when the search runs
 * out of entities, an abort reason when it runs into a limit. `load` gives an entity or null
 * (missing, or not one with statements). Records no usage, as in Wikibase.
 */
export async function findReferencedEntityId (
  from: EntityId, propertyId: EntityId, toIds: readonly EntityId[], limits: ReferencedEntityIdLimits,
  load: (id: EntityId) => Promise<WikibaseEntity | null>
): Promise<EntityId | ReferencedEntitySearchAbort | null> {
  if (toIds.length === 0) return null
  const targets = new Set(toIds)
  const visited = new Set<EntityId>()
  let toVisit: EntityId[] = [from]
  // Checking `from` itself is a step, so maxDepth intermediate entities take maxDepth + 1 steps.
  for (let step = 0; step <= limits.maxDepth; step++) {
    const next: EntityId[] = []
    for (const id of toVisit) {
      visited.add(id)
      if (visited.size > limits.maxEntityVisits) return 'max-visits'
      const entity = await load(id)
      if (entity === null) continue
      for (const statement of bestStatements(statementsOf(entity, propertyId))) {
        const snak = statement.mainsnak
        const referenced = snak.snaktype === 'value' ? entityIdOfValue(snak.datavalue?.value) : null
        if (referenced === null) continue
        if (targets.has(referenced)) return referenced
        next.push(referenced)
      }
    }
    toVisit = [...new Set(next)].filter(id => !visited.has(id))
    if (toVisit.length === 0) return null
  }
  return 'max-depth'
}
