import type { Role } from '../options.js'
import type { ApiModuleSet } from './api-module-set.js'
import { CORE_MODULE_SET } from './core-module-set.js'
import { REPO_MODULE_SET } from '../repo/action-api/repo-module-set.js'
import { CLIENT_MODULE_SET } from '../client/api/client-module-set.js'

/** The module sets of a wiki with these roles, in MediaWiki's order: core, then each extension's. */
export function moduleSetsFor (roles: ReadonlySet<Role>): ApiModuleSet[] {
  return [CORE_MODULE_SET, ...(roles.has('repo') ? [REPO_MODULE_SET] : []), ...(roles.has('client') ? [CLIENT_MODULE_SET] : [])]
}
