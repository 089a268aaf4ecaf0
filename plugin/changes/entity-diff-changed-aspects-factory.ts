import { emptyEntityDiffChangedAspects, type EntityDiffChangedAspects, type SiteLinkChange } from './entity-diff-changed-aspects.js'
import { entityMap, type Reference, type Snak, type SnakMap, type Statement, type WikibaseEntity } from './wikibase-entity.js'

/**
 * EntityDiffChangedAspectsFactory: the compact diff ("changed aspects") between two versions
 * of an entity, computed straight from their canonical JSON. `null` stands for "no entity"
 * (creation: old is null; deletion: new is null).
 *
 * Sections, each compared the way Wikibase's entity differ does:
 * - labels / descriptions: languages whose value was added, removed or changed;
 * - aliases: languages whose alias set changed (re-ordering aliases is not a change);
 * - statements: keyed by GUID; a statement without `id` is keyed by its position within its
 *   property's list. Added/removed statements and changed main snaks name their property (old
 *   and new) in `statementChangesExcludingQualOrRefOnlyChanges`; a statement whose main snak
 *   is unchanged but whose qualifiers, references or rank changed names it in
 *   `statementChangesQualOrRefOnly`. Snak `hash` and output-only `datatype` are ignored;
 *   qualifier and reference order is ignored; entity ids compare by id whether written as
 *   `id` or as `entity-type` + `numeric-id`, and times compare without the 11-digit year
 *   padding of 2013–2015 output;
 * - sitelinks: per site `[old title|null, new title|null, badges changed]`; a badge-only
 *   change is `[null, null, true]`; the output-only `url` is ignored;
 * - `otherChanges`: anything else differs (datatype, lexeme lemmas/forms/senses, unknown keys),
 *   ignoring the page/revision data around the content (`id`, `type`, `pageid`, `ns`, `title`,
 *   `lastrevid`, `modified`, and wbgetentities' `redirects` annotation). An absent key, `[]`
 *   and `{}` all count as empty and equal.
 *
 * List order is the order the differ meets the keys: the old entity's keys first, then keys
 * only the new entity has (Diff's MapDiffer order). Lists are de-duplicated.
 */
export interface EntityDiffChangedAspectsOptions {
  /**
   * Reproduce Wikibase's `break` quirk (facts §2.3, §9.2): in the pass that fills the
   * *excluding* list, the first qualifier/reference-only change stops the loop, so statement
   * changes met after it are missing from that list. Default `false`.
   *
   * Why the default is not Wikibase's: the quirk only ever under-reports, and an
   * under-reported `C.P…` aspect means client pages that use a changed main value are not
   * purged or re-rendered. Reporting every changed property is what the algorithm intends
   * (its own qual/ref pass uses `continue`), costs nothing, and can only cause extra — never
   * missing — page updates.
   */
  wikibaseStatementBreakQuirk?: boolean
}

export class EntityDiffTypeMismatchError extends Error {
  constructor (readonly oldEntity: { type: string, id?: string }, readonly newEntity: { type: string, id?: string }) {
    super(`cannot diff ${oldEntity.type} ${oldEntity.id ?? '(no id)'} against ${newEntity.type} ${newEntity.id ?? '(no id)'}: entity types differ`)
    this.name = 'EntityDiffTypeMismatchError'
  }
}

/** Keys that describe the page and revision around the content, not the content. */
const VOLATILE_KEYS = new Set(['id', 'type', 'pageid', 'ns', 'title', 'lastrevid', 'modified', 'redirects'])
const ASPECT_KEYS = new Set(['labels', 'descriptions', 'aliases', 'claims', 'sitelinks'])

