import { clientMessage } from '../changes/client-messages.js'

/** MwTimeIsoFormatter (Wikibase lib/includes/Formatters) in English: a time value as text. */

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
    const rounded = coarse.rounding === 'ceil' ? Math.ceil(quotient) : coarse.rounding === 'floor' ? Math.floor(quotient) : Math.round(quotient)
    const shifted = rounded * coarse.unshift
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
  // Anchored: unanchored, a long run of digits was re-read from every position (quadratic).
  const parts = /^\D*(\d+)\D+(\d+)\D+(\d+)\D+(\d+)\D+(\d+)\D+(\d+)/.exec(time)
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
