import type { SiteGlobalId } from '../../hooks/ids.js'
import { phpJsonEncode } from './php-json.js'

/** Per site: [old page title | null, new page title | null, badges changed]. */
export type SiteLinkChange = [string | null, string | null, boolean]

/**
 * Wikibase's compact diff of an entity revision (EntityDiffChangedAspects):
 * what changed, not how. Stored as `change_info.compactDiff` (a JSON string).
 */
export interface EntityDiffChangedAspects {
  labelChanges: string[]
  descriptionChanges: string[]
  aliasChanges: string[]
  statementChangesExcludingQualOrRefOnlyChanges: string[]
  statementChangesQualOrRefOnly: string[]
  siteLinkChanges: Record<SiteGlobalId | string, SiteLinkChange>
  otherChanges: boolean
}

/** The only array format Wikibase writes and reads. */
export const ARRAY_FORMAT_VERSION = 1

/** `toArray()` form: the fields in Wikibase's order, `arrayFormatVersion` first. */
export interface EntityDiffChangedAspectsArray {
  arrayFormatVersion: typeof ARRAY_FORMAT_VERSION
  labelChanges: string[]
  descriptionChanges: string[]
  aliasChanges: string[]
  statementChangesExcludingQualOrRefOnlyChanges: string[]
  statementChangesQualOrRefOnly: string[]
  siteLinkChanges: Record<string, SiteLinkChange>
  otherChanges: boolean
}

export type EntityDiffChangedAspectsField = keyof EntityDiffChangedAspects | 'arrayFormatVersion'

export class InvalidEntityDiffChangedAspectsError extends Error {
  constructor (readonly field: EntityDiffChangedAspectsField, readonly value: unknown, readonly reason: string) {
    super(`invalid compact diff field ${field}: ${reason} (got ${describe(value)})`)
    this.name = 'InvalidEntityDiffChangedAspectsError'
  }
}

function describe (value: unknown): string {
  if (value instanceof Map) return `Map(${value.size})`
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

const LIST_FIELDS = [
  'labelChanges',
  'descriptionChanges',
  'aliasChanges',
  'statementChangesExcludingQualOrRefOnlyChanges',
  'statementChangesQualOrRefOnly'
] as const

/** A PHP array key that looks like an integer is an integer key to PHP, not a string. */
const PHP_INTEGER_KEY = /^(0|-?[1-9]\d*)$/

/**
 * Validated construction, the rules of Wikibase's constructor: every list member a string,
 * every sitelink key a (non-integer) string and value an array, `otherChanges` a boolean.
 * Stricter than Wikibase, a sitelink value must also be `[string|null, string|null, boolean]`.
 * `siteLinkChanges` may be given as a plain object or a `Map`.
 */
export function newEntityDiffChangedAspects (fields: { [K in keyof EntityDiffChangedAspects]: unknown }): EntityDiffChangedAspects {
  const lists = {} as Record<(typeof LIST_FIELDS)[number], string[]>
  for (const field of LIST_FIELDS) {
    const list = fields[field]
    if (!Array.isArray(list)) throw new InvalidEntityDiffChangedAspectsError(field, list, 'expected a list of strings')
    list.forEach((member, i) => {
      if (typeof member !== 'string') throw new InvalidEntityDiffChangedAspectsError(field, list, `member ${i} is ${typeof member}, not a string`)
    })
    lists[field] = [...list as string[]]
  }
  const siteLinkChanges = validateSiteLinkChanges(fields.siteLinkChanges)
  if (typeof fields.otherChanges !== 'boolean') throw new InvalidEntityDiffChangedAspectsError('otherChanges', fields.otherChanges, 'expected a boolean')
  return { ...lists, siteLinkChanges, otherChanges: fields.otherChanges }
}

function validateSiteLinkChanges (raw: unknown): Record<string, SiteLinkChange> {
  // PHP writes an empty map as [].
  if (Array.isArray(raw) && raw.length === 0) return {}
  let entries: Array<[unknown, unknown]>
  if (raw instanceof Map) entries = [...raw.entries()]
  else if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) entries = Object.entries(raw)
  else throw new InvalidEntityDiffChangedAspectsError('siteLinkChanges', raw, 'expected a map of site id → [old, new, badgesChanged]')
  const result: Record<string, SiteLinkChange> = {}
  for (const [site, change] of entries) {
    if (typeof site !== 'string' || PHP_INTEGER_KEY.test(site)) {
      throw new InvalidEntityDiffChangedAspectsError('siteLinkChanges', raw, `key ${describe(site)} is not a site id string`)
    }
    if (!Array.isArray(change)) {
      throw new InvalidEntityDiffChangedAspectsError('siteLinkChanges', raw, `value for ${site} is not an array`)
    }
    const [oldTitle, newTitle, badgesChanged] = change as unknown[]
    if (change.length !== 3 || !isTitleOrNull(oldTitle) || !isTitleOrNull(newTitle) || typeof badgesChanged !== 'boolean') {
      throw new InvalidEntityDiffChangedAspectsError('siteLinkChanges', raw, `value for ${site} is not [old title|null, new title|null, badges changed]`)
    }
    result[site] = [oldTitle, newTitle, badgesChanged]
  }
  return result
}