export function entityDiffChangedAspectsFromEntities (
  oldEntity: WikibaseEntity | null,
  newEntity: WikibaseEntity | null,
  options: EntityDiffChangedAspectsOptions = {}
): EntityDiffChangedAspects {
  if (oldEntity !== null && newEntity !== null && oldEntity.type !== newEntity.type) {
    throw new EntityDiffTypeMismatchError(oldEntity, newEntity)
  }
  const before = oldEntity ?? { type: newEntity?.type ?? 'item' }
  const after = newEntity ?? { type: before.type }
  const aspects = emptyEntityDiffChangedAspects()

  aspects.labelChanges = changedKeys(entityMap(before.labels), entityMap(after.labels), (a, b) => a.value === b.value)
  aspects.descriptionChanges = changedKeys(entityMap(before.descriptions), entityMap(after.descriptions), (a, b) => a.value === b.value)
  aspects.aliasChanges = changedKeys(entityMap(before.aliases), entityMap(after.aliases), (a, b) => sameMultiset(a.map(t => t.value), b.map(t => t.value)))

  const statements = statementChangedProperties(before, after, options.wikibaseStatementBreakQuirk === true)
  aspects.statementChangesExcludingQualOrRefOnlyChanges = statements.excluding
  aspects.statementChangesQualOrRefOnly = statements.qualOrRefOnly

  aspects.siteLinkChanges = siteLinkChanges(before, after)
  aspects.otherChanges = hasOtherChanges(before, after)
  return aspects
}

/** Keys added, removed or whose values differ: old keys first, then new-only keys. */
function changedKeys<T> (before: Record<string, T>, after: Record<string, T>, same: (a: T, b: T) => boolean): string[] {
  const changed: string[] = []
  for (const [key, value] of Object.entries(before)) {
    const other = Object.hasOwn(after, key) ? after[key] : undefined
    if (other === undefined || !same(value, other)) changed.push(key)
  }
  for (const key of Object.keys(after)) {
    if (!Object.hasOwn(before, key)) changed.push(key)
  }
  return changed
}

function sameMultiset (a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false
  const sortedA = [...a].sort()
  const sortedB = [...b].sort()
  return sortedA.every((value, i) => value === sortedB[i])
}

type StatementDiffOp =
  | { op: 'add', newValue: Statement }
  | { op: 'remove', oldValue: Statement }
  | { op: 'change', oldValue: Statement, newValue: Statement }

/** The claims diff keyed by GUID (or by position within the property when a GUID is missing). */
function statementDiffOps (before: WikibaseEntity, after: WikibaseEntity): StatementDiffOp[] {
  const oldByKey = statementsByKey(before)
  const newByKey = statementsByKey(after)
  const ops: StatementDiffOp[] = []
  for (const [key, oldValue] of oldByKey) {
    const newValue = newByKey.get(key)
    if (newValue === undefined) ops.push({ op: 'remove', oldValue })
    else if (!statementsEqual(oldValue, newValue)) ops.push({ op: 'change', oldValue, newValue })
  }
  for (const [key, newValue] of newByKey) {
    if (!oldByKey.has(key)) ops.push({ op: 'add', newValue })
  }
  return ops
}

function statementsByKey (entity: WikibaseEntity): Map<string, Statement> {
  const byKey = new Map<string, Statement>()
  for (const [property, statements] of Object.entries(entityMap(entity.claims))) {
    statements.forEach((statement, position) => {
      // A GUID contains `$`; "#P…#n" can never collide with one.
      byKey.set(statement.id ?? `#${property}#${position}`, statement)
    })
  }
  return byKey
}

function statementChangedProperties (before: WikibaseEntity, after: WikibaseEntity, breakQuirk: boolean): { excluding: string[], qualOrRefOnly: string[] } {
  const excluding = new Set<string>()
  const qualOrRefOnly = new Set<string>()
  const ops = statementDiffOps(before, after)
  for (const op of ops) {
    if (op.op === 'add') excluding.add(op.newValue.mainsnak.property)
    else if (op.op === 'remove') excluding.add(op.oldValue.mainsnak.property)
    else if (!snaksEqual(op.oldValue.mainsnak, op.newValue.mainsnak)) {
      excluding.add(op.newValue.mainsnak.property)
      excluding.add(op.oldValue.mainsnak.property)
    } else if (breakQuirk) {
      break
    }
  }
  for (const op of ops) {
    if (op.op === 'change' && snaksEqual(op.oldValue.mainsnak, op.newValue.mainsnak)) {
      qualOrRefOnly.add(op.newValue.mainsnak.property)
    }
  }
  return { excluding: [...excluding], qualOrRefOnly: [...qualOrRefOnly] }
}

function statementsEqual (a: Statement, b: Statement): boolean {
  return a.rank === b.rank &&
    snaksEqual(a.mainsnak, b.mainsnak) &&
    canonicalJson(normalizeSnakMap(a.qualifiers)) === canonicalJson(normalizeSnakMap(b.qualifiers)) &&
    canonicalJson(normalizeReferences(a.references)) === canonicalJson(normalizeReferences(b.references))
}

