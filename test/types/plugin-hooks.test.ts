/**
 * Type test: `tsc --noEmit -p .` checks the handlers below (never called): the plugin's own hook
 * events are typed, so another plugin reads a change's fields without re-declaring its shape,
 * and a misuse does not compile (each `@ts-expect-error` must meet an error).
 */
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import type { ChangeHandledEvent, DispatchBeforeEvent } from '../../hooks/contract.js'
import type { EntityChange, WikibasePluginHooks } from '../../plugin/index.js'

function registerTypedHandlers (app: FastifyInstance): void {
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

  // The event types from the `./hooks` entry, bound to the plugin's change type from the package entry.
  const logHandled: WikibasePluginHooks['change:handled'] = (event: ChangeHandledEvent<EntityChange>) => { void event.change }
  app.wikibase.hooks.hook('change:handled', logHandled)
}

t.test('the hook event types compile as the handlers above use them', async t => {
  t.type(registerTypedHandlers, 'function')
})
