import { withTransaction, type WikiDatabase } from '../../db/wiki-database.js'
import { loadLatestRevision } from '../../repo-reader/entity-revisions.js'
import { lockIndexableEntities, replaceEntityTerms } from './term-index-store.js'

/**
 * Rebuilds the term index from each entity's latest revision: for entities saved before
 * migration repo/031, or after a change of the key function. Idempotent (each entity's rows
 * are replaced), in batches of one transaction each that lock their entity rows, so it can
 * run while the wiki takes edits. Returns how many entities it indexed.
 */
export async function reindexTerms (db: WikiDatabase, options: { batchSize?: number, onBatch?: (done: number) => void } = {}): Promise<number> {
  let after = { type: '', numericId: 0 }
  let done = 0
  for (;;) {
    const batch = await withTransaction(db.pool, async tx => {
      const entities = await lockIndexableEntities(tx, db, after, options.batchSize ?? 500)
      for (const entity of entities) {
        const revision = await loadLatestRevision(tx, db, entity.id)
        if (revision !== null) await replaceEntityTerms(tx, db, entity.id, revision.entity)
      }
      return entities
    })
    if (batch.length === 0) return done
    done += batch.length
    after = { type: batch.at(-1)!.type, numericId: batch.at(-1)!.numericId }
    options.onBatch?.(done)
  }
}
