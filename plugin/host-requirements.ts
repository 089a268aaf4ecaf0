import type { ClientHostServices, WikiHost } from '../hooks/contract.js'
import { InvalidOptionError } from './errors.js'

/** options.ts's Role (not imported: options.ts checks the host with this module). */
type Role = 'repo' | 'client'

/**
 * Which host services each role needs, with how a host provides each: registration refuses a
 * host that lacks one, naming it (a missing service would otherwise show only as "nothing
 * propagates"). Services a role does not use stay optional for it (hooks/contract.ts groups).
 */
const HOW: Readonly<Record<string, string>> = {
  transaction: 'run fn(tx) in a transaction of the wiki\'s database (a pg PoolClient after BEGIN), commit, return its value',
  recordEntityEdit: 'save the entity page edit as a host revision + recentchanges row in the tx given and resolve to { pageId, revisionId, rcId }',
  pageIdsForTitles: 'resolve titles to the ids of the pages that exist (a Map title → page id)',
  pagesByIds: 'resolve page ids to the records of the pages that exist, in the order asked',
  refreshLinks: 're-parse the pages and save their links (MediaWiki\'s RefreshLinks)',
  purgeWebCache: 'drop the pages\' cached renderings (MediaWiki\'s HTMLCacheUpdate)',
  insertRecentChanges: 'insert the rows into the host\'s recentchanges (in the tx when given) and resolve to their ids'
}

const CLIENT_SERVICES = ['pageIdsForTitles', 'pagesByIds', 'refreshLinks', 'purgeWebCache', 'insertRecentChanges'] as const

export interface HostRequirement {
  service: string
  /** Why this wiki needs it, e.g. `a repo wiki (roles includes 'repo')`. */
  neededFor: string
}

/** The services `roles` need that `services` lacks (or has as something other than a function). */
export function missingHostServices (services: Readonly<Record<string, unknown>>, roles: ReadonlySet<Role>): HostRequirement[] {
  const needed: HostRequirement[] = [{ service: 'transaction', neededFor: 'every wiki with a host' }]
  if (roles.has('repo')) needed.push({ service: 'recordEntityEdit', neededFor: 'a repo wiki (roles includes \'repo\')' })
  if (roles.has('client')) for (const service of CLIENT_SERVICES) needed.push({ service, neededFor: 'a client wiki (roles includes \'client\')' })
  return needed.filter(({ service }) => typeof services[service] !== 'function')
}

/** The registration error for what is missing: each service named, with what it must do. */
export function missingServicesError (missing: readonly HostRequirement[]): InvalidOptionError {
  const reason = ({ service, neededFor }: HostRequirement): string => `is required for ${neededFor}: ${HOW[service] ?? ''}`
  if (missing.length === 1) return new InvalidOptionError(`host.services.${missing[0]!.service}`, `${reason(missing[0]!)} (hooks/contract.ts)`)
  const lines = missing.map(m => `host.services.${m.service} ${reason(m)}`)
  return new InvalidOptionError('host.services', `lacks ${missing.map(m => m.service).join(', ')} (hooks/contract.ts):\n${lines.join('\n')}`)
}

/** Registration fails unless the host offers what the roles need. */
export function assertHostServices (host: WikiHost | undefined, roles: ReadonlySet<Role>): void {
  if (host === undefined) return
  const missing = missingHostServices(host.services as unknown as Record<string, unknown>, roles)
  if (missing.length > 0) throw missingServicesError(missing)
}

/** The host as the client role uses it; registration checked its client services. */
export function clientHost (host: WikiHost | undefined): WikiHost<ClientHostServices> | undefined {
  if (host === undefined) return undefined
  const missing = missingHostServices(host.services as unknown as Record<string, unknown>, new Set<Role>(['client']))
  if (missing.length > 0) throw missingServicesError(missing)
  return host as WikiHost<ClientHostServices>
}
