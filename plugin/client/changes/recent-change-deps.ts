import type { FastifyBaseLogger } from 'fastify'
import type { HostServices } from '../../../hooks/contract.js'
import type { WikiDatabase } from '../../db/wiki-database.js'
import type { SiteLookup } from '../../sites/site-lookup.js'
import { changeMetadata, type EntityChange } from '../../changes/entity-change.js'
import { messageFormatter } from './client-messages.js'
import type { RecentChangeFactoryDeps } from './recent-change-factory.js'

/** What the RecentChangeFactory's lookups are made from. */
export interface RecentChangeLookups {
  /** This client's database. */
  db: Pick<WikiDatabase, 'siteId' | 'pool' | 'dataSchema'>
  /** Whether the entity source is this wiki's own (a wiki that is its own repo); never for a remote repo. */
  entitySourceIsLocal: boolean
  /** Interwiki prefixes of sites. */
  sites: Pick<SiteLookup, 'getSite'>
  /** The host's user lookup, when it has one. */
  host: { services: Pick<HostServices, 'localUserIdForCentral'> } | undefined
  log: Pick<FastifyBaseLogger, 'warn'>
}

/**
 * The RecentChangeFactory's dependencies for one change. The factory is synchronous, so the
 * asynchronous lookups it needs (interwiki prefixes of the sites in the diff and of the
 * repo, the local user of the change's central user) are done here first.
 */
export async function recentChangeDeps (
  lookups: RecentChangeLookups, change: EntityChange, repoSiteId: string, language: string
): Promise<RecentChangeFactoryDeps> {
  const { db, sites } = lookups
  // An invalid compact diff was decoded as empty: no sites from it.
  const siteIds = new Set([repoSiteId, ...Object.keys(change.compactDiff.siteLinkChanges)])
  const interwiki = new Map<string, string | null>()
  for (const siteId of siteIds) interwiki.set(siteId, (await sites.getSite(siteId))?.interwikiIds[0] ?? null)
  const central = changeMetadata(change).central_user_id ?? 0
  const lookup = lookups.host?.services.localUserIdForCentral
  const localForCentral = lookup !== undefined && central !== 0 ? await lookup(central) : 0
  return {
    localSiteId: db.siteId,
    interwikiIdOf: siteId => interwiki.get(siteId) ?? null,
    msg: messageFormatter({ language, repoName: repoSiteId }),
    repoInterwikiPrefix: interwiki.get(repoSiteId) ?? repoSiteId,
    localUserIdForCentral: lookup === undefined ? undefined : id => (id === central ? localForCentral : null),
    entitySourceIsLocal: lookups.entitySourceIsLocal,
    onWarning: message => lookups.log.warn({ entityId: change.entityId }, message)
  }
}
