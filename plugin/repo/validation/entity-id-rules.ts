/**
 * Well-formed entity ids by entity type, as Wikibase's id classes parse them
 * (wikibase/data-model ItemId/PropertyId `^Q[1-9]\d{0,9}$` with a numeric part of at most
 * Int32EntityId::MAX = 2147483647; WikibaseLexeme's L…, L…-F…, L…-S…; EntitySchema's E…).
 * Ids are positive and have no leading zeros, so `Q0` and `Q01` are not ids.
 */
const NUMBER = '[1-9]\\d{0,9}'
const ID_PATTERNS: ReadonlyMap<string, RegExp> = new Map([
  ['item', new RegExp(`^Q(${NUMBER})$`)],
  ['property', new RegExp(`^P(${NUMBER})$`)],
  ['lexeme', new RegExp(`^L(${NUMBER})$`)],
  ['form', new RegExp(`^L(${NUMBER})-F(${NUMBER})$`)],
  ['sense', new RegExp(`^L(${NUMBER})-S(${NUMBER})$`)],
  ['entity-schema', new RegExp(`^E(${NUMBER})$`)]
])

/** Int32EntityId::MAX. */
export const MAX_NUMERIC_ID = 2147483647

export function isEntityType (type: unknown): type is string {
  return typeof type === 'string' && ID_PATTERNS.has(type)
}

/** Whether `id` is a well-formed id of an entity of `type`. */
export function isIdOfType (id: unknown, type: string): id is string {
  if (typeof id !== 'string' || id.length > 24) return false
  const match = ID_PATTERNS.get(type)?.exec(id)
  return match != null && match.slice(1).every(n => Number(n) <= MAX_NUMERIC_ID)
}

export const isItemId = (id: unknown): id is string => isIdOfType(id, 'item')
export const isPropertyId = (id: unknown): id is string => isIdOfType(id, 'property')

/** The numeric part of an item, property or lexeme id (the `numeric-id` of a value). */
export function numericPart (id: string): number {
  return Number(/^[A-Z](\d+)/.exec(id)?.[1] ?? Number.NaN)
}
