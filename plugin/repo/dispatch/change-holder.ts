import type { ClientBase } from 'pg'
import type { EntityChange } from '../../changes/entity-change.js'

/**
 * Wikibase's ChangeHolder, scoped to a transaction instead of a request: an entity edit
 * holds its change on the transaction's client; the RecentChangeSave handler running in
 * the same transaction takes it. Nothing outlives the transaction's client.
 */
const held = new WeakMap<ClientBase, EntityChange[]>()

export function holdChange (tx: ClientBase, change: EntityChange): void {
  const list = held.get(tx)
  if (list === undefined) held.set(tx, [change])
  else list.push(change)
}

/** The changes held on `tx`, removed from it (each is saved at most once). */
export function takeHeldChanges (tx: ClientBase): EntityChange[] {
  const list = held.get(tx) ?? []
  held.delete(tx)
  return list
}
