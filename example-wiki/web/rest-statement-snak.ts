import type { Snak } from './entity-value-html.js'

/**
 * The statements of the Wikibase REST API (OpenAPI 1.5 `Statement`) as the entity pages read
 * them, and the snak a REST property–value pair stands for, so the value formatters
 * (entity-value-html.ts, which also render the canonical JSON of diffs) show the same HTML
 * for either. The value's type comes from the property's `data_type`; for a property the
 * repo lacks (`data_type: null`) from the shape of the content.
 */
export interface RestPropertyValuePair {
  property: { id: string, data_type: string | null }
  value: { type: string, content?: unknown }
}

export interface RestStatement extends RestPropertyValuePair {
  id: string
  rank: string
  qualifiers: RestPropertyValuePair[]
  references: Array<{ hash: string, parts: RestPropertyValuePair[] }>
}

const ENTITY_TYPES: Record<string, string> = {
  'wikibase-item': 'item',
  'wikibase-property': 'property',
  'wikibase-lexeme': 'lexeme',
  'wikibase-form': 'form',
  'wikibase-sense': 'sense',
  'entity-schema': 'entity-schema'
}

function datavalueType (dataType: string | null, content: unknown): string {
  if (dataType !== null && Object.hasOwn(ENTITY_TYPES, dataType)) return 'wikibase-entityid'
  if (typeof content !== 'object' || content === null) return 'string'
  if ('time' in content) return 'time'
  if ('amount' in content) return 'quantity'
  if ('latitude' in content) return 'globecoordinate'
  if ('text' in content) return 'monolingualtext'
  return 'unknown'
}

/** The snak of a REST pair: a statement's main value, a qualifier or a reference part. */
export function snakOfPair (pair: RestPropertyValuePair): Snak {
  const snak: Snak = { snaktype: pair.value.type, property: pair.property.id }
  if (pair.property.data_type !== null) snak.datatype = pair.property.data_type
  if (pair.value.type !== 'value') return snak
  const type = datavalueType(pair.property.data_type, pair.value.content)
  const value = type === 'wikibase-entityid'
    ? { 'entity-type': ENTITY_TYPES[pair.property.data_type!], id: pair.value.content }
    : pair.value.content
  snak.datavalue = { type, value }
  return snak
}

/** Qualifiers by property, in the order the statement lists them (as canonical JSON's qualifiers-order). */
export function qualifiersByProperty (statement: RestStatement): Array<[string, Snak[]]> {
  const groups = new Map<string, Snak[]>()
  for (const qualifier of statement.qualifiers) {
    const list = groups.get(qualifier.property.id) ?? []
    list.push(snakOfPair(qualifier))
    groups.set(qualifier.property.id, list)
  }
  return [...groups]
}
