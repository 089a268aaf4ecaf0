import type { ApiModuleSet } from '../../action-api/api-module-set.js'

/**
 * The client's part of api.php (Wikibase client's extension.json: ApiClientInfo as
 * `meta=wikibase`, PageTerms as `prop=pageterms`, ApiPropsEntityUsage as
 * `prop=wbentityusage`, ApiListEntityUsage as `list=wblistentityusage`).
 */
export const CLIENT_MODULE_SET: ApiModuleSet = {
  extensions: [{ name: 'WikibaseClient', descriptionmsg: 'wikibase-client-desc', page: 'Wikibase_Client' }]
}
