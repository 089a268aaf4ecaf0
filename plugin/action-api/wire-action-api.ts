import type { WikiHost } from '../../hooks/contract.js'
import type { WikiDatabase } from '../db/wiki-database.js'
import type { ResolvedOptions } from '../options.js'
import { validationSettingsOf } from '../repo/validation/validation-settings.js'
import type { ActionApiDeps } from './action-api-routes.js'
import type { ApiSessions } from './session/api-sessions.js'
import { moduleSetsFor } from './wiki-module-sets.js'

/**
 * The action API of a wiki that is no repo (a client only): MediaWiki core's modules and the
 * client's, no maxlag source (no replicas, no dispatch), sessions in its own database
 * (migrations/client/020, the same tables a repo has) so login, tokens and logout work as on
 * a repo. A repo wiki's deps come from the repo's wiring (repo/wire.ts), with every set.
 */
export interface ClientOnlyApiWiring {
  options: ResolvedOptions
  self: WikiDatabase
  host: WikiHost | undefined
  sessions: ApiSessions
}

export function clientOnlyActionApi ({ options, self, host, sessions }: ClientOnlyApiWiring): ActionApiDeps {
  return {
    db: self,
    host,
    sessions,
    siteId: options.siteId,
    routePrefix: options.routePrefix,
    bodyLimit: options.bodyLimit,
    maxRequestJsonDepth: options.maxRequestJsonDepth,
    // Not read by the core and client modules; the type is shared with the repo's.
    validation: validationSettingsOf(options.repoSettings),
    roles: options.roles,
    moduleSets: moduleSetsFor(options.roles)
  }
}
