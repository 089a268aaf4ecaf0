import type { PageId } from '../../../hooks/ids.js'
import type { PropModule } from '../../action-api/api-module-set.js'
import type { QueryPage } from '../../action-api/query-page-set.js'
import type { ApiCall } from '../../action-api/api-module.js'
import type { DescribedPage } from '../description/description-lookup.js'
import { DESCRIPTION_PROP_PARAMS } from './description-prop.js'

/**
 * `prop=description` as a query prop module of the client (Wikibase's client/includes/Api/Description.php):
 * the page set's existing host pages, each with its content language (the host's page
 * record), described by `client.describePages`; `desccontinue` when pages are left.
 */

/** The existing host pages of the page set with their content languages, in the set's order. */
export async function describedPages (call: ApiCall, pages: readonly QueryPage[]): Promise<DescribedPage[]> {
  const ids = pages.filter(p => p.pageid !== undefined && p.missing !== true && p.invalidreason === undefined && p.entity === undefined)
    .map(p => p.pageid as PageId)
  const lookup = call.deps.host?.services.pagesByIds
  if (ids.length === 0 || lookup === undefined) return []
  const languages = new Map((await lookup(ids)).map(record => [record.id, record.contentLanguage]))
  return ids.flatMap(id => {
    const contentLanguage = languages.get(id)
    return contentLanguage === undefined ? [] : [{ id, contentLanguage }]
  })
}

export const DESCRIPTION_PROP_MODULE: PropModule = {
  params: DESCRIPTION_PROP_PARAMS,
  run: async (call, pages) => {
    const client = call.deps.client
    if (client === null || client === undefined) return new Map()
    const continueFrom = call.params.integer('desccontinue')
    const prefer = call.params.oneOf('descprefersource', ['local', 'central'] as const)
    const answer = await client.describePages({
      pages: await describedPages(call, pages),
      ...(continueFrom === undefined ? {} : { continueFrom }),
      ...(prefer === undefined ? {} : { prefer }),
      // MediaWiki gives `apihighlimits` to bots (DefaultSettings' $wgGroupPermissions).
      highLimits: call.user.bot
    })
    const fields = new Map<number, Record<string, unknown>>(answer.fields)
    return answer.continueWith === undefined ? { fields } : { fields, continueWith: answer.continueWith }
  }
}
