import { ApiError } from './api-errors.js'
import type { ApiCall, ApiModule } from './api-module.js'
import { trueFlag, isFormatVersion2 } from './api-format.js'
import { siteinfo } from './siteinfo.js'
import { tokens, userinfo } from './account-modules.js'
import { listTags, type ListResult } from './tags-list.js'
import { listRecentChanges } from './recent-changes-list.js'
import { userHasRight } from '../user-rights.js'

/**
 * `action=query` with `meta=tokens|siteinfo|userinfo` and `list=tags|recentchanges`. A list
 * that has more to give adds its continuation parameter to `continue` with MediaWiki's
 * `continue: "-||"` (ApiContinuationManager: list modules never hold the batch back, so
 * `batchcomplete` stays).
 */
const LISTS: Readonly<Record<string, (call: ApiCall) => Promise<ListResult>>> = {
  tags: listTags,
  recentchanges: listRecentChanges
}

export const queryModule: ApiModule = {
  run: async call => {
    const query: Record<string, unknown> = {}
    for (const meta of call.params.list('meta')) {
      if (meta === 'tokens') query.tokens = await tokens(call)
      else if (meta === 'siteinfo') Object.assign(query, siteinfo(call))
      else if (meta === 'userinfo') query.userinfo = await userinfo(call)
      else throw new ApiError('unknown_meta', `Unrecognized value for parameter "meta": ${meta}.`)
    }
    const continued: Record<string, string> = {}
    const lists = call.params.list('list')
    // Lists show the wiki's content and history: they need `read` (MediaWiki's query modules are read mode).
    if (lists.length > 0 && !await userHasRight({ host: call.deps.host, user: call.user }, 'read')) {
      throw new ApiError('readapidenied', 'You need read permission to use this module.')
    }
    for (const list of lists) {
      const run = Object.hasOwn(LISTS, list) ? LISTS[list] : undefined
      if (run === undefined) throw new ApiError('unknown_list', `Unrecognized value for parameter "list": ${list}.`)
      const result = await run(call)
      query[list] = result.items
      Object.assign(continued, result.continueWith)
    }
    const answer: Record<string, unknown> = { batchcomplete: trueFlag(isFormatVersion2(call.params)) }
    if (Object.keys(continued).length > 0) answer.continue = { ...continued, continue: '-||' }
    answer.query = query
    return answer
  }
}
