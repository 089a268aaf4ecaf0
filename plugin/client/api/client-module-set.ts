import type { ApiModuleSet } from '../../action-api/api-module-set.js'
import { CLIENT_INFO_MODULE } from './client-info.js'
import { DESCRIPTION_PROP_MODULE } from './description-module.js'
import { PAGE_TERMS_PROP_MODULE } from './page-terms.js'
import { ENTITY_USAGE_PROP_MODULE, LIST_ENTITY_USAGE_MODULE } from './entity-usage-modules.js'

/**
 * The client's part of api.php (Wikibase client's extension.json: ApiClientInfo as
 * `meta=wikibase`, PageTerms as `prop=pageterms`, ApiPropsEntityUsage as
 * `prop=wbentityusage`, ApiListEntityUsage as `list=wblistentityusage`).
 */
export const CLIENT_MODULE_SET: ApiModuleSet = {
  prop: { description: DESCRIPTION_PROP_MODULE, pageterms: PAGE_TERMS_PROP_MODULE, wbentityusage: ENTITY_USAGE_PROP_MODULE },
  list: { wblistentityusage: LIST_ENTITY_USAGE_MODULE },
  meta: { wikibase: CLIENT_INFO_MODULE },
  extensions: [{ name: 'WikibaseClient', descriptionmsg: 'wikibase-client-desc', page: 'Wikibase_Client' }]
}
