/**
 * Type test, compiled by `tsc --noEmit -p .` (not run): the plugin's own hook events are typed,
 * so another plugin reads a change's fields without re-declaring its shape, and misuse fails.
 */
import type { FastifyInstance } from 'fastify'
import type { ChangeHandledEvent, DispatchBeforeEvent } from '../../hooks/contract.js'
import type { EntityChange, WikibasePluginHooks } from '../../plugin/index.js'

declare const app: FastifyInstance

app.wikibase.hooks.hook('change:handled', ({ change, pageIds }) => {
  const id: number | null = change.id
  const pages: number[] = pageIds
  void id
  void pages
  // @ts-expect-error a handled change is the plugin's EntityChange, not unknown: no such field
  void change.noSuchField
})

app.wikibase.hooks.hook('changes:coalesced', event => {
  // @ts-expect-error the coalesced list holds changes only
  event.changes = [{}]
  event.changes = event.changes.filter(change => change.id !== null)
})

app.wikibase.hooks.hook('dispatch:before', (event: DispatchBeforeEvent) => {
  // @ts-expect-error dispatch targets are client site ids (strings)
  event.targets.push(1)
})

export const handled: WikibasePluginHooks['change:handled'] = (event: ChangeHandledEvent<EntityChange>) => { void event.change }
