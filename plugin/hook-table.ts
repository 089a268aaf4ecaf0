import type { HostHooks, WikiHost } from '../hooks/contract.js'
import type { Role } from './options.js'
import type { ClientServices } from './client/client-services.js'
import { makeParserFirstCallInitHandler } from './client/hooks/parser-init.js'
import { makeContentAlterParserOutputHandler } from './client/hooks/content-alter-parser-output.js'
import { makeLinksUpdateCompleteHandler } from './client/hooks/links-update-complete.js'
import { makeParserCacheSaveCompleteHandler } from './client/hooks/parser-cache-save-complete.js'
import { makePageDeleteCompleteHandler } from './client/hooks/page-delete.js'
import { makePageMoveCompleteHandler } from './client/hooks/page-move.js'

/**
 * What the repo's host hook handlers are made from: nothing today. The repo handles no host
 * hook: an entity edit's change is saved from what `recordEntityEdit` returns
 * (repo/dispatch/change-notifier.ts), not on RecentChangeSave. The role stays in the table's
 * shape for hooks a repo may come to handle.
 */
export type RepoHookServices = Record<string, never>

/** The services of each role, as the hook table's `make` receives them. */
export interface RoleServices {
  client: ClientServices
  repo: RepoHookServices
}

/**
 * One host hook handled by one role: `make` builds the handler from the role's services
 * (null: not registered, e.g. parser functions when data transclusion is off).
 */
export type HookTableEntry = {
  [R in Role]: {
    [H in keyof HostHooks]: { hook: H, role: R, make: (services: RoleServices[R]) => HostHooks[H] | null }
  }[keyof HostHooks]
}[Role]

/** Every host hook the plugin handles, in registration order. */
export const HOOK_TABLE: readonly HookTableEntry[] = [
  { hook: 'ParserFirstCallInit', role: 'client', make: client => makeParserFirstCallInitHandler(client) },
  { hook: 'ContentAlterParserOutput', role: 'client', make: client => makeContentAlterParserOutputHandler(client) },
  { hook: 'LinksUpdateComplete', role: 'client', make: client => makeLinksUpdateCompleteHandler(client) },
  { hook: 'ParserCacheSaveComplete', role: 'client', make: client => makeParserCacheSaveCompleteHandler(client) },
  { hook: 'PageDeleteComplete', role: 'client', make: client => makePageDeleteCompleteHandler(client) },
  { hook: 'PageMoveComplete', role: 'client', make: client => makePageMoveCompleteHandler(client) }
]

/** Registers the table's handlers on the host's hook bus, for the roles this wiki has (their services given). */
export function registerHostHooks (host: WikiHost, services: RoleServicesOf, table: readonly HookTableEntry[] = HOOK_TABLE): void {
  for (const entry of table) {
    const handler = makeHandler(entry, services)
    if (handler !== null) host.hooks.hook(entry.hook, handler)
  }
}

/** Each role's services; null for a role the wiki does not have. */
export type RoleServicesOf = { [R in Role]: RoleServices[R] | null }

function makeHandler (entry: HookTableEntry, services: RoleServicesOf): HostHooks[keyof HostHooks] | null {
  if (entry.role === 'client') return services.client === null ? null : entry.make(services.client)
  return services.repo === null ? null : entry.make(services.repo)
}
