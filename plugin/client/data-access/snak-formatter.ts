import { isEntityId, type EntityId } from '../../../hooks/ids.js'
import type { Snak } from '../../changes/wikibase-entity.js'
import { clientMessage } from '../changes/client-messages.js'
import { commonsThumbnailWikitext, escapeWikitext, formatUrlWikitext, localPageLinkWikitext } from './wikitext-escaping.js'
import { formatTime, type TimeValue } from './time-formatter.js'

export { escapeWikitext } from './wikitext-escaping.js'
export { formatTime } from './time-formatter.js'

/**
 * Value formatting for data access (Wikibase's snak formatters), to plain text (`#property`,
 * Lua renderSnak) or rich wikitext (`#statements`, Lua formatValue). Pure except for the two
 * callbacks, through which every label and local title read is tracked as a usage
 * (UsageTrackingSnakFormatter).
 */
export type SnakFormat = 'plain' | 'rich'

export interface SnakFormatterContext {
  /** The content language: month names, number separators, messages. */
  language: string
  /** The label of an entity through the fallback chain (records the `L.*` usages), or null. */
  label: (id: EntityId) => Promise<string | null>
  /** The local page an item is connected to on this wiki (records `T`), or null; rich format only. */
  localTitle: (id: EntityId) => Promise<string | null>
}

const ENTITY_PREFIX: Readonly<Record<string, string>> = { item: 'Q', property: 'P', lexeme: 'L' }

/** The id in an entity-id value, new (`id`) or old (`entity-type` + `numeric-id`) serialization. */
export function entityIdOfValue (value: unknown): EntityId | null {
  if (value === null || typeof value !== 'object') return null
  const v = value as { id?: unknown, 'entity-type'?: unknown, 'numeric-id'?: unknown }
  if (typeof v.id === 'string' && isEntityId(v.id.toUpperCase())) return v.id.toUpperCase() as EntityId
  const type = v['entity-type']
  const prefix = typeof type === 'string' && Object.hasOwn(ENTITY_PREFIX, type) ? ENTITY_PREFIX[type] : undefined
  const id = prefix === undefined ? null : `${prefix}${String(v['numeric-id'])}`
  return isEntityId(id) ? id : null
}

/** The item id a unit URI names (`http://www.wikidata.org/entity/Q11573` → Q11573); null for `1`. */
export function unitEntityId (unit: unknown): EntityId | null {
  if (typeof unit !== 'string' || unit === '1') return null
  const match = /\/entity\/([QPL][1-9]\d*)$/.exec(unit) ?? /^([QPL][1-9]\d*)$/.exec(unit)
  return match === null ? null : match[1] as EntityId
}

/** Units that mean "no unit" (WikibaseValueFormatterBuilders' unitOneUris, plus `''` and `1`). */
const UNITLESS_UNITS: ReadonlySet<string> = new Set(['', '1', 'http://www.wikidata.org/entity/Q199', 'http://qudt.org/vocab/unit#Unitless'])

/**
 * VocabularyUriFormatter: what a quantity's unit shows as — null for a unitless unit, else
 * the unit item's label, its id when it has none, or the URI itself when it names no entity.
 * `label` is asked for every unit that names an entity (UsageTrackingSnakFormatter tracks
 * the label usage even of a unit that is not shown).
 */
export async function formatUnit (unit: string, label: (id: EntityId) => Promise<string | null>): Promise<string | null> {
  const unitId = unitEntityId(unit)
  const unitLabel = unitId === null ? null : await label(unitId)
  if (UNITLESS_UNITS.has(unit)) return null
  return unitId === null ? unit : unitLabel ?? unitId
}

