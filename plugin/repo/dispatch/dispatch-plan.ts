import type { EntityChange } from '../../changes/entity-change.js'
import type { StoredChangeRow } from '../../changes/stored-change.js'
import { dispatchTargets } from './dispatch-targets.js'

/** One entity's part of a dispatch run: its rows and the clients they go to. */
export interface EntityDispatch {
  entityId: string
  /** The entity's rows in this run, in change order. */
  rows: StoredChangeRow[]
  /** Known clients that get them, sorted (the `dispatch:before` hook may edit them). */
  targets: string[]
  /** Subscribers or linked sites that are not configured clients. */
  unknown: string[]
}

/**
 * A dispatch run's rows (of many entities, in change order) split per entity, each with its
 * targets by DispatchChangesJob's rule (dispatch-targets.ts). `decoded` holds the rows that
 * decode; a row that does not adds no sitelink target, but is still sent.
 */
export function planDispatch (
  rows: readonly StoredChangeRow[], decoded: ReadonlyMap<number, EntityChange>,
  subscribers: ReadonlyMap<string, readonly string[]>, knownClients: ReadonlySet<string>
): EntityDispatch[] {
  const byEntity = new Map<string, StoredChangeRow[]>()
  for (const row of rows) {
    const list = byEntity.get(row.object_id)
    if (list === undefined) byEntity.set(row.object_id, [row])
    else list.push(row)
  }
  return [...byEntity].map(([entityId, entityRows]) => {
    const changes = entityRows.flatMap(row => { const change = decoded.get(row.id); return change === undefined ? [] : [change] })
    const { targets, unknown } = dispatchTargets(changes, subscribers.get(entityId) ?? [], knownClients)
    return { entityId, rows: entityRows, targets, unknown }
  })
}

/**
 * What each client gets of the run: the rows of every entity it is a target of, in change
 * order (so per entity in order too). Clients sorted.
 */
export function rowsPerClient (entities: readonly EntityDispatch[]): Map<string, StoredChangeRow[]> {
  const perClient = new Map<string, StoredChangeRow[]>()
  for (const entity of entities) {
    for (const site of new Set(entity.targets)) {
      const list = perClient.get(site)
      if (list === undefined) perClient.set(site, [...entity.rows])
      else list.push(...entity.rows)
    }
  }
  const sorted = [...perClient].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)
  return new Map(sorted.map(([site, list]) => [site, list.sort((a, b) => a.id - b.id)]))
}
