import { createHash } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { PageRef, ParserContext, ParserOutput } from '../../../hooks/contract.js'
import { withTransaction, type WikiDatabase } from '../../db/wiki-database.js'
import { addJob } from '../../queue/enqueue.js'
import type { ClientParseSession } from '../data-access/client-parse-session.js'
import { identityOf } from './entity-usage.js'
import { newUsagesOfRendering } from './new-usages-of-rendering.js'
import { applyDisabledUsageAspects, getUsages, type DisabledUsageAspects } from './usage-accumulator.js'
import type { EntityUsageModifierLimits } from './usage-deduplicator.js'
import type { SqlUsageTracker } from './sql-usage-tracker.js'

/** What a parser-cache save's usage check works with. */
export interface ParserCacheSaveDeps {
  session: (context: ParserContext) => ClientParseSession
  tracker: Pick<SqlUsageTracker, 'getUsagesForPage'>
  /** This wiki's database and queue: the job goes there. */
  db: Pick<WikiDatabase, 'siteId' | 'pool' | 'queueSchema'>
  modifierLimits: EntityUsageModifierLimits
  disabledUsageAspects: DisabledUsageAspects
  log: Pick<FastifyBaseLogger, 'warn' | 'debug'>
}

/**
 * DataUpdateHookHandler::onParserCacheSaveComplete: a rendering saved outside a links update
 * (another user language, a view after a purge) may use entities the page's stored usages
 * lack; those usages are added by a `wikibase:addUsagesForPage` job (AddUsagesForPageJob),
 * not here, so that a page view never writes usage rows. Returns the identities queued.
 */
export async function queueNewUsagesOfRendering (deps: ParserCacheSaveDeps, page: PageRef, output: ParserOutput, userLanguage: string): Promise<string[]> {
  if (!(page.id >= 1)) {
    deps.log.warn({ page }, 'wikibase: ParserCacheSaveComplete for a page without id; usages not added')
    return []
  }
  const session = deps.session({ page, contentLanguage: userLanguage, userLanguage, output })
  const found = applyDisabledUsageAspects(getUsages(session.accumulation, deps.modifierLimits), deps.disabledUsageAspects)
  if (found.length === 0) return []
  const missing = newUsagesOfRendering(found, await deps.tracker.getUsagesForPage(page.id)).map(identityOf).sort()
  if (missing.length === 0) return []
  // One pending job per page and usage set (the job queue's removeDuplicates).
  const digest = createHash('sha1').update(missing.join('\n')).digest('hex')
  await withTransaction(deps.db.pool, async tx => {
    await addJob(tx, deps.db, 'wikibase:addUsagesForPage', { page: { id: page.id, namespace: page.namespace, title: page.title }, usages: missing },
      { jobKey: `wikibase:addUsagesForPage:${page.id}:${digest}` })
  })
  deps.log.debug({ pageId: page.id, usages: missing.length }, 'wikibase: addUsagesForPage queued for a new rendering')
  return missing
}
