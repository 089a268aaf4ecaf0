import { entityIdOfValue, formatGlobeCoordinate, formatQuantityAmount, formatTime, unitEntityId } from '../../plugin/client/data-access/snak-formatter.js'
import { escapeHtml } from '../engine/wikitext-renderer.js'
import { pageUrl } from '../engine/titles.js'
import { autonymOf } from './language-names.js'

/**
 * The HTML of a snak's value on an entity page, as Wikibase's repo shows it (the rich
 * formatters of WikibaseValueFormatterBuilders): an entity by its label, linked to its page
 * (its id when it has no label in the language); quantities with their bounds and unit
 * label; times by precision; coordinates in degrees, minutes and seconds; URLs and Commons
 * files as links; monolingual text with its language's name. Every piece of the value is
 * escaped; a URL becomes a link only when it is http(s).
 */
export interface Snak {
  snaktype: string
  property: string
  datatype?: string
  datavalue?: { type: string, value: any }
}

export interface ValueHtmlContext {
  language: string
  /** The label of an entity in `language` (with fallback), if it has one. */
  labelOf: (id: string) => string | undefined
}

export function entityPageUrl (id: string): string {
  return pageUrl(`${id.startsWith('P') ? 'Property' : 'Item'}:${id}`)
}

/** `<a href="/wiki/Item:Q5">human</a>`, or the id when there is no label. */
export function entityLinkHtml (id: string, context: Pick<ValueHtmlContext, 'labelOf'>): string {
  const label = context.labelOf(id)
  const text = label === undefined ? id : label
  return `<a href="${escapeHtml(entityPageUrl(id))}" title="${escapeHtml(id)}"${label === undefined ? ' class="no-label"' : ''}>${escapeHtml(text)}</a>`
}

function isHttpUrl (text: string): boolean {
  try {
    const url = new URL(text)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

function stringHtml (datatype: string | undefined, text: string): string {
  if (datatype === 'url' && isHttpUrl(text)) return `<a class="external" rel="nofollow" href="${escapeHtml(text)}">${escapeHtml(text)}</a>`
  if (datatype === 'commonsMedia') {
    // CommonsLinkFormatter: the file's page on Commons.
    const href = `https://commons.wikimedia.org/wiki/File:${encodeURIComponent(text.replaceAll(' ', '_'))}`
    return `<a class="extiw" href="${escapeHtml(href)}">${escapeHtml(text)}</a>`
  }
  return escapeHtml(text)
}

function quantityHtml (value: any, context: ValueHtmlContext): string {
  const amount = escapeHtml(formatQuantityAmount({
    amount: String(value?.amount ?? ''),
    unit: String(value?.unit ?? '1'),
    ...(value?.upperBound === undefined ? {} : { upperBound: String(value.upperBound) }),
    ...(value?.lowerBound === undefined ? {} : { lowerBound: String(value.lowerBound) })
  }, context.language))
  const unit = quantityUnit(value?.unit)
  return unit === null ? amount : `${amount} ${entityLinkHtml(unit, context)}`
}

/** The unit item of a quantity; null for "1" and Q199 (WikibaseValueFormatterBuilders' unitOneUris). */
function quantityUnit (unit: unknown): string | null {
  const id = unitEntityId(unit)
  return id === 'Q199' ? null : id
}

const JULIAN = 'http://www.wikidata.org/entity/Q1985786'

function timeHtml (value: any, context: ValueHtmlContext): string {
  const precision = Number(value?.precision)
  const text = formatTime({ time: String(value?.time ?? ''), precision: Number.isInteger(precision) ? precision : 11 }, context.language)
  // The repo marks Julian dates (HtmlTimeFormatter's calendar note).
  const julian = value?.calendarmodel === JULIAN ? '<sup class="wb-calendar-name">Julian</sup>' : ''
  return escapeHtml(text) + julian
}

/** The value of a snak (a statement's main snak or a qualifier) as HTML. */
export function snakValueHtml (snak: Snak, context: ValueHtmlContext): string {
  if (snak.snaktype === 'novalue') return '<span class="wikibase-snakview-variation-novaluesnak">no value</span>'
  if (snak.snaktype === 'somevalue') return '<span class="wikibase-snakview-variation-somevaluesnak">unknown value</span>'
  const dv = snak.datavalue
  if (dv === undefined || dv === null) return ''
  const value = dv.value
  switch (dv.type) {
    case 'wikibase-entityid': {
      const id = entityIdOfValue(value)
      return id === null ? `<code>${escapeHtml(JSON.stringify(value))}</code>` : entityLinkHtml(id, context)
    }
    case 'string': return stringHtml(snak.datatype, String(value))
    case 'monolingualtext': {
      const language = String(value?.language ?? '')
      return `<span lang="${escapeHtml(language)}">${escapeHtml(String(value?.text ?? ''))}</span> ` +
        `<span class="wb-monolingualtext-language-name">(${escapeHtml(autonymOf(language))})</span>`
    }
    case 'time': return timeHtml(value, context)
    case 'quantity': return quantityHtml(value, context)
    case 'globecoordinate': {
      const latitude = Number(value?.latitude)
      const longitude = Number(value?.longitude)
      if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return escapeHtml(JSON.stringify(value))
      return escapeHtml(formatGlobeCoordinate({ latitude, longitude, precision: typeof value?.precision === 'number' ? value.precision : null }))
    }
    default: return `<code>${escapeHtml(JSON.stringify(value))}</code>`
  }
}

/** The entity ids a snak's value shows (to look their labels up in one go). */
export function entityIdsOfSnak (snak: Snak): string[] {
  const value = snak.datavalue?.value
  const id = snak.datavalue?.type === 'wikibase-entityid' ? entityIdOfValue(value) : snak.datavalue?.type === 'quantity' ? quantityUnit(value?.unit) : null
  return id === null ? [] : [id]
}
