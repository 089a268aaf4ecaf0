import { isDeepStrictEqual } from 'node:util'
import type { Snak, Statement, WikibaseEntity } from '../changes/wikibase-entity.js'
import { InvalidEntityValueError, UnknownPropertyError, UnknownSiteError } from './entity-errors.js'
import { isMonolingualTextLanguage, isTermLanguage } from './term-languages.js'

/**
 * Rules an edited entity must meet before it is saved. Only the parts an edit changes are
 * checked (as Wikibase's change ops do), so an entity imported with statements on properties
 * this repo does not have can still get a new label. Each failure names the field.
 */

/** Wikibase's default term length limit (`string-limits` multilang 250). */
export const MAX_TERM_LENGTH = 250
/** `wb_items_per_site.ips_site_page` is varchar(310). */
export const MAX_SITELINK_TITLE_LENGTH = 310
const PROPERTY_ID = /^P[1-9]\d*$/
const ITEM_ID = /^Q[1-9]\d*$/
const SNAK_TYPES = new Set(['value', 'somevalue', 'novalue'])
const RANKS = new Set(['preferred', 'normal', 'deprecated'])

/** The datavalue type each property datatype takes (Wikibase's data type definitions). */
export const DATAVALUE_TYPE_OF_DATATYPE: Readonly<Record<string, string>> = {
  'wikibase-item': 'wikibase-entityid',
  'wikibase-property': 'wikibase-entityid',
  'wikibase-lexeme': 'wikibase-entityid',
  'wikibase-form': 'wikibase-entityid',
  'wikibase-sense': 'wikibase-entityid',
  string: 'string',
  'external-id': 'string',
  url: 'string',
  commonsMedia: 'string',
  'geo-shape': 'string',
  'tabular-data': 'string',
  math: 'string',
  'musical-notation': 'string',
  'entity-schema': 'wikibase-entityid',
  time: 'time',
  quantity: 'quantity',
  monolingualtext: 'monolingualtext',
  'globe-coordinate': 'globecoordinate'
}

export interface ValidationLookups {
  /** Datatypes of the given properties that exist (missing ones are absent). */
  propertyDatatypes: (ids: string[]) => Promise<Map<string, string>>
  /** The site ids among the given ones that the sites table does not know. */
  unknownSites: (sites: string[]) => Promise<string[]>
}

function isObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function mapField (entity: WikibaseEntity, field: string): Record<string, unknown> {
  const value = entity[field]
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return {}
  if (!isObject(value)) throw new InvalidEntityValueError(field, 'must be an object')
  return value
}

/** Equal as JSON values; object key order does not count (a REST round trip may reorder keys). */
const same = isDeepStrictEqual

function changedEntries (before: Record<string, unknown>, after: Record<string, unknown>): Array<[string, unknown]> {
  return Object.entries(after).filter(([key, value]) => !(key in before) || !same(before[key], value))
}

function checkTermText (path: string, value: unknown): void {
  if (typeof value !== 'string') throw new InvalidEntityValueError(path, 'must be a string')
  if (value.trim() === '') throw new InvalidEntityValueError(path, 'must not be empty')
  if (value !== value.trim()) throw new InvalidEntityValueError(path, 'must not start or end with white space')
  if ([...value].length > MAX_TERM_LENGTH) throw new InvalidEntityValueError(path, `is ${[...value].length} characters long; the limit is ${MAX_TERM_LENGTH}`)
}

function checkLanguage (path: string, language: string): void {
  if (!isTermLanguage(language)) throw new InvalidEntityValueError(path, `unknown language code ${JSON.stringify(language)}`)
}

function checkTerm (path: string, language: string, term: unknown): void {
  checkLanguage(path, language)
  if (!isObject(term)) throw new InvalidEntityValueError(path, 'must be an object {language, value}')
  if (term.language !== language) throw new InvalidEntityValueError(`${path}/language`, `must be ${JSON.stringify(language)} (the key it is listed under)`)
  checkTermText(`${path}/value`, term.value)
}

