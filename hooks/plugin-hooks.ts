import { createHooks, type Hookable } from 'hookable'

/**
 * The plugin's own hooks, for other plugins (cf. Wikibase's WikibaseHandleChange(s)).
 * Handlers run in registration order; each receives mutable plain data.
 */
export interface WikibaseHooks {
  /** Repo: before a dispatch job pushes an entity's changes; `targets` may be edited. */
  'dispatch:before': (event: { entityId: string, changeIds: number[], targets: string[] }) => void | Promise<void>
  /** Repo: after the changes were delivered to every target. */
  'dispatch:after': (event: { entityId: string, changeIds: number[], delivered: string[] }) => void | Promise<void>
  /** Client: after a notification's changes were coalesced; `changes` may be edited. */
  'changes:coalesced': (event: { changes: unknown[] }) => void | Promise<void>
  /** Client: pages found affected by one change; `pageIds` may gain or lose pages. */
  'change:affectedPages': (event: { change: unknown, pageIds: number[] }) => void | Promise<void>
  /** Client: after one change was handled (pages refreshed, purged, RC rows queued). */
  'change:handled': (event: { change: unknown, pageIds: number[] }) => void | Promise<void>
  /** Client: usages recorded for a page by one parse, before they are stored. */
  'usage:recorded': (event: { pageId: number, usages: string[] }) => void | Promise<void>
}

export type WikibaseHookBus = Hookable<WikibaseHooks>

export function createWikibaseHooks (): WikibaseHookBus {
  return createHooks<WikibaseHooks>()
}