function isTitleOrNull (value: unknown): value is string | null {
  return value === null || typeof value === 'string'
}

export function emptyEntityDiffChangedAspects (): EntityDiffChangedAspects {
  return {
    labelChanges: [],
    descriptionChanges: [],
    aliasChanges: [],
    statementChangesExcludingQualOrRefOnlyChanges: [],
    statementChangesQualOrRefOnly: [],
    siteLinkChanges: {},
    otherChanges: false
  }
}

/** True when nothing changed at all. */
export function isEmptyEntityDiffChangedAspects (aspects: EntityDiffChangedAspects): boolean {
  return LIST_FIELDS.every(field => aspects[field].length === 0) &&
    Object.keys(aspects.siteLinkChanges).length === 0 &&
    !aspects.otherChanges
}

/** `getStatementChanges()`: both statement lists, excluding-list first. */
export function statementChanges (aspects: EntityDiffChangedAspects): string[] {
  return [...aspects.statementChangesExcludingQualOrRefOnlyChanges, ...aspects.statementChangesQualOrRefOnly]
}

/** `toArray()`: Wikibase's key order, `arrayFormatVersion: 1` first. */
export function entityDiffChangedAspectsToArray (aspects: EntityDiffChangedAspects): EntityDiffChangedAspectsArray {
  return {
    arrayFormatVersion: ARRAY_FORMAT_VERSION,
    labelChanges: [...aspects.labelChanges],
    descriptionChanges: [...aspects.descriptionChanges],
    aliasChanges: [...aspects.aliasChanges],
    statementChangesExcludingQualOrRefOnlyChanges: [...aspects.statementChangesExcludingQualOrRefOnlyChanges],
    statementChangesQualOrRefOnly: [...aspects.statementChangesQualOrRefOnly],
    siteLinkChanges: Object.fromEntries(Object.entries(aspects.siteLinkChanges).map(([site, change]) => [site, [...change]])),
    otherChanges: aspects.otherChanges
  }
}

/**
 * `fromArray()`: `arrayFormatVersion` must be exactly 1; rows written before aliases were
 * tracked have no `aliasChanges`, which reads as `[]`.
 */
export function entityDiffChangedAspectsFromArray (array: unknown): EntityDiffChangedAspects {
  if (typeof array !== 'object' || array === null || Array.isArray(array)) {
    throw new InvalidEntityDiffChangedAspectsError('arrayFormatVersion', array, 'expected the array form of a compact diff (an object)')
  }
  const fields = array as Record<string, unknown>
  if (fields.arrayFormatVersion !== ARRAY_FORMAT_VERSION) {
    throw new InvalidEntityDiffChangedAspectsError('arrayFormatVersion', fields.arrayFormatVersion,
      `unsupported array format version, expected ${ARRAY_FORMAT_VERSION}`)
  }
  return newEntityDiffChangedAspects({
    labelChanges: fields.labelChanges,
    descriptionChanges: fields.descriptionChanges,
    aliasChanges: fields.aliasChanges ?? [],
    statementChangesExcludingQualOrRefOnlyChanges: fields.statementChangesExcludingQualOrRefOnlyChanges,
    statementChangesQualOrRefOnly: fields.statementChangesQualOrRefOnly,
    siteLinkChanges: fields.siteLinkChanges,
    otherChanges: fields.otherChanges
  })
}

/**
 * `serialize()`: the JSON text PHP writes for `toArray()` — an empty `siteLinkChanges`
 * comes out as `[]`, a filled one as an object, `/` as `\/`, non-ASCII as `\uXXXX`.
 */
export function serializeEntityDiffChangedAspects (aspects: EntityDiffChangedAspects): string {
  return phpJsonEncode(entityDiffChangedAspectsToArray(aspects))
}

/** `unserialize()`: JSON text → validated aspects (see {@link entityDiffChangedAspectsFromArray}). */
export function deserializeEntityDiffChangedAspects (text: string): EntityDiffChangedAspects {
  let decoded: unknown
  try {
    decoded = JSON.parse(text)
  } catch (error) {
    throw new InvalidEntityDiffChangedAspectsError('arrayFormatVersion', text, `not JSON (${(error as Error).message})`)
  }
  return entityDiffChangedAspectsFromArray(decoded)
}
