import { parseEntityId, type EntityId } from '../../../hooks/ids.js'
import { createRedirect, RedirectCreationError } from '../entities/entity-redirector.js'
import { wikibaseApiError } from '../../action-api/api-errors.js'
import type { ApiModule } from '../../action-api/api-module.js'
import { comment, editContext } from './entity-module-call.js'

/**
 * Wikibase's `wbcreateredirect` (repo/includes/Api/CreateRedirect.php): POST with a csrf
 * token, `from` and `to` (required), `bot`. The rules are entity-redirector.ts's; a refusal
 * is the RedirectCreationException's code (`target-is-redirect`, `origin-not-empty` …), a
 * missing entity `no-such-entity`, a malformed id `invalid-entity-id`, missing rights
 * `permissiondenied`, a protected source `protectedpage`. The answer is Wikibase's:
 * `{success: 1, redirect: "<to>"}`. The revision's comment is Wikibase's autocomment
 * (`/* wbcreateredirect:0||Q1|Q2 *\/`), with the `summary` parameter after it when given
 * (an extension: Wikibase's module has no `summary`).
 */
function entityParam (value: string): EntityId {
  return parseEntityId(value.trim().toUpperCase())
}

export const createRedirectModule: ApiModule = {
  mustBePosted: true,
  needsToken: 'csrf',
  run: async call => {
    const from = entityParam(call.params.required('from'))
    const to = entityParam(call.params.required('to'))
    try {
      await createRedirect(editContext(call), from, to, { comment: comment(call, `wbcreateredirect:0||${from}|${to}`), bot: call.params.bool('bot') })
    } catch (error) {
      if (error instanceof RedirectCreationError) throw wikibaseApiError(error.code, error.message, error.parameters)
      throw error
    }
    return { success: 1, redirect: to }
  }
}