/** Formats one snak; an unknown value type is shown as its JSON. */
export async function formatSnak (snak: Snak, format: SnakFormat, context: SnakFormatterContext): Promise<string> {
  if (snak.snaktype === 'somevalue') return clientMessage('wikibase-snakview-variations-somevalue-label', context.language)
  if (snak.snaktype === 'novalue') return clientMessage('wikibase-snakview-variations-novalue-label', context.language)
  const datavalue = snak.datavalue
  if (datavalue === undefined) return ''
  const value = datavalue.value
  switch (datavalue.type) {
    case 'wikibase-entityid': {
      const id = entityIdOfValue(value)
      if (id === null) return ''
      const label = await context.label(id)
      const text = label ?? id
      if (format === 'plain') return escapeWikitext(text)
      const title = await context.localTitle(id)
      return title === null ? escapeWikitext(text) : localPageLinkWikitext(title, text)
    }
    case 'string': {
      const text = String(value)
      if (format === 'rich' && snak.datatype === 'commonsMedia') return commonsThumbnailWikitext(text)
      // URLs are not wikitext-escaped, in either format (DataAccessSnakFormatterFactory), so
      // they become links — when they are valid URLs (formatUrlWikitext).
      if (snak.datatype === 'url') return formatUrlWikitext(text)
      return escapeWikitext(text)
    }
    case 'monolingualtext':
      return escapeWikitext(String((value as { text?: unknown }).text ?? ''))
    case 'time':
      return escapeWikitext(formatTime(value as TimeValue, context.language))
    case 'quantity': {
      const quantity = value as QuantityValue
      const unit = await formatUnit(String(quantity.unit ?? '1'), context.label)
      const amount = formatQuantityAmount(quantity, context.language)
      return escapeWikitext(unit === null ? amount : `${amount} ${unit}`)
    }
    case 'globecoordinate':
      return escapeWikitext(formatGlobeCoordinate(value as GlobeCoordinateValue))
    default:
      return escapeWikitext(JSON.stringify(value))
  }
}

/** Several formatted values, as Wikibase joins them (the language's comma separator). */
export function joinValues (values: readonly string[], format: SnakFormat): string {
  if (format === 'plain') return values.join(', ')
  return values.length === 0 ? '' : `<span>${values.map(v => `<span>${v}</span>`).join(', ')}</span>`
}

// ---- quantity ----

export interface QuantityValue {
  amount: string
  unit: string
  upperBound?: string
  lowerBound?: string
}

/**
 * Digits longer than this are grouped by a plain loop: Intl.NumberFormat of a BigInt is
 * super-linear in the digits, and the repo's DecimalValue never holds more than 127 characters.
 */
const MAX_INTL_DIGITS = 200

function groupDigits (digits: string, language: string): string {
  let separator = ','
  try {
    separator = new Intl.NumberFormat(language).formatToParts(1000).find(p => p.type === 'group')?.value ?? ','
  } catch {}
  const head = digits.length % 3
  const groups: string[] = head === 0 ? [] : [digits.slice(0, head)]
  for (let i = head; i < digits.length; i += 3) groups.push(digits.slice(i, i + 3))
  return groups.join(separator)
}

function formatInteger (digits: string, language: string): string {
  if (digits.length > MAX_INTL_DIGITS) return groupDigits(digits, language)
  try {
    return new Intl.NumberFormat(language).format(BigInt(digits))
  } catch {
    return digits
  }
}

