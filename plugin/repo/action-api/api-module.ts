import type { FastifyReply, FastifyRequest } from 'fastify'
import type { HostUser } from '../../../hooks/contract.js'
import type { WikibaseRuntime } from '../../runtime.js'
import type { ApiParams } from './api-params.js'
import type { ApiSession, SessionCodec } from './api-session.js'
import type { EntityNamespaces } from './entity-output.js'

/** What every action API module gets for one call. */
export interface ApiCall {
  params: ApiParams
  /** Who is calling: the host's `request.wikiUser`, else the session's user, else anonymous. */
  user: HostUser
  request: FastifyRequest
  reply: FastifyReply
  runtime: WikibaseRuntime
  sessions: SessionCodec
  /** The session from the cookie (null: none or invalid). */
  session: ApiSession | null
  /** Replaces the session cookie (null: clears it). */
  setSession: (session: ApiSession | null) => void
  namespaces: EntityNamespaces
  /** `/w/api.php` under the route prefix, for links in answers. */
  apiPath: string
}

export interface ApiModule {
  /** Refuse GET (MediaWiki's mustBePosted). */
  mustBePosted?: boolean
  /** The token type the module needs (`csrf` for edits). */
  needsToken?: 'csrf'
  run: (call: ApiCall) => Promise<Record<string, unknown>>
}
