import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * The signature of a change push (repo → remote client, `POST …/wikibase/v1/push`):
 * HMAC-SHA256 with the client's push key over `<push id>.<unix seconds>.<body>`, sent as
 * `sha256=<hex>`. The push id is unique per attempt (a UUID), the timestamp the sending time;
 * the client refuses a push whose time is more than {@link PUSH_REPLAY_WINDOW_SECONDS} away
 * from its clock (expired) and one whose id it has seen within that window (replayed).
 * Pure: no clock, no store.
 */
export const PUSH_HEADERS = {
  id: 'wikibase-push-id',
  timestamp: 'wikibase-push-timestamp',
  signature: 'wikibase-push-signature'
} as const

/** Seconds a push stays acceptable either side of the receiver's clock. */
export const PUSH_REPLAY_WINDOW_SECONDS = 300

export function signPush (key: Buffer, pushId: string, unixSeconds: number, body: string): string {
  return `sha256=${createHmac('sha256', key).update(`${pushId}.${unixSeconds}.`).update(body, 'utf8').digest('hex')}`
}

export type PushCheck =
  | { ok: true }
  | { ok: false, reason: 'malformed' | 'bad-signature' | 'expired' }

/**
 * Checks a push's headers and body against `key` at `nowSeconds` (the replay check — the id
 * seen before — is the receiver's store's). Constant-time signature comparison.
 */
export function checkPush (
  key: Buffer, headers: { id?: string, timestamp?: string, signature?: string }, body: string, nowSeconds: number
): PushCheck {
  const { id, timestamp, signature } = headers
  if (id === undefined || !/^[A-Za-z0-9-]{8,64}$/.test(id)) return { ok: false, reason: 'malformed' }
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed' }
  if (signature === undefined || !/^sha256=[0-9a-f]{64}$/.test(signature)) return { ok: false, reason: 'malformed' }
  const expected = Buffer.from(signPush(key, id, Number(timestamp), body))
  if (!timingSafeEqual(expected, Buffer.from(signature))) return { ok: false, reason: 'bad-signature' }
  if (Math.abs(nowSeconds - Number(timestamp)) > PUSH_REPLAY_WINDOW_SECONDS) return { ok: false, reason: 'expired' }
  return { ok: true }
}
