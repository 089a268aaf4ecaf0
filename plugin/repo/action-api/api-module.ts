import type { FastifyReply, FastifyRequest } from 'fastify'
import type { HostUser } from '../../../hooks/contract.js'
import type { WikibaseRuntime } from '../../runtime.js'
import type { ApiParams } from './api-params.js'
import type { ApiSessions, LiveSession } from '../session/api-sessions.js'
import type { RequestIdentity } from '../session/request-identity.js'
import type { EntityNamespaces } from './entity-output.js'

/** What every action API module gets for one call. */
export interface ApiCall {
  params: ApiParams
  /** Who is calling: the host's `request.wikiUser`, else the session's user, else anonymous. */
  user: HostUser
  /** The caller with its session and what its tokens are bound to. */
  identity: RequestIdentity
  request: FastifyRequest
  reply: FastifyReply
  runtime: WikibaseRuntime
  sessions: ApiSessions
  /** Sets the session cookie to a session started by the module (null: clears it). */
  setSession: (session: LiveSession | null) => void
  namespaces: EntityNamespaces
  /** `/w/api.php` under the route prefix, for links in answers. */
  apiPath: string
}

export interface ApiModule {
  /** Refuse GET (MediaWiki's mustBePosted). */
  mustBePosted?: boolean
  /** Needs the `read` right (MediaWiki's isReadMode; refused with `readapidenied`). */
  readMode?: boolean
  /** The token type the module needs (`csrf` for edits). */
  needsToken?: 'csrf'
  run: (call: ApiCall) => Promise<Record<string, unknown>>
}
