/**
 * The property datatypes this repo knows and the datavalue type each takes (Wikibase's data
 * type definitions, repo/WikibaseRepo.datatypes.php, plus those of the extensions Wikidata
 * runs: Math, Score, WikibaseLexeme, EntitySchema). A Map, so a datatype such as
 * `constructor` or `<script>` is simply unknown.
 */
export const DATAVALUE_TYPE_OF_DATATYPE: ReadonlyMap<string, string> = new Map([
  ['wikibase-item', 'wikibase-entityid'],
  ['wikibase-property', 'wikibase-entityid'],
  ['wikibase-lexeme', 'wikibase-entityid'],
  ['wikibase-form', 'wikibase-entityid'],
  ['wikibase-sense', 'wikibase-entityid'],
  ['entity-schema', 'wikibase-entityid'],
  ['string', 'string'],
  ['external-id', 'string'],
  ['url', 'string'],
  ['commonsMedia', 'string'],
  ['geo-shape', 'string'],
  ['tabular-data', 'string'],
  ['math', 'string'],
  ['musical-notation', 'string'],
  ['time', 'time'],
  ['quantity', 'quantity'],
  ['monolingualtext', 'monolingualtext'],
  ['globe-coordinate', 'globecoordinate']
])

/** The entity type a value of an entity datatype must name. */
export const ENTITY_TYPE_OF_DATATYPE: ReadonlyMap<string, string> = new Map([
  ['wikibase-item', 'item'],
  ['wikibase-property', 'property'],
  ['wikibase-lexeme', 'lexeme'],
  ['wikibase-form', 'form'],
  ['wikibase-sense', 'sense'],
  ['entity-schema', 'entity-schema']
])

export function isKnownDatatype (datatype: unknown): datatype is string {
  return typeof datatype === 'string' && DATAVALUE_TYPE_OF_DATATYPE.has(datatype)
}

export function datavalueTypeOf (datatype: string | undefined): string | undefined {
  return datatype === undefined ? undefined : DATAVALUE_TYPE_OF_DATATYPE.get(datatype)
}
