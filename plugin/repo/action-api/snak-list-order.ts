import type { Snak, SnakMap } from '../../changes/wikibase-entity.js'
import { isPropertyId } from '../validation/entity-id-rules.js'
import { isObject } from '../validation/json-shape.js'

/**
 * Snak lists (qualifiers, a reference's snaks) from client JSON as Wikibase reads them.
 *
 * Wikibase's SnakListDeserializer (DataModel Serialization, `src/Deserializers/SnakListDeserializer.php`)
 * walks every list of the map and deserializes each snak on its own: the key a snak is listed
 * under is not read, the snak's `property` is what counts. StatementDeserializer and
 * ReferenceDeserializer then call `SnakList::orderByProperty( qualifiers-order / snaks-order )`
 * (DataModel `src/Snak/SnakList.php`): snaks grouped by property, the properties named in the
 * order first, the others after in the order they first appeared. The serializer writes the
 * groups in that order and derives `qualifiers-order` / `snaks-order` from them, so an order
 * naming a property without snaks loses it. So a qualifier of P2 sent under `P1` is stored
 * under `P2`, not refused.
 *
 * A snak without a property id stays under the key it came with, for the entity validator to
 * refuse at that place.
 */
export interface OrderedSnaks { snaks: SnakMap, order: string[] }

function snakProperty (snak: unknown, listedUnder: string): string {
  return isObject(snak) && isPropertyId(snak.property) ? snak.property : listedUnder
}

/** The snaks of a map (or a flat list, which Wikibase also takes) in their order of appearance, each with its group. */
function flatten (snaks: SnakMap | Snak[] | undefined): Array<[string, Snak]> {
  if (snaks === undefined) return []
  if (Array.isArray(snaks)) return snaks.map(s => [snakProperty(s, String((s as Partial<Snak> | undefined)?.property)), s])
  return Object.entries(snaks).flatMap(([key, list]) => Array.isArray(list) ? list.map(s => [snakProperty(s, key), s] as [string, Snak]) : [])
}

/** The snaks grouped by their own property, ordered by `order` (an array of strings; anything else: no order). */
export function orderSnaksByProperty (snaks: SnakMap | Snak[] | undefined, order?: unknown): OrderedSnaks {
  const named = Array.isArray(order) && order.every(p => typeof p === 'string') ? order as string[] : []
  const groups = new Map<string, Snak[]>(named.map(p => [p, []]))
  for (const [property, snak] of flatten(snaks)) {
    const group = groups.get(property)
    if (group === undefined) groups.set(property, [snak])
    else group.push(snak)
  }
  const filled = [...groups].filter(([, list]) => list.length > 0)
  return { snaks: Object.fromEntries(filled), order: filled.map(([p]) => p) }
}

/** Whether an order is one this module applies (else the validator sees it as sent). */
export function isPropertyOrder (order: unknown): boolean {
  return order === undefined || (Array.isArray(order) && order.every(p => typeof p === 'string'))
}