function decimalSeparator (language: string): string {
  try {
    return new Intl.NumberFormat(language).formatToParts(1.5).find(p => p.type === 'decimal')?.value ?? '.'
  } catch {
    return '.'
  }
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/

/** DecimalFormatter: a decimal string (`+1234.50`) localised, keeping every given digit; no `+`. */
export function formatDecimal (amount: string, language: string): string {
  const match = DECIMAL.exec(amount.trim())
  if (match === null) return amount
  const sign = match[1] === '-' ? '-' : ''
  const fraction = match[3] === undefined ? '' : `${decimalSeparator(language)}${match[3]}`
  return `${sign}${formatInteger(match[2]!, language)}${fraction}`
}

/** `s` without its trailing zeros, by a loop (`/0+$/` re-reads every run of zeros from each of its positions). */
function withoutTrailingZeros (s: string): string {
  let end = s.length
  while (end > 0 && s[end - 1] === '0') end -= 1
  return s.slice(0, end)
}

/** DecimalValue::getTrimmed: no trailing zeros after the point, no point without digits; `-0` is `+0`. */
export function trimDecimal (amount: string): string {
  const match = DECIMAL.exec(amount.trim())
  if (match === null) return amount
  const fraction = withoutTrailingZeros(match[3] ?? '')
  const integer = match[2]!.replace(/^0+(?=\d)/, '')
  const zero = /^0*$/.test(integer + fraction)
  return `${zero || match[1] !== '-' ? '+' : '-'}${integer}${fraction === '' ? '' : `.${fraction}`}`
}

/** A decimal string as an integer scaled by 10^scale. */
function scaled (decimal: string, scale: number): bigint {
  const match = DECIMAL.exec(decimal.trim())
  if (match === null) throw new RangeError(`not a decimal: ${decimal}`)
  const digits = BigInt(match[2]! + (match[3] ?? '').padEnd(scale, '0'))
  return match[1] === '-' ? -digits : digits
}

function fractionDigits (decimal: string): number {
  return DECIMAL.exec(decimal.trim())?.[3]?.length ?? 0
}

function unscaled (value: bigint, scale: number): string {
  const sign = value < 0n ? '-' : '+'
  const digits = (value < 0n ? -value : value).toString().padStart(scale + 1, '0')
  return scale === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`
}

/**
 * QuantityValue::getUncertaintyMargin, in exact decimal arithmetic: the larger of
 * `amount − lowerBound` and `upperBound − amount`.
 */
export function uncertaintyMargin (value: Required<Pick<QuantityValue, 'amount' | 'upperBound' | 'lowerBound'>>): string {
  const scale = Math.max(fractionDigits(value.amount), fractionDigits(value.upperBound), fractionDigits(value.lowerBound))
  const amount = scaled(value.amount, scale)
  const lower = amount - scaled(value.lowerBound, scale)
  const upper = scaled(value.upperBound, scale) - amount
  return unscaled(lower > upper ? lower : upper, scale)
}

/**
 * QuantityFormatter's number with its default options: a quantity with bounds shows the
 * trimmed amount and `±` the trimmed uncertainty margin — also `±0` when the bounds equal
 * the amount; one without bounds shows the amount as given.
 */
export function formatQuantityAmount (value: QuantityValue, language: string): string {
  if (value.upperBound === undefined || value.lowerBound === undefined) return formatDecimal(value.amount, language)
  // BigInt arithmetic is super-linear in the digits; the repo's DecimalValue holds at most 127 characters.
  if ([value.amount, value.upperBound, value.lowerBound].some(d => String(d).length > MAX_INTL_DIGITS)) return formatDecimal(value.amount, language)
  let margin: string
  try {
    margin = uncertaintyMargin({ amount: value.amount, upperBound: value.upperBound, lowerBound: value.lowerBound })
  } catch {
    return formatDecimal(value.amount, language)
  }
  return `${formatDecimal(trimDecimal(value.amount), language)}±${formatDecimal(trimDecimal(margin), language)}`
}

// ---- globe coordinate ----

export interface GlobeCoordinateValue {
  latitude: number
  longitude: number
  precision?: number | null
  globe?: string
}

function dms (value: number, precision: number, positive: string, negative: string): string {
  const direction = value < 0 ? negative : positive
  const abs = Math.abs(value)
  if (precision >= 1) return `${Math.round(abs)}°${direction}`
  if (precision >= 1 / 60 - 1e-12) {
    const minutes = Math.round(abs * 60)
    return `${Math.floor(minutes / 60)}°${minutes % 60}'${direction}`
  }
  const decimals = precision >= 1 / 3600 - 1e-12 ? 0 : Math.min(6, Math.ceil(-Math.log10(precision * 3600)))
  const scale = 10 ** decimals
  const totalSeconds = Math.round(abs * 3600 * scale) / scale
  const degrees = Math.floor(totalSeconds / 3600)
  const minutes = Math.floor((totalSeconds - degrees * 3600) / 60)
  const seconds = (totalSeconds - degrees * 3600 - minutes * 60).toFixed(decimals)
  return `${degrees}°${minutes}'${seconds}"${direction}`
}

/** GlobeCoordinateFormatter (degrees, minutes, seconds as far as the precision goes): `52°31'N, 13°23'E`. */
export function formatGlobeCoordinate (value: GlobeCoordinateValue): string {
  const precision = typeof value.precision === 'number' && value.precision > 0 ? value.precision : 1 / 3600
  return `${dms(value.latitude, precision, 'N', 'S')}, ${dms(value.longitude, precision, 'E', 'W')}`
}
