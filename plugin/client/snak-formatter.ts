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
      if (format === 'rich' && snak.datatype === 'url') return text
      return escapeWikitext(text)
    }
    case 'monolingualtext':
      return escapeWikitext(String((value as { text?: unknown }).text ?? ''))
    case 'time':
      return escapeWikitext(formatTime(value as TimeValue, context.language))
    case 'quantity': {
      const quantity = value as QuantityValue
      const unitId = unitEntityId(quantity.unit)
      const unitLabel = unitId === null ? null : (await context.label(unitId)) ?? unitId
      const amount = formatQuantityAmount(quantity, context.language)
      return escapeWikitext(unitLabel === null ? amount : `${amount} ${unitLabel}`)
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

function ordinal (n: number): string {
  const rem100 = n % 100
  if (rem100 >= 11 && rem100 <= 13) return `${n}th`
  return `${n}${({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th'}`
}

/**
 * MwTimeIsoFormatter's English output: day `2 January 2002`, month `January 2002`, year
 * `2002`, decade `2000s`, century `21st century`, millennium `3rd millennium`, coarser
 * precisions as a rounded number of years; BCE years as `500 BCE`. Finer than a day is
 * shown as the day.
 */
export function formatTime (value: TimeValue, _language: string): string {
  const match = /^([+-])(\d+)-(\d\d)-(\d\d)T/.exec(value.time ?? '')
  if (match === null) return String(value.time ?? '')
  const negative = match[1] === '-'
  const year = Number(match[2])
  const month = Number(match[3])
  const day = Number(match[4])
  const era = (text: string): string => negative ? `${text} BCE` : text
  const precision = Math.min(value.precision, 11)
  if (precision === 11 && month >= 1 && day >= 1) return era(`${day} ${MONTHS_EN[month - 1]} ${year}`)
  if (precision >= 10 && month >= 1) return era(`${MONTHS_EN[month - 1]} ${year}`)
  if (precision === 9 || (precision >= 10)) return era(String(year))
  if (precision === 8) return era(`${Math.floor(year / 10) * 10}s`)
  if (precision === 7) return era(`${ordinal(Math.floor((year - 1) / 100) + 1)} century`)
  if (precision === 6) return era(`${ordinal(Math.floor((year - 1) / 1000) + 1)} millennium`)
  const step = 10 ** (9 - precision)
  const rounded = Math.round(year / step) * step
  return negative ? `${formatInteger(String(rounded), 'en')} years BCE` : `${formatInteger(String(rounded), 'en')} years`
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

/** A decimal string (`+1234.50`) localised, keeping every given digit. */
export function formatDecimal (amount: string, language: string): string {
  const match = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(amount.trim())
  if (match === null) return amount
  const sign = match[1] === '-' ? '-' : ''
  const fraction = match[3] === undefined ? '' : `${decimalSeparator(language)}${match[3]}`
  return `${sign}${formatInteger(match[2]!, language)}${fraction}`
}

/** QuantityFormatter: the amount, with `±margin` when the bounds are symmetric and not zero. */
export function formatQuantityAmount (value: QuantityValue, language: string): string {
  const amount = formatDecimal(value.amount, language)
  if (value.upperBound === undefined || value.lowerBound === undefined) return amount
  const upper = Number(value.upperBound) - Number(value.amount)
  const lower = Number(value.amount) - Number(value.lowerBound)
  if (upper === 0 && lower === 0) return amount
  const margin = Math.max(upper, lower)
  const fractionDigits = Math.max(...[value.amount, value.upperBound, value.lowerBound].map(n => n.split('.')[1]?.length ?? 0))
  return `${amount}±${formatDecimal(margin.toFixed(fractionDigits), language)}`
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
