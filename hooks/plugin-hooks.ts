import { createHooks, type Hookable } from 'hookable'

/*
 * The plugin's own hooks, for other plugins (cf. Wikibase's WikibaseHandleChange(s)).
 * Handlers run in registration order; each receives mutable plain data.
 *
 * The client's events hand out repo changes. Their type is a parameter here, so that this
 * bottom layer imports nothing from plugin/: the plugin binds it to its change model
 * (plugin/changes' EntityChange) where it creates the bus, and exports the bound event map
 * from the package's entry (`WikibasePluginHooks`).
 */

/**
 * Repo: before a dispatch run pushes an entity's changes; `targets` (client site ids) may be
 * edited. A run holds the changes of many entities (of its shard): it calls this once for each.
 */
export interface DispatchBeforeEvent {
  entityId: string
  changeIds: number[]
  targets: string[]
}

/**
 * Repo: after an entity's changes were delivered (`delivered`: the client site ids that got
 * them in this run or delivery job), once per entity of a run.
 */
export interface DispatchAfterEvent {
  entityId: string
  changeIds: number[]
  delivered: string[]
}

/** Client: a notification's changes after coalescing; `changes` may be edited (filtered, reordered). */
export interface ChangesCoalescedEvent<Change> {
  changes: Change[]
}

/** Client: the pages one change affects (one batch of them); `pageIds` may gain or lose pages. */
export interface ChangeAffectedPagesEvent<Change> {
  change: Change
  pageIds: number[]
}

/** Client: one change was handled: its pages' refresh, purge and recentchanges jobs are queued. */
export interface ChangeHandledEvent<Change> {
  change: Change
  pageIds: number[]
}

/** Client: the usages one parse recorded for a page (identity strings `Q42#L.en`), before they are stored. */
export interface UsageRecordedEvent {
  pageId: number
  usages: string[]
}

/** The plugin's hooks and their events; `Change` is the change type of the client's events. */
export interface WikibaseHooks<Change> {
  'dispatch:before': (event: DispatchBeforeEvent) => void | Promise<void>
  'dispatch:after': (event: DispatchAfterEvent) => void | Promise<void>
  'changes:coalesced': (event: ChangesCoalescedEvent<Change>) => void | Promise<void>
  'change:affectedPages': (event: ChangeAffectedPagesEvent<Change>) => void | Promise<void>
  'change:handled': (event: ChangeHandledEvent<Change>) => void | Promise<void>
  'usage:recorded': (event: UsageRecordedEvent) => void | Promise<void>
}

/**
 * The plugin's hook bus. Without a change type it serves the events that carry no change
 * (dispatch, usage); the plugin's own bus is bound to its change model.
 */
export type WikibaseHookBus<Change = never> = Hookable<WikibaseHooks<Change>>

export function createWikibaseHooks<Change> (): WikibaseHookBus<Change> {
  return createHooks<WikibaseHooks<Change>>()
}
