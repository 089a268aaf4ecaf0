import type { FastifyBaseLogger } from 'fastify'
import type { WikiWorker } from './queue/worker.js'
import type { ResolvedOptions } from './options.js'
import type { WikiDatabase } from './db/wiki-database.js'
import type { SiteGlobalId } from '../hooks/ids.js'
import type { WikiHost } from '../hooks/contract.js'
import type { WikibaseHookBus } from '../hooks/plugin-hooks.js'
import type { ApiSessions } from './action-api/session/api-sessions.js'
import type { EntityChange } from './changes/entity-change.js'
import type { ClientServices } from './client/client-services.js'

/** Everything the plugin's handlers, jobs and routes work with, decorated as `fastify.wikibase`. */
export interface WikibaseRuntime {
  options: ResolvedOptions
  /** This wiki's own database and queue. */
  self: WikiDatabase
  /** The repo's database (client role); `self` when the wiki is its own repo. */
  repo: WikiDatabase | null
  /** Client wikis the repo dispatches to (repo role). */
  clients: ReadonlyMap<SiteGlobalId, WikiDatabase>
  host: WikiHost | undefined
  hooks: WikibaseHookBus<EntityChange>
  log: FastifyBaseLogger
  /** The action API's server-side sessions (every wiki's; also read by the repo's REST API for its CSRF rule). */
  sessions: ApiSessions
  /** The client role's services (built by client/wire.ts); null when the wiki is not a client. */
  client: ClientServices | null
  /** The in-process job runner, when `worker.enabled`. */
  worker: WikiWorker | null
}
