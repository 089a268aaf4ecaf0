import { createHash } from 'node:crypto'
import type { PageRef, UpdateCause } from '../../../hooks/contract.js'
import { toMwTimestamp } from '../../changes/entity-change.js'
import { parseChangeType } from '../../changes/stored-change.js'
import { phpJsonEncode } from '../../changes/php-json.js'

/**
 * Root job parameters of ChangeHandler::handleChange (facts §4.2 steps 3–6): the signatures
 * that let the job queue drop duplicate page updates, and the cause agents of the purge and
 * links-refresh jobs. Everything here hashes PHP `json_encode` text, so the signatures equal
 * the ones Wikibase computes for the same data.
 */

/**
 * The change fields a signature reads, in the wire form (a StoredChange, or a row of a
 * Wikibase test). `id` and `info` are the only ones looked at by name; for the `change-hash:`
 * form every field present on the row is hashed, whatever its name (see
 * {@link changeSignature}). `info` is the stored JSON text, or that text decoded.
 */
export interface SignableChange {
  id?: number | string | null
  info?: string | Record<string, unknown>
  [field: string]: unknown
}

/** What the cause agents and the cause action read from a change (wire form). */
export interface CausingChange extends SignableChange {
  type: string
  /** Repo user id; absent (or null) reads as "unknown" for the purge agent. */
  user_id?: number | null
}

/** Root parameters of the three kinds of page update queued for one change. */
export interface ChangeUpdateCauses {
  purge: UpdateCause & { rootJobSignature: string, rootJobTimestamp: string }
  /** Without `rootJobTimestamp` (T233520: it would stop RefreshLinks dedup across roots). */
  refreshLinks: UpdateCause & { rootJobSignature: string }
  /** `<title batch signature>&<change signature>`. */
  recentChanges: { rootJobSignature: string, rootJobTimestamp: string }
}

export interface RootJobOptions {
  /** The notification job's own root timestamp; normally absent. */
  rootJobTimestamp?: string | null
  /** Clock for a missing `rootJobTimestamp`. */
  now?: () => Date
}

function sha1 (text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex')
}

/** PHP truthiness of a scalar: `0`, `'0'`, `''`, `null` and `false` are false. */
function phpTruthy (value: unknown): boolean {
  return !(value === undefined || value === null || value === false || value === 0 || value === '' || value === '0')
}

/**
 * `title-batch:` + sha1 of the PHP JSON of `{pageId: [namespace, dbKey]}` with the pages in
 * ascending page id order. The input order does not matter; a page listed twice counts once.
 * (As in PHP, ids that happen to be exactly 0…n-1 would encode as a list — page ids start at 1.)
 */
export function titleBatchSignature (pages: readonly PageRef[]): string {
  const byId = new Map<number, [number, string]>()
  for (const page of [...pages].sort((a, b) => a.id - b.id)) byId.set(page.id, [page.namespace, page.title])
  return 'title-batch:' + sha1(phpJsonEncode(byId))
}

/**
 * ChangeHandler::getChangeSignature:
 * - `change-id:<id>` when `id` is truthy (PHP sense: `0`, `'0'`, `''`, null are not);
 * - else, when the info holds `change-ids` (a coalesced change), `change-batch:` + those ids
 *   sorted numerically and joined by `,`;
 * - else `change-hash:` + sha1 of the PHP JSON of the row's fields sorted by key (ksort).
 *
 * The hash covers exactly the fields present on the row (`undefined` ones are left out) under
 * the names they have there — nothing is added or renamed. The Wikibase test row (§7.15(c))
 * is `{id: 0, info: {kittens: 13}, time: '20121212121212', type: 'x~y', objectid: 'Q100'}`
 * (note `objectid`, a typo for `object_id` kept by the test, and no `revision_id` or
 * `user_id`): its text is
 * `{"id":0,"info":{"kittens":13},"objectid":"Q100","time":"20121212121212","type":"x~y"}`,
 * sha1 `cadbb4899603593164f06a4754f597fdcb2c07b4`. A full EntityChange row hashes its seven
 * fields. `info` is hashed in its stored form (compact diff as JSON text inside it, as
 * encodeChangeInfo writes it), decoded from JSON text when the row carries it as text.
 */
export function changeSignature (change: SignableChange): string {
  if (phpTruthy(change.id)) return `change-id:${String(change.id)}`
  const info = typeof change.info === 'string' ? JSON.parse(change.info) as unknown : change.info
  const ids = typeof info === 'object' && info !== null ? (info as Record<string, unknown>)['change-ids'] : undefined
  if (ids !== undefined && ids !== null) {
    const list = Array.isArray(ids) ? (ids as unknown[]) : Object.values(ids as object)
    const sorted = [...list].sort((a, b) => Number(a ?? 0) - Number(b ?? 0))
    return 'change-batch:' + sorted.map(id => (id === null || id === undefined ? '' : String(id))).join(',')
  }
  const fields = new Map<string, unknown>()
  for (const key of Object.keys(change).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const value = key === 'info' ? info : change[key]
    if (value === undefined) continue
    fields.set(key, value)
  }
  return 'change-hash:' + sha1(phpJsonEncode(fields))
}

/** Cause agent of the web-cache purge: `uid:<user_id>`, `uid:?` only when the row has no user id. */
export function purgeCauseAgent (change: Pick<CausingChange, 'user_id'>): string {
  return change.user_id === undefined || change.user_id === null ? 'uid:?' : `uid:${change.user_id}`
}

/**
 * Cause agent of the links refresh: `uid:<user_id>`, or `uid:?` when the user id is unset
 * **or 0** — ChangeHandler tests it for truthiness here but not for the purge (facts §9.6).
 */
export function refreshLinksCauseAgent (change: Pick<CausingChange, 'user_id'>): string {
  return phpTruthy(change.user_id) ? `uid:${change.user_id!}` : 'uid:?'
}

/**
 * The root parameters ChangeHandler::handleChange passes on for `change` and the pages it
 * updates: the signature is always the title batch one; the timestamp is the given root
 * timestamp or now (MW format). Purge keeps both; links refresh drops the timestamp;
 * recentchanges append `&` + {@link changeSignature} to the signature. The cause action is
 * the change's action (`update`, `remove`, …).
 */
export function rootJobParams (pages: readonly PageRef[], change: CausingChange, options: RootJobOptions = {}): ChangeUpdateCauses {
  const rootJobSignature = titleBatchSignature(pages)
  const rootJobTimestamp = options.rootJobTimestamp ?? toMwTimestamp((options.now ?? (() => new Date()))())
  const action = parseChangeType(change.type).action
  return {
    purge: { action, agent: purgeCauseAgent(change), rootJobSignature, rootJobTimestamp },
    refreshLinks: { action, agent: refreshLinksCauseAgent(change), rootJobSignature },
    recentChanges: { rootJobSignature: `${rootJobSignature}&${changeSignature(change)}`, rootJobTimestamp }
  }
}
