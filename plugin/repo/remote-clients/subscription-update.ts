import { isEntityId, type EntityId } from '../../../hooks/ids.js'
import type { SubscriptionChanges } from '../../repo-reader/subscriptions.js'
import { MAX_SUBSCRIPTION_UPDATE, type SubscriptionUpdateBody } from '../../remote/remote-wire.js'

/**
 * A remote client's subscription update (POST …/wikibase/v1/clients/{siteId}/subscriptions)
 * checked beyond its schema: pure. The schema (remote-client-routes.ts) bounds the lists and
 * the value types; this names the first entry that is wrong, as a JSON Pointer into the body,
 * so the client learns which id to fix. Nothing is written unless the whole update passes.
 */

/** Usage counts per update: one per id the two lists may name. */
export const MAX_COUNTS = 2 * MAX_SUBSCRIPTION_UPDATE

/** The largest page count a client may report (an int column; far above any wiki's page count). */
export const MAX_PAGE_COUNT = 2_000_000_000

export interface UpdateProblem { path: string, message: string }

const pointer = (...segments: Array<string | number>): string =>
  segments.map(s => `/${String(s).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('')

/** The first problem of `body`, or null. */
export function subscriptionUpdateProblem (body: SubscriptionUpdateBody): UpdateProblem | null {
  for (const list of ['subscribe', 'unsubscribe'] as const) {
    const seen = new Set<string>()
    for (const [index, id] of body[list].entries()) {
      if (!isEntityId(id)) return { path: pointer(list, index), message: `${JSON.stringify(id)} is not an entity id` }
      if (seen.has(id)) return { path: pointer(list, index), message: `${id} is named twice` }
      seen.add(id)
    }
  }
  const subscribing = new Set(body.subscribe)
  for (const [index, id] of body.unsubscribe.entries()) {
    if (subscribing.has(id)) return { path: pointer('unsubscribe', index), message: `${id} is both subscribed and unsubscribed` }
  }
  for (const [id, pages] of Object.entries(body.counts ?? {})) {
    if (!isEntityId(id)) return { path: pointer('counts', id), message: `${JSON.stringify(id)} is not an entity id` }
    if (!Number.isSafeInteger(pages) || pages < 0 || pages > MAX_PAGE_COUNT) {
      return { path: pointer('counts', id), message: `the page count must be an integer from 0 to ${MAX_PAGE_COUNT}` }
    }
  }
  return null
}

/** The checked update as the store functions take it. */
export function subscriptionChangesOf (body: SubscriptionUpdateBody): SubscriptionChanges {
  return {
    subscribe: body.subscribe,
    unsubscribe: body.unsubscribe,
    counts: new Map(Object.entries(body.counts ?? {}) as Array<[EntityId, number]>)
  }
}
