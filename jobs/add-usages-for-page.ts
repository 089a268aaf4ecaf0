import { defineTask, type TaskDefinition } from '../plugin/queue/task-definition.js'
import { AddUsagesForPagePayload } from '../plugin/queue/task-payloads.js'
import { parsePageId } from '../hooks/ids.js'
import { withTransaction, type WikiDatabase } from '../plugin/db/wiki-database.js'
import { newEntityUsageFromIdentity } from '../plugin/client/usage/entity-usage.js'
import type { UsageUpdater } from '../plugin/client/usage/usage-updater.js'

/** What wikibase:addUsagesForPage works with: this client's database and usage updater. */
export interface AddUsagesForPageDeps {
  db: Pick<WikiDatabase, 'pool'>
  updater: Pick<UsageUpdater, 'addUsagesForPage'>
}

/**
 * wikibase:addUsagesForPage (AddUsagesForPageJob): adds the usages a new rendering of the
 * page found (queued on ParserCacheSaveComplete) and subscribes to entities that were unused.
 */
export function makeAddUsagesForPageTask (deps: AddUsagesForPageDeps): TaskDefinition<typeof AddUsagesForPagePayload> {
  return defineTask({
    name: 'wikibase:addUsagesForPage',
    payload: AddUsagesForPagePayload,
    run: async ({ page, usages }) => {
      const pageId = parsePageId(page.id)
      await withTransaction(deps.db.pool, async tx => {
        await deps.updater.addUsagesForPage(pageId, usages.map(newEntityUsageFromIdentity), tx)
      })
    }
  })
}
