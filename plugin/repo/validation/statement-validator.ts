import { InvalidEntityValueError } from '../entities/entity-errors.js'
import { checkDatavalue } from './datavalue-validator.js'
import { isKnownDatatype } from './datatypes.js'
import { isPropertyId } from './entity-id-rules.js'
import { listAt, mapAt, objectWithKeys } from './json-shape.js'
import { checkPlainString } from './string-rules.js'
import type { EntityValidationSettings } from './validation-settings.js'

/**
 * Statements, their snaks and references in canonical JSON (Wikibase's statement, snak and
 * reference serializers: exactly these keys). A snak's value is checked by the datatype of
 * its property: the repo's when it has the property, else the datatype the snak itself
 * carries (Special:EntityData output does), else by its datavalue type alone.
 */
export interface StatementContext {
  settings: EntityValidationSettings
  /** Datatypes of the repo's properties (by id); properties the repo lacks are absent. */
  datatypes: ReadonlyMap<string, string>
  /** Every snak seen, with its path: the caller checks that changed ones use existing properties. */
  snaks: Array<{ path: string, property: string }>
  /** The statement was not added or changed by this write (see datavalue-validator.ts). */
  stored: boolean
}

const STATEMENT_KEYS = new Set(['id', 'mainsnak', 'type', 'rank', 'qualifiers', 'qualifiers-order', 'references'])
const SNAK_KEYS = new Set(['snaktype', 'property', 'hash', 'datavalue', 'datatype'])
const REFERENCE_KEYS = new Set(['hash', 'snaks', 'snaks-order'])
const SNAK_TYPES = new Set(['value', 'somevalue', 'novalue'])
const RANKS = new Set(['preferred', 'normal', 'deprecated'])
const STATEMENT_TYPES = new Set(['statement', 'claim'])
/** A statement GUID: `<entity id>$<UUID>` (Wikibase's GuidGenerator / StatementGuidValidator). */
export const STATEMENT_GUID = /^[A-Za-z]\d{1,10}\$[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/
/** Snak and reference hashes are sha1 hex; Wikibase recomputes them, so only the form is checked. */
const HASH = /^[0-9a-f]{1,64}$/

function checkHash (path: string, hash: unknown): void {
  if (hash !== undefined && (typeof hash !== 'string' || !HASH.test(hash))) throw new InvalidEntityValueError(path, 'must be a hexadecimal hash')
}

export function checkSnak (path: string, raw: unknown, listedUnder: string | undefined, ctx: StatementContext): void {
  const snak = objectWithKeys(path, raw, SNAK_KEYS, 'a snak object {snaktype, property, datavalue?}')
  const property = snak.property
  if (!isPropertyId(property)) throw new InvalidEntityValueError(`${path}/property`, `${JSON.stringify(property)} is not a property id`)
  if (listedUnder !== undefined && property !== listedUnder) {
    throw new InvalidEntityValueError(`${path}/property`, `must be ${listedUnder} (the property it is listed under)`)
  }
  if (typeof snak.snaktype !== 'string' || !SNAK_TYPES.has(snak.snaktype)) {
    throw new InvalidEntityValueError(`${path}/snaktype`, 'must be value, somevalue or novalue')
  }
  checkHash(`${path}/hash`, snak.hash)
  const repoDatatype = ctx.datatypes.get(property)
  if (snak.datatype !== undefined) {
    if (!isKnownDatatype(snak.datatype)) {
      throw new InvalidEntityValueError(
        `${path}/datatype`, `unknown datatype ${JSON.stringify(checkPlainString(`${path}/datatype`, snak.datatype, 64))}`, 'bad-type')
    }
    // Output data Wikibase recomputes; stored data may carry a datatype the property had
    // before (Wikidata turned string properties into external-id), new data may not.
    if (!ctx.stored && repoDatatype !== undefined && snak.datatype !== repoDatatype) {
      throw new InvalidEntityValueError(`${path}/datatype`, `property ${property} has datatype ${repoDatatype}`, 'bad-type')
    }
  }
  if (snak.snaktype === 'value') {
    if (snak.datavalue === undefined) throw new InvalidEntityValueError(`${path}/datavalue`, 'a value snak needs a datavalue {type, value}')
    checkDatavalue(`${path}/datavalue`, snak.datavalue, repoDatatype ?? (snak.datatype as string | undefined), ctx.settings, ctx.stored)
  } else if (snak.datavalue !== undefined) {
    throw new InvalidEntityValueError(`${path}/datavalue`, `a ${snak.snaktype} snak has no datavalue`)
  }
  ctx.snaks.push({ path, property })
}

function checkPropertyOrder (path: string, raw: unknown): void {
  if (raw === undefined) return
  listAt(path, raw).forEach((p, i) => { if (!isPropertyId(p)) throw new InvalidEntityValueError(`${path}/${i}`, 'must be a property id') })
}

function checkSnakMap (path: string, raw: unknown, ctx: StatementContext): void {
  for (const [property, list] of Object.entries(mapAt(path, raw))) {
    if (!isPropertyId(property)) throw new InvalidEntityValueError(`${path}/${property}`, 'snaks are listed by property id')
    listAt(`${path}/${property}`, list).forEach((snak, i) => { checkSnak(`${path}/${property}/${i}`, snak, property, ctx) })
  }
}

/** One statement; `property` is the property it is listed under (undefined: not listed yet). */
export function checkStatement (path: string, raw: unknown, property: string | undefined, ctx: StatementContext): void {
  const statement = objectWithKeys(path, raw, STATEMENT_KEYS, 'a statement object {mainsnak, rank, id, qualifiers?, references?}')
  if (statement.id !== undefined && (typeof statement.id !== 'string' || !STATEMENT_GUID.test(statement.id))) {
    throw new InvalidEntityValueError(`${path}/id`, 'must be a statement GUID like Q42$F078E5B3-F9A8-480E-B7AC-D97778CBBEF9')
  }
  if (statement.type !== undefined && (typeof statement.type !== 'string' || !STATEMENT_TYPES.has(statement.type))) {
    throw new InvalidEntityValueError(`${path}/type`, 'must be statement')
  }
  if (statement.rank !== undefined && (typeof statement.rank !== 'string' || !RANKS.has(statement.rank))) {
    throw new InvalidEntityValueError(`${path}/rank`, 'must be preferred, normal or deprecated')
  }
  if (statement.mainsnak === undefined) throw new InvalidEntityValueError(`${path}/mainsnak`, 'is missing')
  checkSnak(`${path}/mainsnak`, statement.mainsnak, property, ctx)
  checkSnakMap(`${path}/qualifiers`, statement.qualifiers, ctx)
  checkPropertyOrder(`${path}/qualifiers-order`, statement['qualifiers-order'])
  listAt(`${path}/references`, statement.references ?? []).forEach((raw, i) => {
    const at = `${path}/references/${i}`
    const reference = objectWithKeys(at, raw, REFERENCE_KEYS, 'a reference object {snaks, snaks-order}')
    checkHash(`${at}/hash`, reference.hash)
    // Wikibase's ReferenceDeserializer requires `snaks`; a reference of no snaks says nothing.
    if (Object.keys(mapAt(`${at}/snaks`, reference.snaks)).length === 0) throw new InvalidEntityValueError(`${at}/snaks`, 'a reference needs at least one snak')
    checkSnakMap(`${at}/snaks`, reference.snaks, ctx)
    checkPropertyOrder(`${at}/snaks-order`, reference['snaks-order'])
  })
}
