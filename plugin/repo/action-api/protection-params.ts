/**
 * The parameters of `action=protect` as MediaWiki's ApiProtect reads them
 * (includes/api/ApiProtect.php): pure rules, so their cases are a table test.
 */

/** MediaWiki's wfIsInfinity: the words for "never expires". */
const INFINITY_WORDS = new Set(['infinite', 'indefinite', 'infinity', 'never'])

const UNIT_SECONDS: Readonly<Record<string, number>> = { second: 1, minute: 60, hour: 3600, day: 86_400, week: 604_800 }

export type ExpiryResult = { expiry: Date | null } | { error: 'invalidexpiry' | 'pastexpiry' }

/** Whole seconds: MediaWiki keeps expiries as TS_MW (`YYYYMMDDHHMMSS`). */
const wholeSeconds = (date: Date): Date => new Date(Math.floor(date.getTime() / 1000) * 1000)

function relativeExpiry (count: number, unit: string, now: Date): Date {
  if (unit === 'month' || unit === 'year') {
    const date = new Date(now.getTime())
    if (unit === 'month') date.setUTCMonth(date.getUTCMonth() + count)
    else date.setUTCFullYear(date.getUTCFullYear() + count)
    return date
  }
  return new Date(now.getTime() + count * UNIT_SECONDS[unit]! * 1000)
}

/**
 * An expiry: one of the infinity words (null), a TS_MW or ISO 8601 timestamp (UTC unless it
 * names an offset), or a relative time as PHP's strtotime reads the usual ones (`1 week`,
 * `+3 days`). MediaWiki accepts whatever strtotime does; these are the forms its protect form
 * and clients send. Earlier than `now`: `pastexpiry`.
 */
export function parseExpiry (text: string, now: Date): ExpiryResult {
  const value = text.trim()
  if (INFINITY_WORDS.has(value)) return { expiry: null }
  let date: Date | null = null
  const mw = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/.exec(value)
  const iso = /^(\d{4}-\d\d-\d\d)(?:[T ](\d\d:\d\d(?::\d\d)?(?:\.\d+)?))?(Z|[+-]\d\d:?\d\d)?$/.exec(value)
  const relative = /^\+?(\d{1,6}) ?(second|minute|hour|day|week|month|year)s?$/i.exec(value)
  if (mw !== null) {
    const [, y, mo, d, h, mi, s] = mw.map(Number)
    // MediaWiki's ConvertibleTimestamp refuses a TS_MW that is no real time.
    date = new Date(Date.UTC(y!, mo! - 1, d, h, mi, s))
    if (date.getUTCMonth() !== mo! - 1 || date.getUTCDate() !== d || h! > 23 || mi! > 59 || s! > 59) date = null
  } else if (iso !== null) {
    // A day past the month's end rolls over (2026-02-30 is March 2), as strtotime does.
    date = new Date(`${iso[1]!}T${iso[2] ?? '00:00:00'}${iso[3] ?? 'Z'}`)
  } else if (relative !== null) {
    date = relativeExpiry(Number(relative[1]), relative[2]!.toLowerCase(), now)
  }
  if (date === null || Number.isNaN(date.getTime())) return { error: 'invalidexpiry' }
  if (wholeSeconds(date) < wholeSeconds(now)) return { error: 'pastexpiry' }
  return { expiry: wholeSeconds(date) }
}

/** An expiry as ApiResult::formatExpiry shows it: `infinite`, else ISO 8601 in whole seconds. */
export function formatExpiry (expiry: Date | null): string {
  return expiry === null ? 'infinite' : expiry.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/**
 * One `protections` entry, `type=level` (PHP's explode on `=`: a missing level is the empty
 * string, which no wiki has as a level); `all` lifts the protection (level '').
 */
export function parseProtection (entry: string): { type: string, level: string, given: string } {
  const [type = '', given = ''] = entry.split('=')
  return { type, level: given === 'all' ? '' : given, given }
}

/**
 * The expiries, one per protection: a single one is used for all (ApiProtect), another count
 * is `toofewexpiries`.
 */
export function expiriesFor (expiries: readonly string[], count: number): string[] | null {
  if (expiries.length === count) return [...expiries]
  if (expiries.length === 1) return Array.from({ length: count }, () => expiries[0]!)
  return null
}