function checkSnak (path: string, snak: unknown, property?: string): string {
  if (!isObject(snak)) throw new InvalidEntityValueError(path, 'must be a snak object')
  if (typeof snak.property !== 'string' || !PROPERTY_ID.test(snak.property)) throw new InvalidEntityValueError(`${path}/property`, `${JSON.stringify(snak.property)} is not a property id`)
  if (property !== undefined && snak.property !== property) throw new InvalidEntityValueError(`${path}/property`, `must be ${property} (the property it is listed under)`)
  if (typeof snak.snaktype !== 'string' || !SNAK_TYPES.has(snak.snaktype)) throw new InvalidEntityValueError(`${path}/snaktype`, 'must be value, somevalue or novalue')
  if (snak.snaktype === 'value') {
    const datavalue = snak.datavalue
    if (!isObject(datavalue) || typeof datavalue.type !== 'string' || !('value' in datavalue)) {
      throw new InvalidEntityValueError(`${path}/datavalue`, 'a value snak needs a datavalue {type, value}')
    }
    if (datavalue.type === 'monolingualtext') checkMonolingualText(`${path}/datavalue/value`, datavalue.value)
  }
  return snak.property
}

function checkMonolingualText (path: string, value: unknown): void {
  if (!isObject(value) || typeof value.text !== 'string' || typeof value.language !== 'string') {
    throw new InvalidEntityValueError(path, 'a monolingual text value is {text, language}')
  }
  if (!isMonolingualTextLanguage(value.language)) throw new InvalidEntityValueError(`${path}/language`, `unknown language code ${JSON.stringify(value.language)}`)
}

function checkSnakMap (path: string, snaks: unknown, out: Array<{ path: string, snak: Snak }>): void {
  if (snaks === undefined || (Array.isArray(snaks) && snaks.length === 0)) return
  if (!isObject(snaks)) throw new InvalidEntityValueError(path, 'must be an object of snak lists by property')
  for (const [property, list] of Object.entries(snaks)) {
    if (!Array.isArray(list)) throw new InvalidEntityValueError(`${path}/${property}`, 'must be a list of snaks')
    list.forEach((snak, i) => { checkSnak(`${path}/${property}/${i}`, snak, property); out.push({ path: `${path}/${property}/${i}`, snak: snak as Snak }) })
  }
}

/** Shape of one statement; pushes every snak it holds (main, qualifiers, references) into `out`. */
export function checkStatement (path: string, statement: unknown, property: string | undefined, out: Array<{ path: string, snak: Snak }>): void {
  if (!isObject(statement)) throw new InvalidEntityValueError(path, 'must be a statement object')
  checkSnak(`${path}/mainsnak`, statement.mainsnak, property)
  out.push({ path: `${path}/mainsnak`, snak: statement.mainsnak as Snak })
  if (statement.rank !== undefined && (typeof statement.rank !== 'string' || !RANKS.has(statement.rank))) {
    throw new InvalidEntityValueError(`${path}/rank`, 'must be preferred, normal or deprecated')
  }
  if (statement.id !== undefined && typeof statement.id !== 'string') throw new InvalidEntityValueError(`${path}/id`, 'must be a string (the statement GUID)')
  checkSnakMap(`${path}/qualifiers`, statement.qualifiers, out)
  const references = statement.references ?? []
  if (!Array.isArray(references)) throw new InvalidEntityValueError(`${path}/references`, 'must be a list')
  references.forEach((reference: unknown, i: number) => {
    if (!isObject(reference)) throw new InvalidEntityValueError(`${path}/references/${i}`, 'must be a reference object')
    checkSnakMap(`${path}/references/${i}/snaks`, reference.snaks, out)
  })
}

/**
 * Checks the parts of `after` that differ from `before` (everything when `before` is null).
 * Throws InvalidEntityValueError (400), UnknownPropertyError or UnknownSiteError.
 */
