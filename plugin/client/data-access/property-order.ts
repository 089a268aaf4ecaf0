/**
 * A property order (Wikibase's PropertyOrderProvider): property id → position, or null when
 * none is configured (Wikibase: no MediaWiki:Wikibase-SortedProperties page).
 */
export type PropertyOrder = Readonly<Record<string, number>> | null

/** The configured list (`propertyOrder` setting) as a PropertyOrder; empty → null. */
export function propertyOrderOf (ordered: readonly string[]): PropertyOrder {
  if (ordered.length === 0) return null
  const order: Record<string, number> = {}
  ordered.forEach((id, index) => { order[id] ??= index })
  return order
}

/**
 * `mw.wikibase.orderProperties(ids)` (WikibaseLibrary::orderProperties): the ids the order
 * knows, by their position, then the others in the order given.
 */
export function orderProperties (propertyIds: readonly string[], order: PropertyOrder): string[] {
  const known: Array<[number, string]> = []
  const unknown: string[] = []
  for (const id of propertyIds) {
    const position = order !== null && Object.hasOwn(order, id) ? order[id] : undefined
    if (position === undefined) unknown.push(id)
    else known.push([position, id])
  }
  known.sort((a, b) => a[0] - b[0])
  return [...known.map(([, id]) => id), ...unknown]
}
