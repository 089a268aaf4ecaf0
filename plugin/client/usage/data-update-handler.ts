import type { FastifyBaseLogger } from 'fastify'
import type { PageRecord, ParserContext, ParserOutput, Tx } from '../../../hooks/contract.js'
import type { WikibaseHookBus } from '../../../hooks/plugin-hooks.js'
import type { ClientParseSession } from '../data-access/client-parse-session.js'
import { updateConnectedPageOutput } from '../data-access/connected-page-updater.js'
import { identityOf } from './entity-usage.js'
import { exceedsEntityUsagePerPageLimit, getUsages } from './usage-accumulator.js'
import type { EntityUsageModifierLimits } from './usage-deduplicator.js'
import type { UsageUpdater } from './usage-updater.js'

/** What storing a parse's usages works with. */
export interface DataUpdateDeps {
  /** The parse session of a parser context: its usage accumulation. */
  session: (context: ParserContext) => ClientParseSession
  updater: Pick<UsageUpdater, 'replaceUsagesForPage'>
  modifierLimits: EntityUsageModifierLimits
  entityUsagePerPageLimit: number
  /** The plugin's hook `usage:recorded`. */
  hooks: Pick<WikibaseHookBus, 'callHook'>
  log: Pick<FastifyBaseLogger, 'warn'>
}

/**
 * The usage part of Wikibase's DataUpdateHookHandler (on LinksUpdateComplete): the page's
 * `wbc_entity_usage` rows become the usages of the new parser output, in the host's
 * transaction `tx`, then this client's subscriptions follow (facts §5.6).
 */
export async function storeUsagesOfParse (deps: DataUpdateDeps, page: PageRecord, output: ParserOutput, tx: Tx): Promise<void> {
  if (!(page.id >= 1)) {
    deps.log.warn({ page }, 'wikibase: LinksUpdateComplete for a page without id; usages not stored')
    return
  }
  const session = deps.session({ page, contentLanguage: page.contentLanguage, output })
  // Hosts that do not fire ContentAlterParserOutput: the connected item's `S` is still recorded.
  await updateConnectedPageOutput(session, null)
  const usages = getUsages(session.accumulation, deps.modifierLimits)
  if (exceedsEntityUsagePerPageLimit(usages.length, deps.entityUsagePerPageLimit)) {
    deps.log.warn({ pageId: page.id, usages: usages.length, limit: deps.entityUsagePerPageLimit },
      'wikibase: page uses more entity usages than entityUsagePerPageLimit')
  }
  await deps.hooks.callHook('usage:recorded', { pageId: page.id, usages: usages.map(identityOf) })
  await deps.updater.replaceUsagesForPage(page.id, usages, tx)
}
