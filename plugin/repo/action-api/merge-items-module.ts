import { parseEntityId, type EntityId } from '../../../hooks/ids.js'
import { MERGE_CONFLICT_TYPES, type MergeConflictType } from '../entities/change-ops-merge.js'
import { ItemMergeError, mergeItemsInto } from '../entities/item-merger.js'
import { wikibaseApiError } from '../../action-api/api-errors.js'
import type { ApiModule } from '../../action-api/api-module.js'
import { editContext } from './entity-module-call.js'
import { newGuid } from './statement-guid.js'

/**
 * Wikibase's `wbmergeitems` (repo/includes/Api/MergeItems.php): POST with a csrf token,
 * `fromid` and `toid` (required), `ignoreconflicts` (`description|sitelink|statement`),
 * `summary`, `bot`, `tags`. The merge is item-merger.ts's; a refusal is the
 * ItemMergeException's code (`no-such-entity`, `cant-load-entity-content`, `not-item`,
 * `cant-merge-self`, `failed-modify` with ChangeOpsMerge's message), missing rights
 * `permissiondenied`, a protected item `protectedpage`. The answer is Wikibase's:
 * `{success: 1, redirected: 0|1, from: {id, lastrevid}, to: {id, lastrevid}}`, the source's
 * revision being its merge edit (not the redirect after it), as ItemMergeInteractor returns it.
 */
function itemParam (value: string): EntityId {
  return parseEntityId(value.trim().toUpperCase())
}

export const mergeItemsModule: ApiModule = {
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    const fromId = itemParam(call.params.required('fromid'))
    const toId = itemParam(call.params.required('toid'))
    // The parameter validator has already refused values outside MERGE_CONFLICT_TYPES.
    const ignoreConflicts = call.params.list('ignoreconflicts').filter((v): v is MergeConflictType => (MERGE_CONFLICT_TYPES as readonly string[]).includes(v))
    const tags = call.params.list('tags')
    try {
      const summary = call.params.string('summary')
      const result = await mergeItemsInto(editContext(call), fromId, toId, newGuid, {
        ignoreConflicts,
        bot: call.params.bool('bot'),
        ...(summary === undefined ? {} : { summary }),
        ...(tags.length === 0 ? {} : { tags })
      })
      return {
        success: 1,
        redirected: result.redirected ? 1 : 0,
        from: { id: result.from.id, lastrevid: result.from.revision.revisionId },
        to: { id: result.to.id, lastrevid: result.to.revision.revisionId }
      }
    } catch (error) {
      if (error instanceof ItemMergeError) throw wikibaseApiError(error.code, error.message, [error.message])
      throw error
    }
  }
}
