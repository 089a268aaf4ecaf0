/** The serialization of an entity id, e.g. `Q42`, `P31`, `L7`. */
export type EntityId = string & { readonly __brand: 'EntityId' }
export type EntityType = 'item' | 'property' | 'lexeme'

const ENTITY_ID = /^([QPL])([1-9]\d*)$/
const TYPE_BY_PREFIX: Record<string, EntityType> = { Q: 'item', P: 'property', L: 'lexeme' }

export class InvalidEntityIdError extends Error {
  constructor (readonly value: unknown) {
    super(`not a valid entity id: ${JSON.stringify(value)} (expected Q…, P… or L… followed by a number)`)
    this.name = 'InvalidEntityIdError'
  }
}

export function isEntityId (raw: unknown): raw is EntityId {
  return typeof raw === 'string' && ENTITY_ID.test(raw)
}

export function parseEntityId (raw: unknown): EntityId {
  if (!isEntityId(raw)) throw new InvalidEntityIdError(raw)
  return raw
}

export function entityTypeOf (id: EntityId): EntityType {
  return TYPE_BY_PREFIX[id[0]!]!
}

/** The numeric part (`Q64` → 64), as stored in `wb_items_per_site.ips_item_id`. */
export function numericIdOf (id: EntityId): number {
  return Number(id.slice(1))
}
