import type { ApiModuleSet } from './api-module-set.js'
import { ACCOUNT_MODULES } from './account-modules.js'
import { CORE_QUERY_SUBMODULES } from './query-module.js'

/**
 * MediaWiki core's part of every wiki's api.php: `login`, `logout` and `query` with
 * `meta=tokens|siteinfo|userinfo` and `list=recentchanges` (the host's recent changes).
 */
export const CORE_MODULE_SET: ApiModuleSet = { modules: ACCOUNT_MODULES, ...CORE_QUERY_SUBMODULES }
