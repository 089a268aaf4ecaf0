import type { StoredChangeRow } from '../changes/stored-change.js'

/**
 * The HTTP contract between a repo and its remote clients (issue 19), shared by both sides.
 * Every path is under the serving wiki's `routePrefix`.
 *
 * Repo, authenticated with `Authorization: Bearer <token>` (the client's own token; 401
 * `unauthorized` without a valid one, 403 `forbidden` for another site's path or a revoked
 * client, 429 `rate-limited` with `retry-after` beyond the per-credential limit):
 * - `GET  /wikibase/v1/clients/{siteId}/subscriptions?after=<entity id>&limit=<n ≤ 5000>` →
 *   {@link SubscriptionListBody}: the client's rows of `wb_changes_subscription`, by id.
 * - `POST /wikibase/v1/clients/{siteId}/subscriptions` with {@link SubscriptionUpdateBody} →
 *   {@link SubscriptionUpdateAnswer}; the same rows a farm client writes.
 * Public: `GET /wikibase/v1/changes?subscriber=<siteId>` (the change feed; 400 for a site
 * that is neither a configured farm client nor a registered remote one); each event carries
 * `change`, the change in its wire form, when the change has a `wb_changes` row.
 *
 * Client, authenticated by the push signature (./push-signature.ts):
 * - `POST /wikibase/v1/push` with {@link ChangePushBody} → 200 {@link ChangePushAnswer};
 *   401 `bad-signature` | `expired` | `malformed`, 409 `replayed`, 400 for a body that is not
 *   a batch of changes of this client's repo, 413 beyond the body limit.
 */
export const remotePaths = {
  subscriptions: (siteId: string): string => `/wikibase/v1/clients/${encodeURIComponent(siteId)}/subscriptions`,
  push: '/wikibase/v1/push',
  changes: '/wikibase/v1/changes'
} as const

/**
 * The largest push body a client accepts (413 beyond). The repo splits a delivery into pushes
 * of at most half of it (plugin/repo/dispatch/push-chunks.ts), so a large dispatch batch can
 * never become a push every retry refuses.
 */
export const MAX_PUSH_BODY_BYTES = 8 * 1024 * 1024

/** At most this many ids per list of one subscription update. */
export const MAX_SUBSCRIPTION_UPDATE = 1000

export interface SubscriptionUpdateBody {
  subscribe: string[]
  unsubscribe: string[]
  /** Pages of the client using each entity (the repo's usage-count aggregate); optional. */
  counts?: Record<string, number>
}

export interface SubscriptionUpdateAnswer {
  subscribed: number
  unsubscribed: number
}

export interface SubscriptionListBody {
  subscriptions: string[]
  /** Pass as `after` for the next page; null on the last one. */
  next: string | null
}

export interface ChangePushBody {
  /** The repo's site id (the client's `repo.siteId`). */
  repo: string
  /** The client's site id. */
  client: string
  /** Changes of many entities, in change order, as dispatch sends them to farm clients. */
  changes: StoredChangeRow[]
}

export interface ChangePushAnswer {
  accepted: number
}