export async function validateEntityEdit (before: WikibaseEntity | null, after: WikibaseEntity, lookups: ValidationLookups): Promise<void> {
  const old = before ?? { type: after.type }
  if (after.type !== 'item' && after.type !== 'property') throw new InvalidEntityValueError('type', `must be item or property, not ${JSON.stringify(after.type)}`)
  if (after.type === 'property' && typeof after.datatype !== 'string') throw new InvalidEntityValueError('datatype', 'a property needs a datatype')
  if (before !== null && before.datatype !== after.datatype) throw new InvalidEntityValueError('datatype', 'the datatype of a property cannot be changed')

  for (const field of ['labels', 'descriptions'] as const) {
    for (const [language, term] of changedEntries(mapField(old, field), mapField(after, field))) checkTerm(`${field}/${language}`, language, term)
  }
  for (const [language, group] of changedEntries(mapField(old, 'aliases'), mapField(after, 'aliases'))) {
    if (!Array.isArray(group)) throw new InvalidEntityValueError(`aliases/${language}`, 'must be a list of terms')
    group.forEach((term, i) => { checkTerm(`aliases/${language}/${i}`, language, term) })
  }

  const snaks: Array<{ path: string, snak: Snak }> = []
  const oldStatements = new Map<string, unknown>()
  for (const list of Object.values(mapField(old, 'claims'))) {
    if (Array.isArray(list)) for (const s of list as Statement[]) if (s.id !== undefined) oldStatements.set(s.id, s)
  }
  for (const [property, list] of Object.entries(mapField(after, 'claims'))) {
    if (!PROPERTY_ID.test(property)) throw new InvalidEntityValueError(`statements/${property}`, `${JSON.stringify(property)} is not a property id`)
    if (!Array.isArray(list)) throw new InvalidEntityValueError(`statements/${property}`, 'must be a list of statements')
    list.forEach((statement: unknown, i: number) => {
      const id = isObject(statement) ? statement.id : undefined
      if (typeof id === 'string' && same(oldStatements.get(id), statement)) return
      checkStatement(`statements/${property}/${i}`, statement, property, snaks)
    })
  }
  await checkSnakDatatypes(snaks, lookups)

  if (after.type === 'item') {
    const changed = changedEntries(mapField(old, 'sitelinks'), mapField(after, 'sitelinks'))
    for (const [site, link] of changed) {
      const path = `sitelinks/${site}`
      if (!isObject(link)) throw new InvalidEntityValueError(path, 'must be an object {site, title, badges}')
      if (link.site !== site) throw new InvalidEntityValueError(`${path}/site`, `must be ${JSON.stringify(site)} (the key it is listed under)`)
      if (typeof link.title !== 'string' || link.title.trim() === '') throw new InvalidEntityValueError(`${path}/title`, 'must be a non-empty page title')
      if (link.title.length > MAX_SITELINK_TITLE_LENGTH) throw new InvalidEntityValueError(`${path}/title`, `is longer than ${MAX_SITELINK_TITLE_LENGTH} characters`)
      const badges = link.badges ?? []
      if (!Array.isArray(badges) || !badges.every(b => typeof b === 'string' && ITEM_ID.test(b))) throw new InvalidEntityValueError(`${path}/badges`, 'must be a list of item ids')
    }
    const unknown = await lookups.unknownSites(changed.map(([site]) => site))
    if (unknown[0] !== undefined) throw new UnknownSiteError(unknown[0])
  } else if (Object.keys(mapField(after, 'sitelinks')).length > 0) {
    throw new InvalidEntityValueError('sitelinks', 'only items have sitelinks')
  }
}

/** Every snak's property must exist, and a value must be of the type its datatype takes. */
async function checkSnakDatatypes (snaks: Array<{ path: string, snak: Snak }>, lookups: ValidationLookups): Promise<void> {
  if (snaks.length === 0) return
  const datatypes = await lookups.propertyDatatypes([...new Set(snaks.map(s => s.snak.property))])
  for (const { path, snak } of snaks) {
    const datatype = datatypes.get(snak.property)
    if (datatype === undefined) throw new UnknownPropertyError(`${path}/property`, snak.property)
    const expected = DATAVALUE_TYPE_OF_DATATYPE[datatype]
    if (snak.snaktype === 'value' && expected !== undefined && snak.datavalue?.type !== expected) {
      throw new InvalidEntityValueError(`${path}/datavalue`, `property ${snak.property} has datatype ${datatype}, which takes a ${expected} value, not ${String(snak.datavalue?.type)}`)
    }
    if (snak.snaktype === 'value' && expected === 'string' && typeof snak.datavalue?.value !== 'string') {
      throw new InvalidEntityValueError(`${path}/datavalue/value`, `property ${snak.property} (${datatype}) takes a string`)
    }
  }
}