function snaksEqual (a: Snak, b: Snak): boolean {
  return canonicalJson(normalizeSnak(a)) === canonicalJson(normalizeSnak(b))
}

/**
 * Until early 2015 Wikidata wrote years zero-padded to 11 digits (`+00000001952-03-11T…`),
 * later as `+1952-03-11T…`: the same point in time, so not a change.
 */
const PADDED_YEAR = /^([+-])0*(\d{4,}-)/

const ENTITY_ID_PREFIX: Record<string, string> = { item: 'Q', property: 'P', lexeme: 'L' }

/** Snak content only: no `hash`, no output-only `datatype`, entity ids in one spelling. */
function normalizeSnak (snak: Snak): unknown {
  const normal: Record<string, unknown> = { snaktype: snak.snaktype, property: snak.property }
  const datavalue = snak.datavalue
  if (datavalue !== undefined) {
    if (datavalue.type === 'wikibase-entityid' && typeof datavalue.value === 'object' && datavalue.value !== null) {
      const value = datavalue.value as { id?: unknown, 'entity-type'?: unknown, 'numeric-id'?: unknown }
      const entityType = String(value['entity-type'])
      const prefix = Object.hasOwn(ENTITY_ID_PREFIX, entityType) ? ENTITY_ID_PREFIX[entityType] : entityType
      const id = typeof value.id === 'string' ? value.id : `${prefix}${String(value['numeric-id'])}`
      normal.datavalue = { type: datavalue.type, value: { id } }
    } else if (datavalue.type === 'time' && typeof datavalue.value === 'object' && datavalue.value !== null) {
      const value = datavalue.value as { time?: unknown }
      const time = typeof value.time === 'string' ? value.time.replace(PADDED_YEAR, '$1$2') : value.time
      normal.datavalue = { type: datavalue.type, value: { ...value, time } }
    } else {
      normal.datavalue = { type: datavalue.type, value: datavalue.value }
    }
  }
  return normal
}

/** Snaks of a qualifier or reference map as a sorted multiset (order does not matter). */
function normalizeSnakMap (snaks: SnakMap | [] | undefined): string[] {
  return Object.values(entityMap(snaks)).flat().map(snak => canonicalJson(normalizeSnak(snak))).sort()
}

function normalizeReferences (references: Reference[] | undefined): string[] {
  return (references ?? []).map(reference => canonicalJson(normalizeSnakMap(reference.snaks))).sort()
}

function siteLinkChanges (before: WikibaseEntity, after: WikibaseEntity): Record<string, SiteLinkChange> {
  const oldLinks = entityMap(before.sitelinks)
  const newLinks = entityMap(after.sitelinks)
  const changes: Record<string, SiteLinkChange> = {}
  const sites = [...Object.keys(oldLinks), ...Object.keys(newLinks).filter(site => !(site in oldLinks))]
  for (const site of sites) {
    const oldLink = oldLinks[site]
    const newLink = newLinks[site]
    const badgesChanged = !sameMultiset(oldLink?.badges ?? [], newLink?.badges ?? [])
    const oldTitle = oldLink?.title ?? null
    const newTitle = newLink?.title ?? null
    if (oldTitle !== newTitle) changes[site] = [oldTitle, newTitle, badgesChanged]
    else if (badgesChanged) changes[site] = [null, null, true]
  }
  return changes
}

function hasOtherChanges (before: WikibaseEntity, after: WikibaseEntity): boolean {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)])
  for (const key of keys) {
    if (VOLATILE_KEYS.has(key) || ASPECT_KEYS.has(key)) continue
    const a = before[key]
    const b = after[key]
    if (isEmptyJson(a) && isEmptyJson(b)) continue
    if (canonicalJson(a) !== canonicalJson(b)) return true
  }
  return false
}

function isEmptyJson (value: unknown): boolean {
  if (value === undefined || value === null) return true
  if (Array.isArray(value)) return value.length === 0
  return typeof value === 'object' && Object.keys(value).length === 0
}

/** JSON with object keys sorted, so that key order never makes two values differ. */
function canonicalJson (value: unknown): string {
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']'
  if (typeof value === 'object' && value !== null) {
    return '{' + Object.keys(value).sort().map(key => JSON.stringify(key) + ':' + canonicalJson((value as Record<string, unknown>)[key])).join(',') + '}'
  }
  return JSON.stringify(value) ?? 'null'
}
