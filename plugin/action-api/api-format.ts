import { ApiError } from './api-errors.js'
import type { ApiParams } from './api-params.js'

/**
 * MediaWiki's two JSON result formats: `formatversion=1` (the default) writes a true boolean
 * as `""` and leaves a false one out, and content as `*`; `formatversion=2` (or `latest`)
 * writes real booleans (ApiResult's META_BC_BOOLS and ApiFormatJson).
 */
export function isFormatVersion2 (params: ApiParams): boolean {
  const version = params.string('formatversion')
  return version === '2' || version === 'latest'
}

/** Sets a boolean field of an answer the way the format writes it. */
export function setFlag (out: Record<string, unknown>, key: string, value: boolean, v2: boolean): void {
  if (v2) out[key] = value
  else if (value) out[key] = ''
}

/** A true flag (`batchcomplete`, `success`): `""` in format 1, `true` in format 2. */
export const trueFlag = (v2: boolean): '' | true => v2 ? true : ''

/** The API's default and highest `limit` of list modules (ApiBase::LIMIT_BIG1). */
export const LIMIT_BIG1 = 500

/** A `limit` parameter: default when absent, `max` or anything above `LIMIT_BIG1` is the maximum, below 1 is 1 (MediaWiki clamps). */
export function limitParam (params: ApiParams, name: string, fallback: number): number {
  const value = params.string(name)
  if (value === undefined || value === '') return fallback
  if (value === 'max') return LIMIT_BIG1
  const n = params.integer(name) ?? fallback
  return Math.min(LIMIT_BIG1, Math.max(1, n))
}

/** `YYYYMMDDHHMMSS` (MediaWiki's TS_MW), UTC. */
export function mwTimestamp (time: Date): string {
  return time.toISOString().replace(/[-:T]/g, '').slice(0, 14)
}

/** ISO 8601 without milliseconds (MediaWiki's TS_ISO_8601), as answers show times. */
export function isoTimestamp (time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** A timestamp parameter: TS_MW (14 digits) or ISO 8601; anything else is `badtimestamp`. */
export function timestampParam (params: ApiParams, name: string): Date | undefined {
  const value = params.string(name)
  if (value === undefined || value === '') return undefined
  const mw = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/.exec(value)
  const time = mw !== null
    ? new Date(Date.UTC(Number(mw[1]), Number(mw[2]) - 1, Number(mw[3]), Number(mw[4]), Number(mw[5]), Number(mw[6])))
    : /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value) ? new Date(value) : new Date(NaN)
  if (Number.isNaN(time.getTime())) throw new ApiError('badtimestamp', `Invalid value "${value}" for timestamp parameter "${name}".`)
  return time
}
