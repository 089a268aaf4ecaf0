import type { FastifyReply, FastifyRequest } from 'fastify'
import type { HostUser, WikiHost } from '../../hooks/contract.js'
import type { WikiDatabase } from '../db/wiki-database.js'
import type { EntityValidationSettings } from '../repo/validation/validation-settings.js'
import type { ApiParams } from './api-params.js'
import type { ApiSessions, LiveSession } from './session/api-sessions.js'
import type { RequestIdentity } from './session/request-identity.js'
import type { EntityNamespaces } from '../repo/action-api/entity-output.js'
import type { ApiWarning, ParamSpecs } from './param-validator.js'
import type { Role } from '../options.js'
import type { ClientServices } from '../client/client-services.js'

/** An extension as siteinfo lists it (its extension.json name, description message, page). */
export interface ApiExtension { name: string, descriptionmsg: string, page: string }

/** What the modules work with, the same for every call. */
export interface ApiModuleDeps {
  /** The repo's own database. */
  db: WikiDatabase
  host: WikiHost | undefined
  /** This wiki's site id (siteinfo's `sitename` and `wikiid`). */
  siteId: string
  routePrefix: string
  /** Limits and allow-lists of entity validation. */
  validation: EntityValidationSettings
  /** The protection levels `action=protect` offers (`repoSettings.restrictionLevels`); default MediaWiki's. */
  restrictionLevels?: readonly string[]
  /** `repoSettings.protectEntitiesUsedOnMoreThan` (usage-protection.ts); null or absent: off. */
  protectEntitiesUsedOnMoreThan?: number | null
  /** The wiki's roles (entity pages and namespaces only on a repo). */
  roles: ReadonlySet<Role>
  /** The extensions siteinfo lists (the roles' module sets'); absent: none. */
  extensions?: readonly ApiExtension[]
  /** Delay of an edit's dispatch job (`repoSettings.dispatchDelay`); default 0. */
  dispatchDelayMs?: number
  /** `repoSettings.dispatchShards`; default 8. */
  dispatchShards?: number
  /** The client role's services (the client modules read usages, descriptions, the repo); null or absent: no client. */
  client?: ClientServices | null
}

/** What every action API module gets for one call. */
export interface ApiCall {
  params: ApiParams
  /** Who is calling: the host's `request.wikiUser`, else the session's user, else anonymous. */
  user: HostUser
  /** The caller with its session and what its tokens are bound to. */
  identity: RequestIdentity
  request: FastifyRequest
  reply: FastifyReply
  deps: ApiModuleDeps
  sessions: ApiSessions
  /** Sets the session cookie to a session started by the module (null: clears it). */
  setSession: (session: LiveSession | null) => void
  namespaces: EntityNamespaces
  /** `/w/api.php` under the route prefix, for links in answers. */
  apiPath: string
  /** Warnings of the call so far; modules add theirs (shown in the answer's `warnings`). */
  warnings: ApiWarning[]
}

export interface ApiModule {
  /** The module's parameters, when it declares them itself (else module-params.ts has them). */
  params?: ParamSpecs
  /** The parameters of the submodules the call selects (query's prop/list/meta), by module path. */
  submodules?: (params: ApiParams) => Array<[string, ParamSpecs]>
  /** Refuse GET (MediaWiki's mustBePosted). */
  mustBePosted?: boolean
  /** Needs the `read` right (MediaWiki's isReadMode; refused with `readapidenied`). */
  readMode?: boolean
  /** The token type the module needs (`csrf` for edits). */
  needsToken?: 'csrf'
  /** Whether the module exists for this host (the host's page modules need its services); absent: always. */
  available?: (host: WikiHost | undefined) => boolean
  run: (call: ApiCall) => Promise<Record<string, unknown>>
}
