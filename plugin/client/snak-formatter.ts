import { isEntityId, type EntityId } from '../changes/entity-id.js'
import type { Snak } from '../changes/wikibase-entity.js'
import { clientMessage } from './client-messages.js'

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
  const prefix = typeof v['entity-type'] === 'string' ? ENTITY_PREFIX[v['entity-type']] : undefined
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
      return title === null ? escapeWikitext(text) : `[[${title}|${escapeWikitext(text)}]]`
    }
    case 'string': {
      const text = String(value)
      if (format === 'rich' && snak.datatype === 'commonsMedia') return `[[File:${text}|frameless]]`
      // URLs are never wikitext-escaped, in either format (DataAccessSnakFormatterFactory).
      if (snak.datatype === 'url') return text
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

/**
 * wfEscapeWikiText, in spirit: characters that would start markup become HTML entities, so a
 * value is shown as text (`[[{{#property:P38}}]]` still makes a link of a plain label).
 */
export function escapeWikitext (text: string): string {
  let out = text.replace(/["&'<=>[\]{|}]/g, c => `&#${c.charCodeAt(0)};`)
  out = out.replace(/^([#*:;!\s-])/, c => `&#${c.charCodeAt(0)};`).replace(/\n([#*:;!\s-])/g, (_m, c: string) => `\n&#${c.charCodeAt(0)};`)
  out = out.replaceAll('__', '_&#95;').replaceAll('://', '&#58;//')
  return out.replace(/\b(ISBN|RFC|PMID) /g, '$1&#32;')
}

// ---- time ----

export interface TimeValue {
  time: string
  precision: number
  calendarmodel?: string
  timezone?: number
  before?: number
  after?: number
}

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** TimeValue precisions. */
const PRECISION_YEAR = 9
const PRECISION_MONTH = 10
const PRECISION_DAY = 11

/**
 * How MwTimeIsoFormatter shows the year at precisions coarser than a year: the message
 * (`wikibase-time-precision-<message>`), how the year is rounded to `shift` and multiplied
 * back by `unshift`.
 */
const COARSE_YEAR: Readonly<Record<number, { message: string, rounding: 'round' | 'ceil' | 'floor', shift: number, unshift: number }>> = {
  0: { message: 'Gannum', rounding: 'round', shift: 1e9, unshift: 1 },
  1: { message: 'Mannum', rounding: 'round', shift: 1e8, unshift: 1e2 },
  2: { message: 'Mannum', rounding: 'round', shift: 1e7, unshift: 1e1 },
  3: { message: 'Mannum', rounding: 'round', shift: 1e6, unshift: 1 },
  4: { message: 'annum', rounding: 'round', shift: 1e5, unshift: 1e5 },
  5: { message: 'annum', rounding: 'round', shift: 1e4, unshift: 1e4 },
  6: { message: 'millennium', rounding: 'ceil', shift: 1e3, unshift: 1 },
  7: { message: 'century', rounding: 'ceil', shift: 1e2, unshift: 1 },
  8: { message: '10annum', rounding: 'floor', shift: 1e1, unshift: 1e1 }
}

/**
 * MwTimeIsoFormatter::getLocalizedYear: the year alone, or rounded to the precision with its
 * message (`19. century`, `1980s`, `12 million years BCE`); a year that rounds to 0 falls
 * back to the year; the bare year gets `BCE` when negative and `CE` when it has at most two
 * digits.
 */
function localizedYear (time: string, precision: number, language: string): string {
  const [, sign = '', digits = ''] = /^(\D*)(\d*)/.exec(time) ?? []
  const bce = sign === '-'
  let year = digits
  let message: string | null = null
  const coarse = COARSE_YEAR[precision]
  if (coarse !== undefined) {
    // PHP: (int) the digits, divide as floats, round, multiply back, print without exponent.
    const quotient = Number(digits) / coarse.shift
    const shifted = (coarse.rounding === 'ceil' ? Math.ceil(quotient) : coarse.rounding === 'floor' ? Math.floor(quotient) : Math.round(quotient)) * coarse.unshift
    if (shifted !== 0) {
      year = shifted.toFixed(0)
      message = coarse.message
    }
  }
  year = year.replace(/^0+/, '') || '0'
  if (message === null) {
    if (bce) return clientMessage('wikibase-time-precision-BCE', language, year)
    return year.length <= 2 ? clientMessage('wikibase-time-precision-CE', language, year) : year
  }
  return clientMessage(`wikibase-time-precision-${bce ? 'BCE-' : ''}${message}`, language, year)
}

/**
 * MwTimeIsoFormatter in English (the plain text of `{{#property}}`; the calendar model is not
 * shown): day `2 January 2002`, month `January 2002`, year `2002` (`13 CE`, `500 BCE`),
 * decade `2000s`, century `21. century`, millennium `3. millennium`, coarser precisions in
 * years, millions or billions of years (`13798 million years BCE`). A value it cannot format
 * — finer than a day, a day or month of 0 at that precision — is shown as its ISO timestamp.
 * Month names are English whatever the language; the precision messages follow `language`.
 */
export function formatTime (value: TimeValue, language: string): string {
  const time = String(value.time ?? '')
  const precision = value.precision
  const year = localizedYear(time, precision, language)
  if (precision <= PRECISION_YEAR) return year
  if (precision !== PRECISION_MONTH && precision !== PRECISION_DAY) return time
  const parts = /(\d+)\D+(\d+)\D+(\d+)\D+(\d+)\D+(\d+)\D+(\d+)/.exec(time)
  if (parts === null) return time
  const month = Number(parts[2])
  const day = Number(parts[3])
  if (month === 0 || (precision === PRECISION_DAY && day === 0) || month > 12) return time
  // Language::sprintfDate on a MediaWiki timestamp: the last four digits of the year.
  const mwYear = parts[1]!.slice(-4).padStart(4, '0')
  const date = precision === PRECISION_DAY ? `${day} ${MONTHS_EN[month - 1]!} ${mwYear}` : `${MONTHS_EN[month - 1]!} ${mwYear}`
  if (mwYear === year) return date
  if (date.split(mwYear).length !== 2) return time
  return date.replace(mwYear, () => year) // a function: the year goes in verbatim, never read as a `$` pattern
}

// ---- quantity ----

export interface QuantityValue {
  amount: string
  unit: string
  upperBound?: string
  lowerBound?: string
}

function formatInteger (digits: string, language: string): string {
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

/** DecimalValue::getTrimmed: no trailing zeros after the point, no point without digits; `-0` is `+0`. */
export function trimDecimal (amount: string): string {
  const match = DECIMAL.exec(amount.trim())
  if (match === null) return amount
  const fraction = (match[3] ?? '').replace(/0+$/, '')
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
