/**
 * Numbers from a query or form (limit, offset, revision ids): ASCII digits only, within the
 * given range; anything else — other scripts' digits, `1e400`, `NaN`, 25 nines — is not a
 * number here, so it never reaches SQL as `NaN` or an out-of-range bigint.
 */
export function integerParam (text: string, range: { min: number, max: number }): number | null {
  if (!/^[0-9]{1,16}$/.test(text)) return null
  const n = Number(text)
  return n >= range.min && n <= range.max ? n : null
}

/** The largest revision/page id the wiki stores (PostgreSQL bigint), as far as a JS number holds it exactly. */
export const MAX_ID = Number.MAX_SAFE_INTEGER
