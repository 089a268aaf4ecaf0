import { randomUUID } from 'node:crypto'
import { invalidGuid } from '../../action-api/api-errors.js'

/** Statement GUIDs (`Q42$<UUID>`): the entity they belong to, and new ones. */

const GUID = /^([A-Za-z]\d+)\$([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})$/

/** The entity id a statement GUID belongs to (upper-cased), or invalid-guid. */
export function entityIdOfGuid (guid: string): string {
  const match = GUID.exec(guid)
  if (match === null) throw invalidGuid(guid)
  return match[1]!.toUpperCase()
}

export function newGuid (entityId: string): string {
  return `${entityId}$${randomUUID().toUpperCase()}`
}
